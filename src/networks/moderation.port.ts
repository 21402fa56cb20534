/**
 * Moderation through the Network port: what care teams do most after replying (hide or unhide a
 * comment, delete it, like it, hide a spammer from the Page). Optional: an adapter offers it by
 * listing actions in `moderation` and implementing `moderate`; `moderateOn` answers "unsupported"
 * (invalid-content on the field `action`, never retried, channel health untouched) for the rest,
 * which is how the Sandbox and Bluesky answer today.
 */
import { type Network, NetworkError } from './network.port.js'

/**
 * hide / unhide: hidden from everyone but the author and their friends (Facebook) or everyone but
 * the author (Instagram); delete: removed; like / unlike as the channel's account; ban-author: the
 * comment is hidden and its author blocked from the Page ("hide from the Page" for spam).
 */
export type ModerationAction = 'hide' | 'unhide' | 'delete' | 'like' | 'unlike' | 'ban-author'

export const MODERATION_ACTIONS: readonly ModerationAction[] = [
  'hide',
  'unhide',
  'delete',
  'like',
  'unlike',
  'ban-author',
]

export interface ModerationTarget {
  /** Remote id of the comment, reply or visitor post. */
  remoteId: string
  /** Its author's remote id; needed for ban-author. */
  authorRemoteId?: string | null
}

/** A Network that moderates what others wrote on the channel's account. */
export interface ModeratingNetwork extends Network {
  /** The actions this network offers. */
  readonly moderation: readonly ModerationAction[]
  moderate(target: ModerationTarget, action: ModerationAction): Promise<void>
}

/** The moderation actions `network` offers (none when it does not moderate). */
export function moderationOf(network: Network): readonly ModerationAction[] {
  const m = (network as Partial<ModeratingNetwork>).moderation
  return Array.isArray(m) ? m : []
}

/** Runs `action` on `network`, or throws invalid-content on `action` when the network does not offer it. */
export async function moderateOn(
  network: Network,
  target: ModerationTarget,
  action: ModerationAction,
): Promise<void> {
  const n = network as Partial<ModeratingNetwork>
  if (!n.moderate || !moderationOf(network).includes(action))
    throw new NetworkError(
      {
        kind: 'invalid-content',
        field: 'action',
        reason: `${network.capabilities.label} does not let us ${action.replace('-', ' the ')} here`,
      },
      `${network.capabilities.label} does not support ${action}`,
    )
  await n.moderate(target, action)
}
