/**
 * Screening of collected entries: rule breaks and likely bots, each flagged with its reason. Pure:
 * the same entries and rules always give the same flags. Flagged entries stay out of the frozen list
 * unless the organiser restores them (with a note, in the public log).
 */
import type { Eligibility } from './campaign.types.js'

export interface ScreenedEntry {
  id: string
  handle: string
  authorRemoteId: string
  personKey: string
  avatarUrl: string | null
  followerCount: number | null
  accountCreatedAt: number | null
  text: string | null
  enteredAt: number
}

const DAY = 86_400_000
/** Accounts younger than this look like throwaways even when the rules ask for less. */
const NEW_ACCOUNT_DAYS = 7
/** This many entries with the same text within the window is a burst. */
const BURST_COUNT = 3
const BURST_WINDOW_MS = 10 * 60_000

const normal = (text: string) =>
  text
    .toLowerCase()
    .replace(/@[\w.-]+/g, '')
    .replace(/[^\p{L}\p{N}#]+/gu, ' ')
    .trim()

/** Reasons per entry id (entries with none are absent). */
export function screenEntries(
  entries: readonly ScreenedEntry[],
  rules: Eligibility,
  now: number,
): Map<string, string[]> {
  const flags = new Map<string, string[]>()
  const flag = (id: string, reason: string) => {
    const list = flags.get(id) ?? []
    if (!list.includes(reason)) list.push(reason)
    flags.set(id, list)
  }
  const excluded = new Set(rules.excludedHandles.map((h) => h.replace(/^@/, '').toLowerCase()))
  for (const e of entries) {
    if (excluded.has(e.handle.toLowerCase())) flag(e.id, 'excluded account')
    if (e.followerCount !== null && e.followerCount < rules.minFollowers)
      flag(e.id, `fewer than ${rules.minFollowers} followers`)
    if (e.accountCreatedAt !== null) {
      const ageDays = (Math.min(now, e.enteredAt) - e.accountCreatedAt) / DAY
      if (ageDays < rules.minAccountAgeDays)
        flag(e.id, `account younger than ${rules.minAccountAgeDays} days`)
      else if (ageDays < NEW_ACCOUNT_DAYS) flag(e.id, 'new account')
    }
    if (!e.avatarUrl) flag(e.id, 'no avatar')
  }
  // identical text from several accounts within minutes
  const byText = new Map<string, ScreenedEntry[]>()
  for (const e of entries) {
    if (!e.text) continue
    const key = normal(e.text)
    if (key.length < 3) continue
    const list = byText.get(key) ?? []
    list.push(e)
    byText.set(key, list)
  }
  for (const list of byText.values()) {
    const sorted = [...list].sort((a, b) => a.enteredAt - b.enteredAt)
    for (let i = 0; i < sorted.length; i++) {
      const window = sorted.filter((e) => Math.abs(e.enteredAt - sorted[i]!.enteredAt) <= BURST_WINDOW_MS)
      const authors = new Set(window.map((e) => e.authorRemoteId))
      if (authors.size >= BURST_COUNT) for (const e of window) flag(e.id, 'burst of identical text')
    }
  }
  // several accounts known to be one person
  const accounts = new Map<string, Set<string>>()
  for (const e of entries) {
    const set = accounts.get(e.personKey) ?? new Set<string>()
    set.add(e.authorRemoteId)
    accounts.set(e.personKey, set)
  }
  for (const e of entries)
    if ((accounts.get(e.personKey)?.size ?? 0) > 2) flag(e.id, 'many entries from linked accounts')
  return flags
}
