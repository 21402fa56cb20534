import type { Role } from '../api.js'

/** What each role may do, in one line, for pickers and invitations. */
export const ROLE_DESCRIPTION: Record<Role, string> = {
  owner: 'Full control of the workspace, including other owners',
  admin: 'Manages members, settings, presences and channels',
  manager: 'Manages presences and channels; approves and publishes posts',
  agent: 'Answers the inbox and drafts posts',
  executive: 'Publishes and answers as their own presence; sees their reports',
  viewer: 'Sees everything, changes nothing',
}
