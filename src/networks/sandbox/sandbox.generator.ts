/**
 * What the Sandbox's simulated public says and does. Pure functions of (seed, sequence number,
 * context), so a world replays the same way from the same seed.
 */
import { mixSeed, Prng, weightTable } from './sandbox.people.js'

export type SandboxTopic =
  | 'question'
  | 'complaint-delivery'
  | 'complaint-outage'
  | 'complaint-billing'
  | 'complaint-service'
  | 'praise'
  | 'feature-request'
  | 'spam'
  | 'off-topic'

export type GeneratedKind = 'mention' | 'reply' | 'quote' | 'like' | 'repost' | 'follow' | 'direct-message'

export interface GeneratedEvent {
  kind: GeneratedKind
  authorIndex: number
  text: string | null
  topic: SandboxTopic | null
  /** For reply, quote, like, repost: the brand post it is about. */
  targetId: string | null
  /** When set, the author escalates if nobody answers within this time. */
  escalateAfterMs: number | null
}

export interface GeneratorContext {
  seed: number
  /** The channel account's handle, mentioned as `@handle`. */
  handle: string
  /** The brand's (or person's) name as people write it. */
  name: string
  population: number
  /** Recent posts of the brand, newest first, that people can reply to, quote, like or repost. */
  brandPosts: string[]
  /** An outage going viral: most activity is about it. */
  crisis: boolean
}

const TEXTS: Record<SandboxTopic, readonly string[]> = {
  question: [
    '{at} do you ship to Canada? Could not find it on the site.',
    'Hey {at}, is there a student discount?',
    '{at} how do I export my data before my plan renews?',
    'Quick one for {at}: does the new version work offline?',
    '{at} what are your support hours on weekends?',
    'Anyone know if {name} has an API? Asking {at} directly I guess',
    '{at} can I change the delivery address on order {order}?',
  ],
  'complaint-delivery': [
    '{at} my order {order} was supposed to arrive {days} days ago. Where is it?',
    'Still waiting on my package from {at}. Tracking has said "in transit" for a week.',
    '{at} third time asking: order {order}, nothing arrived, nobody answers.',
    'Ordered a gift from {at}, the birthday was yesterday, the parcel is still somewhere. Great.',
  ],
  'complaint-outage': [
    '{at} is the app down? Getting errors since this morning.',
    'Is {name} down for everyone or just me? {at}',
    '{at} cannot log in, the whole team is blocked. Any ETA?',
    'Day two of the {name} outage. {at} status page says "all systems operational". Sure.',
    '{at} we pay for this and it has been down for hours. Not acceptable.',
  ],
  'complaint-billing': [
    '{at} I was charged twice this month. Please fix this.',
    '{at} cancelled my subscription in March and you still bill me. Order {order}.',
    'Why did my {name} bill go up 40% without a word? {at}',
    '{at} the refund you promised two weeks ago never came.',
  ],
  'complaint-service': [
    'The person on the {name} support line just hung up on me. Wow. {at}',
    '{at} your support agent was honestly rude to me today.',
    'Waited 50 minutes on hold with {at} to be told to email instead.',
    '{at} three different answers from three different agents. Which one is true?',
  ],
  praise: [
    'Shout-out to {at} for the fastest support reply I have ever had 🙌',
    'Been using {name} for a year now and it just keeps getting better. {at}',
    '{at} the new update is fantastic, thank you!',
    'Honestly {at} saved my week. Great product, great people.',
    'Love how {at} actually listens to its customers ❤️',
  ],
  'feature-request': [
    '{at} please add a dark mode, my eyes beg you',
    'Would love to see {at} support exports to CSV',
    '{at} any plans for a team plan with shared billing?',
    'Feature request for {at}: let me schedule things in my own time zone',
  ],
  spam: [
    '{at} I made $5,000 last week from home!!! DM me for the secret 💰💰',
    '{at} FREE crypto airdrop, claim now at totally-legit.example',
    'Boost your followers fast 🚀🚀 {at} check my profile',
  ],
  'off-topic': [
    '{at} what is everyone having for lunch today?',
    'Unrelated but {at} does anyone know a good bakery near the station?',
    '{at} hot take: pineapple belongs on pizza',
  ],
}

