/**
 * The one outbound HTTP client for every request the server makes to a URL that came from a user
 * or a network (webhooks, network APIs, avatars, link cards, media, beacons).
 *
 * - Names are resolved here, at connect time, and every address is checked (address-policy.ts), so
 *   DNS rebinding cannot pass a check made earlier: undici asks our connector for each new socket.
 * - Redirects are followed by hand, each hop through the same connector and scheme check; the
 *   Authorization and Cookie headers are dropped when a redirect leaves the origin.
 * - Every request has a deadline (connect, headers and body together) and a response size cap.
 */
import { lookup as dnsLookup } from 'node:dns/promises'
import ipaddr from 'ipaddr.js'
import { Agent, buildConnector, fetch as undiciFetch } from 'undici'
import { type AllowEntry, blockedReason, isAllowListed, isLoopbackName } from './address-policy.js'

/** A request refused because its target (or a redirect's) is not a public address. */
export class OutboundBlockedError extends Error {
  override name = 'OutboundBlockedError'
}

/** A response larger than the client's cap. */
export class OutboundTooLargeError extends Error {
  override name = 'OutboundTooLargeError'
}

/** Resolves a host name to its addresses (injectable so tests can play a rebinding resolver). */
export type Resolver = (hostname: string) => Promise<string[]>

export interface OutboundOptions {
  /** Private targets an install really needs (TOWNHALL_OUTBOUND_ALLOW). */
  allow: AllowEntry[]
  /** Deadline of one request including redirects and the body; 10 s by default. */
  timeoutMs?: number
  /** Largest response body; 5 MiB by default. */
  maxResponseBytes?: number
  /** Redirects followed; 5 by default. */
  maxRedirects?: number
  resolver?: Resolver
}

/** What `OutboundClient.fetch` accepts: a URL or a Request, and the usual init. */
export type OutboundFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

export interface OutboundClient {
  /** fetch() with the guard, the deadline, the redirect check and the size cap. */
  fetch: OutboundFetch
  /**
   * Why `url` may not be used as a target, or null. For input checks when a URL is saved; the
   * connect-time check still applies to every request. A name that does not resolve now passes.
   */
  refusal(url: string): Promise<string | null>
  close(): Promise<void>
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])
const NULL_BODY = new Set([101, 204, 205, 304])

const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address)

function bare(hostname: string): string {
  return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname
}

function defaultPort(protocol: string): number {
  return protocol === 'https:' ? 443 : 80
}

export function createOutboundClient(opts: OutboundOptions): OutboundClient {
  const timeoutMs = opts.timeoutMs ?? 10_000
  const maxBytes = opts.maxResponseBytes ?? 5 * 1024 * 1024
  const maxRedirects = opts.maxRedirects ?? 5
  const resolve = opts.resolver ?? systemResolver

  /** An address literal as it is; `localhost` as loopback without asking DNS; other names resolved. */
  async function addressesOf(host: string): Promise<string[]> {
    if (ipaddr.isValid(host)) return [host]
    if (isLoopbackName(host)) return ['127.0.0.1']
    return resolve(host)
  }

  /** The first of `addresses` for host:port, or an OutboundBlockedError when any is refused. */
  function pick(host: string, addresses: string[], port: number): string {
    if (addresses.length === 0) throw new OutboundBlockedError(`${host} has no address`)
    for (const address of addresses) {
      if (isAllowListed(opts.allow, host, address, port)) continue
      const reason = blockedReason(address)
      if (reason) throw new OutboundBlockedError(`${host} resolves to ${address}, which ${reason}`)
    }
    return addresses[0] as string
  }

  /** The address to connect to for host:port, resolved now, or an OutboundBlockedError. */
  async function permitted(hostname: string, port: number): Promise<string> {
    const host = bare(hostname)
    return pick(host, await addressesOf(host), port)
  }

  const base = buildConnector({ timeout: timeoutMs })
  const agent = new Agent({
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connect: (options, callback) => {
      const port = Number(options.port) || defaultPort(options.protocol)
      permitted(options.hostname, port).then(
        // @NOTE `host` keeps the name, so TLS still verifies the certificate against it (SNI).
        (address) => base({ ...options, hostname: address }, callback),
        (err: Error) => callback(err, null),
      )
    },
  })

  function checkScheme(url: URL): void {
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new OutboundBlockedError(`${url.protocol} URLs are not fetched`)
  }

  function capped(res: Response): Response {
    const declared = Number(res.headers.get('content-length'))
    if (Number.isFinite(declared) && declared > maxBytes)
      throw new OutboundTooLargeError(`response of ${declared} bytes is over the ${maxBytes}-byte cap`)
    if (!res.body || NULL_BODY.has(res.status)) return res
    let seen = 0
    const limit = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength
        if (seen > maxBytes)
          controller.error(new OutboundTooLargeError(`response is over the ${maxBytes}-byte cap`))
        else controller.enqueue(chunk)
      },
    })
    const out = new Response(res.body.pipeThrough(limit), {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    })
    Object.defineProperty(out, 'url', { value: res.url })
    return out
  }

  const guardedFetch: OutboundFetch = async (input, init = {}) => {
    const req = input instanceof Request ? input : undefined
    let url = new URL(req ? req.url : input.toString())
    let method = (init.method ?? req?.method ?? 'GET').toUpperCase()
    const headers = new Headers(init.headers ?? req?.headers)
    let body: RequestInit['body'] = init.body ?? (req?.body ? await req.arrayBuffer() : undefined)
    const signal = init.signal
      ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)])
      : AbortSignal.timeout(timeoutMs)
    for (let hop = 0; ; hop++) {
      checkScheme(url)
      let res: Response
      try {
        res = (await undiciFetch(url, {
          method,
          headers: headers as never,
          body: body as never,
          redirect: 'manual',
          signal,
          dispatcher: agent,
          ...(body instanceof ReadableStream && { duplex: 'half' }),
        })) as unknown as Response
      } catch (err) {
        const cause = (err as { cause?: unknown }).cause
        if (cause instanceof OutboundBlockedError) throw cause
        throw err
      }
      const location = res.headers.get('location')
      const follow = init.redirect === undefined || init.redirect === 'follow'
      if (!follow || !REDIRECTS.has(res.status) || !location) return capped(res)
      await res.body?.cancel()
      if (hop >= maxRedirects) throw new OutboundBlockedError(`more than ${maxRedirects} redirects`)
      const next = new URL(location, url)
      if (next.origin !== url.origin) {
        headers.delete('authorization')
        headers.delete('cookie')
      }
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET'
        body = undefined
        headers.delete('content-type')
        headers.delete('content-length')
      }
      url = next
    }
  }

  return {
    fetch: guardedFetch,
    async refusal(raw) {
      let url: URL
      try {
        url = new URL(raw)
        checkScheme(url)
      } catch {
        return 'must be an http(s) URL'
      }
      const host = bare(url.hostname)
      const port = Number(url.port) || defaultPort(url.protocol)
      const addresses = await addressesOf(host).catch(() => [] as string[])
      // @NOTE a name that does not resolve now may later; the connect-time check still guards it.
      if (addresses.length === 0) return null
      try {
        pick(host, addresses, port)
        return null
      } catch (err) {
        if (err instanceof OutboundBlockedError)
          return 'points to a loopback, private or otherwise internal address; list it in TOWNHALL_OUTBOUND_ALLOW if this install really needs it'
        throw err
      }
    },
    close: () => agent.close(),
  }
}
