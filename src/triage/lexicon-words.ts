/**
 * Hand-written English word valences for customer-care text, on a -4..+4 scale.
 *
 * Provenance: written by the Townhall maintainers from general knowledge of how customers talk to
 * brands (AGPL-3.0 like the rest of the repository). It is NOT derived from any dataset, in
 * particular not from the non-commercial airline-tweets evaluation set. See src/triage/README.md.
 *
 * @NOTE Generic lexicons (VADER, AFINN) read "thanks", "great", "love" as positive even in "thanks
 * for nothing" or "great, another delay". Here politeness words are weak (+1) and service-failure
 * words strong (-2..-3); sarcasm and failure phrases are handled by the cue rules in lexicon-cues.ts.
 */

import { INTL_VALENCE } from './lexicon-words-intl.js'

const POSITIVE = `
4: amazing awesome excellent fantastic outstanding superb phenomenal brilliant incredible perfect
 wonderful stellar flawless exceptional
3: love loved loving lovely great best beautiful happy delighted impressed impressive thrilled
 appreciated appreciate grateful kudos bravo yay woohoo glad enjoyed enjoy superstar hero heroes
 rockstar rockstars rock rocks favorite favourite smooth seamless
2: good nice cool pleased friendly helpful quick fast easy comfortable comfy safe fun pleasant
 recommend recommended awesome! win winning won congrats congratulations wow excited exciting
 fabulous classy cute refreshing professional courteous kind sweet efficient reliable on-time ontime
 fixed resolved solved upgrade upgraded praise polite attentive caring generous ❤ ❤️ 😍 😊 🙂 😀 😁 😃 👍 👏 🙌 💕 💙 ❤️
1: thanks thank thx ty cheers ok okay fine decent better welcome like liked likes worth glad hope
 hopefully interesting well sure agreed right yes save saved free bonus
`

const NEGATIVE = `
4: worst horrible horrendous terrible atrocious disgusting pathetic unacceptable disgrace disgraceful
 nightmare abysmal appalling shameful scam scammed fraud criminal hell
3: awful hate hated hates angry furious livid outraged outrage disappointed disappointing
 disappointment ridiculous rude incompetent incompetence useless joke joke! sucks suck sucked
 stranded ruined ruin ruins inexcusable unprofessional lied lies liar lying shame ashamed fail
 failed fails failure mess miserable misery insult insulting frustrated frustrating frustration
 upset unhappy garbage trash crap crappy shitty shit wtf ugh smh ffs damn dammit hostage
 ignored ignoring ignore neglected screwed
2: bad poor sad slow late delay delayed delays cancel cancelled canceled cancellation cancellations
 cancelling canceling lost losing lose broken broke problem problems issue issues wrong error
 complaint complain complaining annoying annoyed confusing confused worse stuck missed miss missing
 waiting wait waited unable nobody nothing never dirty cramped uncomfortable expensive overpriced
 charged charge fee fees hidden refund refunds rebook rebooked rebooking bumped overbooked
 oversold diverted grounded mechanical tired exhausted stress stressful worried concern concerned
 dissatisfied unresolved unanswered hung dropped downgraded downgrade denied refused refuse
 bs hold inconvenience inconvenienced sorry apology apologize unreliable leaking leak smelly
 damaged damage stole stolen overcharged misplaced forgot forgotten lousy meh mediocre sloppy
 nonexistent unhelpful disconnected junk flimsy defective faulty overrated unwatchable
 unusable unreliable ☹ 😡 😠 🤬 😤 😒 😞 😢 😭 👎 💩 🙄
1: no not long longer hours still again yet cant can't won't wouldn't couldn't didn't doesn't
 hard difficult busy full crowded cold hot loud small unclear
`

function parse(spec: string, sign: 1 | -1): Map<string, number> {
  const map = new Map<string, number>()
  let current = 0
  for (const raw of spec.split(/\s+/)) {
    if (raw === '') continue
    const level = /^([1-4]):$/.exec(raw)
    if (level) {
      current = Number(level[1]) * sign
      continue
    }
    const word = raw.replace(/!$/, '')
    if (!map.has(word)) map.set(word, current)
  }
  return map
}

/**
 * Word → valence (-4..+4). Words appearing in both lists keep their negative reading: in customer
 * care a false negative (a missed complaint) costs more than a false positive.
 */
export const VALENCE: ReadonlyMap<string, number> = (() => {
  const neg = parse(NEGATIVE, -1)
  const pos = parse(POSITIVE, 1)
  // Mild negations/time words are only weak evidence; they matter via the cue rules.
  for (const w of ['no', 'not', 'cant', "can't", "won't", "wouldn't", "couldn't", "didn't", "doesn't"])
    neg.delete(w)
  const merged = new Map(INTL_VALENCE)
  for (const [w, v] of pos) merged.set(w, v)
  for (const [w, v] of neg) merged.set(w, v)
  return merged
})()

/** Words that scale the valence of the next sentiment word. */
export const INTENSIFIERS: ReadonlyMap<string, number> = new Map([
  ['very', 0.3],
  ['really', 0.3],
  ['so', 0.3],
  ['extremely', 0.5],
  ['super', 0.4],
  ['absolutely', 0.4],
  ['totally', 0.3],
  ['completely', 0.4],
  ['incredibly', 0.4],
  ['seriously', 0.3],
  ['truly', 0.3],
  ['honestly', 0.2],
  ['most', 0.3],
  ['beyond', 0.4],
  ['such', 0.2],
  ['too', 0.2],
  ['kinda', -0.3],
  ['somewhat', -0.3],
  ['slightly', -0.4],
  ['little', -0.2],
  ['bit', -0.3],
])

/** Words that open a negation scope (until the next punctuation or 3 words). */
export const NEGATORS: ReadonlySet<string> = new Set([
  'not',
  'no',
  'never',
  'nothing',
  'nobody',
  'none',
  'neither',
  'nor',
  'without',
  'cannot',
  'cant',
  "can't",
  'dont',
  "don't",
  'didnt',
  "didn't",
  'doesnt',
  "doesn't",
  'isnt',
  "isn't",
  'wasnt',
  "wasn't",
  'wont',
  "won't",
  'wouldnt',
  "wouldn't",
  'couldnt',
  "couldn't",
  'arent',
  "aren't",
  'werent',
  "weren't",
  'havent',
  "haven't",
  'hasnt',
  "hasn't",
  'hadnt',
  "hadn't",
  'shouldnt',
  "shouldn't",
  'aint',
  "ain't",
])

/** Words after which the rest of the sentence outweighs what came before ("nice crew but..."). */
export const CONTRAST: ReadonlySet<string> = new Set([
  'but',
  'however',
  'although',
  'though',
  'yet',
  'except',
])