const SARCASM: readonly string[] = [
  'Thanks for nothing, {at}.',
  'Love paying for a service that does not work. Really great job {at} 👏',
  'Oh good, another "we are looking into it" from {at}. Very reassuring.',
  'Five stars for {at}, for creativity in finding new ways to break things.',
]

const ESCALATIONS: readonly string[] = [
  '{at} still no answer? I asked hours ago.',
  'Hello?? {at} is anyone reading these?',
  'Apparently {at} only answers when you are a big account. Still waiting.',
  'Going to cancel if nobody from {at} gets back to me today.',
  'Thanks for nothing, {at}. Still ignored.',
]

const THANKS: readonly string[] = [
  'Thanks, that worked!',
  'Appreciate the quick reply 🙏',
  'Sorted now, thank you!',
  'Great, thanks for getting back to me.',
]

const FOLLOW_UPS: readonly string[] = [
  'Thanks. And how long will that take?',
  'OK, but what about the other order?',
  'Sent you a DM with the details.',
  'Is there a way to get a refund for the days it did not work?',
]

const STILL_UNHAPPY: readonly string[] = [
  'That does not answer my question at all.',
  'A copy-paste answer. Thanks for nothing.',
  'I have heard this before. I want a refund.',
]

const REPLIES_TO_POSTS: readonly string[] = [
  'Finally! Been waiting for this.',
  'Nice, but when will you fix the bugs from the last release?',
  'Does this work on Android too?',
  'Congrats to the team 🎉',
  'Meh. Not what we asked for.',
  'What does it cost?',
]

const QUOTES: readonly string[] = [
  'This is actually a big deal for small teams.',
  'Interesting move from {name}.',
  'Sure, but maybe fix the outage first?',
  'Worth a read 👇',
]

const DMS: readonly string[] = [
  'Hi, I did not want to post this publicly: my account email is wrong and I cannot log in.',
  'Hello, could you check order {order}? It says delivered but nothing arrived.',
  'Hi! I am a journalist writing about your industry, can I ask a few questions?',
  'Hey, I was billed twice, invoice {order}. Can you help?',
]

/**
 * Every text template the Sandbox's public writes, by pool. Each one carries its intended triage in
 * sandbox.labels.ts, so a test can count how many the classifier reads right.
 */
export const TEMPLATE_POOLS: Readonly<Record<string, readonly string[]>> = {
  ...TEXTS,
  sarcasm: SARCASM,
  escalations: ESCALATIONS,
  thanks: THANKS,
  'follow-ups': FOLLOW_UPS,
  'still-unhappy': STILL_UNHAPPY,
  'replies-to-posts': REPLIES_TO_POSTS,
  quotes: QUOTES,
  dms: DMS,
}

const NORMAL = weightTable({
  question: 12,
  'complaint-delivery': 5,
  'complaint-outage': 3,
  'complaint-billing': 4,
  'complaint-service': 3,
  praise: 9,
  'feature-request': 5,
  spam: 3,
  'off-topic': 2,
  reply: 14,
  quote: 4,
  like: 18,
  repost: 6,
  follow: 5,
  dm: 6,
})

const CRISIS = weightTable({
  'complaint-outage': 70,
  question: 4,
  reply: 8,
  quote: 6,
  repost: 6,
  like: 2,
  dm: 3,
  follow: 1,
})

function fill(template: string, ctx: GeneratorContext, rng: Prng): string {
  if (!template.includes('{')) return template
  return template
    .replaceAll('{at}', `@${ctx.handle}`)
    .replaceAll('{name}', ctx.name)
    .replaceAll('{order}', `#${rng.int(10_000, 99_999)}`)
    .replaceAll('{days}', String(rng.int(3, 12)))
}

