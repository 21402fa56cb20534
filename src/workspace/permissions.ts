/**
 * The permission matrix (documented in docs/permissions.md). Enforced server-side by every route
 * through `authorize`. An executive can always act on their *own* person presence, whatever the row says.
 */
export const ROLES = ['owner', 'admin', 'manager', 'agent', 'executive', 'viewer'] as const
export type MemberRole = (typeof ROLES)[number]

/**
 * The roles conversations can be assigned to (by hand or round robin), and so the only ones with an
 * Available/Away switch: an executive works their own presence's inbox and a viewer only reads.
 */
export const ASSIGNABLE_ROLES = [
  'owner',
  'admin',
  'manager',
  'agent',
] as const satisfies readonly MemberRole[]

export function isAssignable(role: string): boolean {
  return (ASSIGNABLE_ROLES as readonly string[]).includes(role)
}

export const ACTIONS = {
  'workspace.read': ['owner', 'admin', 'manager', 'agent', 'executive', 'viewer'],
  'workspace.settings': ['owner', 'admin'],
  'members.read': ['owner', 'admin', 'manager', 'agent', 'executive', 'viewer'],
  'members.invite': ['owner', 'admin'],
  'members.manage': ['owner', 'admin'],
  'presence.read': ['owner', 'admin', 'manager', 'agent', 'executive', 'viewer'],
  'presence.manage': ['owner', 'admin', 'manager'],
  'channel.read': ['owner', 'admin', 'manager', 'agent', 'executive', 'viewer'],
  'channel.manage': ['owner', 'admin', 'manager'],
  'post.read': ['owner', 'admin', 'manager', 'agent', 'executive', 'viewer'],
  'post.draft': ['owner', 'admin', 'manager', 'agent'],
  'post.delete-others': ['owner', 'admin', 'manager'],
  'post.approve': ['owner', 'admin', 'manager'],
  'post.publish': ['owner', 'admin', 'manager'],
  'inbox.read': ['owner', 'admin', 'manager', 'agent', 'viewer'],
  'inbox.reply': ['owner', 'admin', 'manager', 'agent'],
  'inbox.rules': ['owner', 'admin', 'manager'],
  'reports.read': ['owner', 'admin', 'manager', 'executive', 'viewer'],
  'audit.read': ['owner', 'admin'],
  'strategy.read': ['owner', 'admin', 'manager', 'agent', 'executive', 'viewer'],
  'strategy.manage': ['owner', 'admin', 'manager'],
  'presence.freeze': ['owner', 'admin', 'manager'],
  'campaign.read': ['owner', 'admin', 'manager', 'agent', 'executive', 'viewer'],
  'campaign.manage': ['owner', 'admin', 'manager'],
  'public-page.manage': ['owner', 'admin', 'manager'],
} as const satisfies Record<string, readonly MemberRole[]>

export type Action = keyof typeof ACTIONS

/** Actions an executive may take on the person presence that belongs to them. */
const OWN_PRESENCE_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  'presence.manage',
  'channel.manage',
  'post.draft',
  'post.delete-others',
  'post.approve',
  'post.publish',
  'inbox.read',
  'inbox.reply',
  'reports.read',
  'strategy.manage',
  'presence.freeze',
])

export interface PermissionSubject {
  /** The member id that owns the presence the action is about, if any. */
  presenceOwnerMemberId?: string | null
}

export function isRole(value: unknown): value is MemberRole {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/** True when a member with `role` (and id `memberId`) may take `action` on `subject`. */
export function can(
  role: MemberRole,
  action: Action,
  memberId?: string,
  subject?: PermissionSubject,
): boolean {
  if ((ACTIONS[action] as readonly MemberRole[]).includes(role)) return true
  return (
    OWN_PRESENCE_ACTIONS.has(action) &&
    subject?.presenceOwnerMemberId != null &&
    subject.presenceOwnerMemberId === memberId
  )
}

/** Rank used so that only an owner can create or demote owners and admins cannot touch owners. */
export function roleRank(role: MemberRole): number {
  return { owner: 5, admin: 4, manager: 3, agent: 2, executive: 2, viewer: 1 }[role]
}
