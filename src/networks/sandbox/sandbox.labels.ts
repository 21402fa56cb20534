/**
 * The intended triage of every Sandbox text template (sandbox.generator.ts): what a care lead would
 * say each message is. Written with the templates, by hand; the triage tests and the classify
 * benchmark count how many the classifier reads right.
 */
import type { Intent, Sentiment } from '../../triage/classifier.js'
import { TEMPLATE_POOLS } from './sandbox.generator.js'

/** Intended reading of one template. */
export interface SandboxLabel {
  sentiment: Sentiment
  intent: Intent
}

const L = (sentiment: Sentiment, intent: Intent): SandboxLabel => ({ sentiment, intent })
const NEG_COMPLAINT = L('negative', 'complaint')
const NEU_QUESTION = L('neutral', 'question')
const POS_PRAISE = L('positive', 'praise')

/** Template text → intended reading. Every template of {@link TEMPLATE_POOLS} has one. */
export const SANDBOX_LABELS: ReadonlyMap<string, SandboxLabel> = new Map<string, SandboxLabel>([
  // question
  ['{at} do you ship to Canada? Could not find it on the site.', NEU_QUESTION],
  ['Hey {at}, is there a student discount?', NEU_QUESTION],
  ['{at} how do I export my data before my plan renews?', NEU_QUESTION],
  ['Quick one for {at}: does the new version work offline?', NEU_QUESTION],
  ['{at} what are your support hours on weekends?', NEU_QUESTION],
  ['Anyone know if {name} has an API? Asking {at} directly I guess', NEU_QUESTION],
  ['{at} can I change the delivery address on order {order}?', NEU_QUESTION],
  // complaint-delivery
  ['{at} my order {order} was supposed to arrive {days} days ago. Where is it?', NEG_COMPLAINT],
  ['Still waiting on my package from {at}. Tracking has said "in transit" for a week.', NEG_COMPLAINT],
  ['{at} third time asking: order {order}, nothing arrived, nobody answers.', NEG_COMPLAINT],
  [
    'Ordered a gift from {at}, the birthday was yesterday, the parcel is still somewhere. Great.',
    NEG_COMPLAINT,
  ],
  // complaint-outage
  ['{at} is the app down? Getting errors since this morning.', NEG_COMPLAINT],
  ['Is {name} down for everyone or just me? {at}', NEG_COMPLAINT],
  ['{at} cannot log in, the whole team is blocked. Any ETA?', NEG_COMPLAINT],
  ['Day two of the {name} outage. {at} status page says "all systems operational". Sure.', NEG_COMPLAINT],
  ['{at} we pay for this and it has been down for hours. Not acceptable.', NEG_COMPLAINT],
  // complaint-billing
  ['{at} I was charged twice this month. Please fix this.', NEG_COMPLAINT],
  ['{at} cancelled my subscription in March and you still bill me. Order {order}.', NEG_COMPLAINT],
  ['Why did my {name} bill go up 40% without a word? {at}', NEG_COMPLAINT],
  ['{at} the refund you promised two weeks ago never came.', NEG_COMPLAINT],
  // complaint-service
  ['The person on the {name} support line just hung up on me. Wow. {at}', NEG_COMPLAINT],
  ['{at} your support agent was honestly rude to me today.', NEG_COMPLAINT],
  ['Waited 50 minutes on hold with {at} to be told to email instead.', NEG_COMPLAINT],
  ['{at} three different answers from three different agents. Which one is true?', NEG_COMPLAINT],
  // praise
  ['Shout-out to {at} for the fastest support reply I have ever had 🙌', POS_PRAISE],
  ['Been using {name} for a year now and it just keeps getting better. {at}', POS_PRAISE],
  ['{at} the new update is fantastic, thank you!', POS_PRAISE],
  ['Honestly {at} saved my week. Great product, great people.', POS_PRAISE],
  ['Love how {at} actually listens to its customers ❤️', POS_PRAISE],
  // feature-request
  ['{at} please add a dark mode, my eyes beg you', L('neutral', 'request')],
  ['Would love to see {at} support exports to CSV', L('positive', 'request')],
  ['{at} any plans for a team plan with shared billing?', NEU_QUESTION],
  ['Feature request for {at}: let me schedule things in my own time zone', L('neutral', 'request')],
  // spam
  ['{at} I made $5,000 last week from home!!! DM me for the secret 💰💰', L('neutral', 'spam')],
  ['{at} FREE crypto airdrop, claim now at totally-legit.example', L('neutral', 'spam')],
  ['Boost your followers fast 🚀🚀 {at} check my profile', L('neutral', 'spam')],
  // off-topic
  ['{at} what is everyone having for lunch today?', L('neutral', 'other')],
  ['Unrelated but {at} does anyone know a good bakery near the station?', L('neutral', 'other')],
  ['{at} hot take: pineapple belongs on pizza', L('neutral', 'other')],
  // sarcasm
  ['Thanks for nothing, {at}.', NEG_COMPLAINT],
  ['Love paying for a service that does not work. Really great job {at} 👏', NEG_COMPLAINT],
  ['Oh good, another "we are looking into it" from {at}. Very reassuring.', NEG_COMPLAINT],
  ['Five stars for {at}, for creativity in finding new ways to break things.', NEG_COMPLAINT],
  // escalations
  ['{at} still no answer? I asked hours ago.', NEG_COMPLAINT],
  ['Hello?? {at} is anyone reading these?', NEG_COMPLAINT],
  ['Apparently {at} only answers when you are a big account. Still waiting.', NEG_COMPLAINT],
  ['Going to cancel if nobody from {at} gets back to me today.', NEG_COMPLAINT],
  ['Thanks for nothing, {at}. Still ignored.', NEG_COMPLAINT],
  // thanks
  ['Thanks, that worked!', POS_PRAISE],
  ['Appreciate the quick reply 🙏', POS_PRAISE],
  ['Sorted now, thank you!', POS_PRAISE],
  ['Great, thanks for getting back to me.', POS_PRAISE],
  // follow-ups
  ['Thanks. And how long will that take?', NEU_QUESTION],
  ['OK, but what about the other order?', NEU_QUESTION],
  ['Sent you a DM with the details.', L('neutral', 'other')],
  ['Is there a way to get a refund for the days it did not work?', NEG_COMPLAINT],
  // still-unhappy
  ['That does not answer my question at all.', NEG_COMPLAINT],
  ['A copy-paste answer. Thanks for nothing.', NEG_COMPLAINT],
  ['I have heard this before. I want a refund.', NEG_COMPLAINT],
  // replies-to-posts
  ['Finally! Been waiting for this.', POS_PRAISE],
  ['Nice, but when will you fix the bugs from the last release?', NEG_COMPLAINT],
  ['Does this work on Android too?', NEU_QUESTION],
  ['Congrats to the team 🎉', POS_PRAISE],
  ['Meh. Not what we asked for.', NEG_COMPLAINT],
  ['What does it cost?', NEU_QUESTION],
  // quotes
  ['This is actually a big deal for small teams.', POS_PRAISE],
  ['Interesting move from {name}.', L('neutral', 'other')],
  ['Sure, but maybe fix the outage first?', NEG_COMPLAINT],
  ['Worth a read 👇', POS_PRAISE],
  // dms
  ['Hi, I did not want to post this publicly: my account email is wrong and I cannot log in.', NEG_COMPLAINT],
  ['Hello, could you check order {order}? It says delivered but nothing arrived.', NEG_COMPLAINT],
  ['Hi! I am a journalist writing about your industry, can I ask a few questions?', NEU_QUESTION],
  ['Hey, I was billed twice, invoice {order}. Can you help?', NEG_COMPLAINT],
])

/** One Sandbox message as the generator writes it, with its intended reading. */
export interface LabelledSandboxText extends SandboxLabel {
  pool: string
  template: string
  text: string
}

/**
 * Every template filled in the way the generator fills it (`@acme`, "Acme", an order number), with
 * its label. Throws when a template has no label, so new templates get one.
 */
export function labelledSandboxTexts(): LabelledSandboxText[] {
  const out: LabelledSandboxText[] = []
  for (const [pool, templates] of Object.entries(TEMPLATE_POOLS)) {
    for (const template of templates) {
      const label = SANDBOX_LABELS.get(template)
      if (!label) throw new Error(`Sandbox template without an intended label: ${template}`)
      const text = template
        .replaceAll('{at}', '@acme')
        .replaceAll('{name}', 'Acme')
        .replaceAll('{order}', '#48213')
        .replaceAll('{days}', '5')
      out.push({ pool, template, text, ...label })
    }
  }
  return out
}
