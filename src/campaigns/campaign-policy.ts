/**
 * What a campaign may ask of each network, and its official rules text. Pure: the service passes the
 * network of each channel. The networks' own promotion rules are why some entry methods are refused:
 * X's automation and giveaway rules (one account per person, no "most reposts wins"), Meta's
 * promotion guidelines (no "tag friends" or "share on your timeline" as a condition of entry; the
 * rules must release Facebook/Instagram and say the promotion is not sponsored by them).
 */
import { invalid } from '../core/errors.js'
import type { CampaignInput, Eligibility, EntryMethod, Prize, Sponsor } from './campaign.types.js'

const META = new Set(['facebook', 'instagram', 'threads'])
const X = new Set(['x', 'twitter'])
/** Networks where Townhall sees who follows (the activity feed reports follows). */
const FOLLOW_CHECKABLE = new Set(['sandbox', 'bluesky', 'mastodon'])
const TEXT_KINDS = new Set(['reply', 'quote', 'mention'])

/** Why `method` may not be used on `network`, or null. */
export function entryMethodRefusal(method: EntryMethod, network: string): string | null {
  if (META.has(network) && (method.kind === 'tag-friends' || method.kind === 'share'))
    return `${network} forbids "${method.kind === 'tag-friends' ? 'tag friends' : 'share to enter'}" as a condition of entry (Meta promotion guidelines)`
  if (method.kind === 'tag-friends' || method.kind === 'share')
    return `"${method.kind}" is not an entry method Townhall can check`
  if (method.kind === 'follow' && !FOLLOW_CHECKABLE.has(network))
    return `${network} does not let Townhall check who follows, so "follow" cannot be a condition`
  if (!TEXT_KINDS.has(method.kind) && method.keyword)
    return `a keyword only applies to replies, quotes and mentions`
  return null
}

/** Checks the organiser's choices against every channel's network; throws a validation error naming the field. */
export function checkEntryMethods(
  input: Pick<CampaignInput, 'entryMethods' | 'selection'>,
  networkOf: (channelId: string) => string | undefined,
): void {
  if (input.entryMethods.length === 0) throw invalid('entryMethods', 'name at least one way to enter')
  const networks = new Set<string>()
  input.entryMethods.forEach((m, i) => {
    const network = networkOf(m.channelId)
    if (!network) throw invalid(`entryMethods.${i}.channelId`, 'is not a channel of this workspace')
    networks.add(network)
    const refusal = entryMethodRefusal(m, network)
    if (refusal) throw invalid(`entryMethods.${i}.kind`, refusal)
  })
  const selection = input.selection ?? 'random-draw'
  if (selection !== 'random-draw') {
    const onX = [...networks].some((n) => X.has(n))
    throw invalid(
      'selection',
      onX
        ? 'X forbids picking winners by the most reposts or likes; winners are drawn at random'
        : 'winners are drawn at random from the eligible entries (the only way Townhall can prove fair)',
    )
  }
}

/** The networks' statements the rules must carry, for the networks a campaign runs on. */
export function requiredStatements(networks: ReadonlySet<string>): string[] {
  const out: string[] = []
  const meta = [...networks].filter((n) => META.has(n))
  if (meta.length > 0) {
    const names = meta.map((n) => n[0]!.toUpperCase() + n.slice(1)).join(' and ')
    out.push(
      `This promotion is in no way sponsored, endorsed or administered by, or associated with, Meta or ${names}. Each entrant releases Meta and ${names} from all liability in connection with the promotion.`,
    )
  }
  if ([...networks].some((n) => X.has(n)))
    out.push('One account per person: entries from several accounts of the same person are disqualified.')
  return out
}

export interface RulesFacts {
  title: string
  sponsor: Sponsor
  prizes: Prize[]
  winnerCount: number
  timeZone: string
  startsLocal: string
  endsLocal: string
  entryMethods: Array<EntryMethod & { network: string; handle: string }>
  entriesPerPerson: number
  eligibility: Eligibility
  freeMethod: string
  claimDays: number
  publicUrl: string | null
}

const METHOD_TEXT: Record<string, string> = {
  reply: 'reply to the announcement post',
  repost: 'repost the announcement post',
  quote: 'quote the announcement post',
  mention: 'mention the account in a post',
  follow: 'follow the account',
}

const money = (p: Prize) => `${p.value.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${p.currency}`

/** The generated official rules: every item issue #23 names, in plain words. The organiser may edit it. */
export function officialRules(f: RulesFacts): string {
  const networks = new Set(f.entryMethods.map((m) => m.network))
  const total = f.prizes.reduce((s, p) => s + p.value * p.quantity, 0)
  const currency = f.prizes[0]?.currency ?? ''
  const countries = f.eligibility.countries.length > 0 ? f.eligibility.countries.join(', ') : 'any country'
  const how = f.entryMethods.map(
    (m) =>
      `- On ${m.network} (@${m.handle}): ${METHOD_TEXT[m.kind] ?? m.kind}${m.keyword ? ` including "${m.keyword}"` : ''}.`,
  )
  const sections = [
    `OFFICIAL RULES — ${f.title}`,
    'NO PURCHASE NECESSARY TO ENTER OR WIN. A purchase does not increase your chances of winning. VOID WHERE PROHIBITED.',
    `1. Sponsor. ${f.sponsor.name}, ${f.sponsor.address}.`,
    `2. Dates. The giveaway starts ${f.startsLocal.replace('T', ' ')} and ends ${f.endsLocal.replace('T', ' ')} (${f.timeZone}). Entries outside these times do not count.`,
    `3. Eligibility. Open to people aged ${f.eligibility.minAge} or older in ${countries}. Accounts must be at least ${f.eligibility.minAccountAgeDays} days old and have at least ${f.eligibility.minFollowers} followers. Employees of the sponsor and the accounts it excludes${f.eligibility.excludedHandles.length ? ` (${f.eligibility.excludedHandles.map((h) => `@${h}`).join(', ')})` : ''} may not enter.`,
    `4. How to enter.\n${how.join('\n')}\nUp to ${f.entriesPerPerson} ${f.entriesPerPerson === 1 ? 'entry' : 'entries'} per person, whatever the number of networks or accounts used.`,
    `5. Free alternative method of entry. ${f.freeMethod} An entry made this way counts the same as any other.`,
    `6. Prizes. ${f.prizes.map((p) => `${p.quantity} × ${p.name} (approximate retail value ${money(p)} each)`).join('; ')}. Total approximate value: ${total.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${currency}. ${f.winnerCount} ${f.winnerCount === 1 ? 'winner' : 'winners'}.`,
    `7. Odds. The odds of winning depend on the number of eligible entries received: with N eligible people, each has a ${f.winnerCount} in N chance.`,
    `8. How winners are picked. Entries are screened for rule breaks and automated accounts; each decision is in the campaign's public log. At the start the sponsor publishes a commitment (the SHA-256 hash of a secret seed and the number of a future round of the drand public randomness beacon). At the close the list of eligible entries is frozen and its hash published. Winners are the entries ranked first by HMAC-SHA256 of the seed and the beacon's randomness; anyone can check the draw${f.publicUrl ? ` at ${f.publicUrl}` : ''} or with \`townhall giveaway verify\`.`,
    `9. How winners are contacted. Winners are told by a reply or a direct message on the network they entered on, and must claim their prize within ${f.claimDays} days. A prize not claimed in time goes to the next entry in the published ranking.`,
    ...requiredStatements(networks).map((s, i) => `${10 + i}. ${s}`),
  ]
  return sections.join('\n\n')
}