function authorFor(rng: Prng, ctx: GeneratorContext): number {
  // @NOTE during a crisis strangers pile on, so authors come from a population ten times larger.
  const pop = ctx.crisis ? ctx.population * 10 : ctx.population
  return rng.int(0, pop - 1)
}

/** The event with sequence number `seq` in the world described by `ctx`. */
export function generateEvent(ctx: GeneratorContext, seq: number): GeneratedEvent {
  const rng = new Prng(mixSeed(ctx.seed, 'event', seq))
  let choice: string = rng.weighted<string>(ctx.crisis ? CRISIS : NORMAL)
  const onPost = choice === 'reply' || choice === 'quote' || choice === 'like' || choice === 'repost'
  if (onPost && ctx.brandPosts.length === 0) choice = ctx.crisis ? 'complaint-outage' : 'question'
  const authorIndex = authorFor(rng, ctx)
  // @NOTE newer posts get most of the attention: pick from the first few more often.
  const target =
    ctx.brandPosts.length > 0 ? ctx.brandPosts[Math.floor(rng.next() ** 2 * ctx.brandPosts.length)]! : null
  const base = { authorIndex, escalateAfterMs: null }
  switch (choice) {
    case 'reply':
      return {
        ...base,
        kind: 'reply',
        text: fill(rng.pick(REPLIES_TO_POSTS), ctx, rng),
        topic: 'question',
        targetId: target,
      }
    case 'quote': {
      const text = ctx.crisis ? fill(rng.pick(SARCASM), ctx, rng) : fill(rng.pick(QUOTES), ctx, rng)
      return {
        ...base,
        kind: 'quote',
        text,
        topic: ctx.crisis ? 'complaint-outage' : 'praise',
        targetId: target,
      }
    }
    case 'like':
    case 'repost':
      return { ...base, kind: choice, text: null, topic: null, targetId: target }
    case 'follow':
      return { ...base, kind: 'follow', text: null, topic: null, targetId: null }
    case 'dm':
      return {
        ...base,
        kind: 'direct-message',
        text: fill(rng.pick(DMS), ctx, rng),
        topic: 'question',
        targetId: null,
        escalateAfterMs: rng.chance(0.3) ? rng.int(30, 120) * 60_000 : null,
      }
  }
  const topic = choice as SandboxTopic
  const complaint = topic.startsWith('complaint-')
  const sarcastic = complaint && rng.chance(0.2)
  const text = fill(sarcastic ? rng.pick(SARCASM) : rng.pick(TEXTS[topic]), ctx, rng)
  const escalateAfterMs =
    complaint || topic === 'question' ? (rng.chance(0.5) ? rng.int(20, 90) * 60_000 : null) : null
  return { kind: 'mention', authorIndex, text, topic, targetId: null, escalateAfterMs }
}

/** What an ignored customer says next. */
export function escalationText(ctx: GeneratorContext, seq: number): string {
  const rng = new Prng(mixSeed(ctx.seed, 'escalation', seq))
  return fill(rng.pick(ESCALATIONS), ctx, rng)
}

/**
 * How a customer answers our reply: thanks, a follow-up question, or still unhappy (more often
 * after a complaint). Null when they let it rest.
 */
export function reactionToReply(
  ctx: GeneratorContext,
  seq: number,
  topic: string | null,
): { text: string; delayMs: number } | null {
  const rng = new Prng(mixSeed(ctx.seed, 'reaction', seq))
  if (topic === 'spam' || topic === 'off-topic' || rng.chance(0.25)) return null
  const unhappy = topic?.startsWith('complaint-') ? 0.3 : 0.08
  const r = rng.next()
  const pool = r < unhappy ? STILL_UNHAPPY : r < unhappy + 0.3 ? FOLLOW_UPS : THANKS
  return { text: fill(rng.pick(pool), ctx, rng), delayMs: rng.int(1, 10) * 60_000 }
}
