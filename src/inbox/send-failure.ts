import { conflict, DomainError, invalid } from '../core/errors.js'
import type { NetworkError } from '../networks/network.port.js'

/**
 * What the person sending a reply or a direct message is told when the network refuses it.
 * Only a network that is down or unsure (transient, unknown outcome) is a 503; a recipient or message
 * that no longer exists, or a channel whose sign-in expired, is something the sender can act on (409).
 */
export function sendFailure(err: NetworkError, what: 'reply' | 'message'): DomainError {
  const f = err.failure
  switch (f.kind) {
    case 'invalid-content':
      return invalid('text', f.reason)
    case 'rate-limited':
      return new DomainError('rate-limited', err.message, {
        retryAfterSeconds: Math.ceil(f.retryAfterMs / 1000),
      })
    case 'not-found':
      return conflict(
        what === 'reply'
          ? 'The message this answers no longer exists on the network'
          : "The customer's account no longer exists on the network",
      )
    case 'auth-expired':
      return conflict("The channel's sign-in has expired; reconnect the channel, then send again")
    default:
      return new DomainError('unavailable', `The network did not take the ${what}: ${err.message}`)
  }
}
