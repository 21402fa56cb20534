/**
 * The base lexicon: VADER's human-rated word and emoticon valences (the `vader-sentiment` package,
 * Apache-2.0; lexicon by C.J. Hutto, MIT), read from the installed package at start-up, gaps filled
 * from AFINN-165 (the `sentiment` package, MIT), with our customer-care words and emoji on top. See docs/adr/0029-triage-general-lexicon-base.md.
 *
 * Lookup tolerates what social text does to words: elongation ("sooo", "gooood"), and inflected
 * forms VADER does not list ("coolest", "sucks", "lovingly") fall back to their stem.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { EMOJI_VALENCE } from './lexicon-emoji.js'
import { VALENCE } from './lexicon-words.js'

const require = createRequire(import.meta.url)

function loadVader(): Map<string, number> {
  const map = new Map<string, number>()
  const file = require.resolve('vader-sentiment/vader_lexicon.txt')
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const tab = line.indexOf('\t')
    if (tab <= 0) continue
    const v = Number.parseFloat(line.slice(tab + 1, line.indexOf('\t', tab + 1)))
    if (Number.isFinite(v) && v !== 0) map.set(line.slice(0, tab), v)
  }
  return map
}

// @NOTE Politeness is not praise in customer care: "thanks", "please", "hope" open most requests and
// many complaints. VADER rates them +1.3…+1.9; here they are weak, and in a question or request
// they count for nothing at all (lexicon.ts).
const POLITE: ReadonlyMap<string, number> = new Map([
  ['thanks', 1],
  ['thank', 1],
  ['thx', 1],
  ['ty', 1],
  ['please', 0],
  ['pls', 0],
  ['plz', 0],
  ['hope', 0.5],
  ['hopefully', 0.5],
  ['ok', 0.3],
  ['okay', 0.3],
  ['sure', 0.3],
  ['yes', 0.5],
  ['like', 0.5],
  ['well', 0.3],
  ['welcome', 0.5],
  ['help', 0],
  ['free', 0.5],
  ['no', 0],
  // Customer-care nouns and fillers that VADER rates as praise: "support agent", "care team",
  // "honestly rude".
  ['support', 0],
  ['care', 0],
  ['honestly', 0],
])

/** Words whose politeness valence is dropped inside questions and requests. */
export const POLITENESS: ReadonlySet<string> = new Set([...POLITE.keys()].filter((w) => w !== 'no'))

// @NOTE Our hand-written weak words (the "1:" tier: "hours", "still", "again", "long") are
// customer-care context, not sentiment: in a review ("still the best", "long live") they mislead.
// They act through the phrase cues instead, so only our words rated |v| ≥ 2 join the base.
const CARE_MIN = 2
// Waiting is a complaint only in context ("still waiting", "on hold for an hour"): the waiting cues
// read it; as bare words they would turn "been waiting for this!" or "can't wait" sour.
const CONTEXT_ONLY = new Set(['wait', 'waiting', 'waited', 'hold'])

// @NOTE AFINN-165 (the `sentiment` package, MIT) rates 3,382 words on -5..+5; about 1,500 of them
// are missing from VADER (mostly inflections and review words: "worthless", "outstandingly"). They
// fill VADER's gaps, rescaled to its range; VADER's own rating wins where both have the word.
const AFINN_SCALE = 0.8

function loadAfinn(): Record<string, number> {
  return require('sentiment/languages/en/labels.json') as Record<string, number>
}

/** Word or emoticon → valence on VADER's -4..+4 scale. */
export const BASE_VALENCE: ReadonlyMap<string, number> = (() => {
  const map = loadVader()
  for (const [w, v] of Object.entries(loadAfinn()))
    if (!map.has(w) && !w.includes(' ') && v !== 0) map.set(w, v * AFINN_SCALE)
  for (const [w, v] of VALENCE)
    if (!map.has(w) && Math.abs(v) >= CARE_MIN && !CONTEXT_ONLY.has(w)) map.set(w, v)
  for (const [w, v] of EMOJI_VALENCE) map.set(w, v)
  // A 0 is kept (not deleted) so that the stem fallback does not find "honest" in "honestly".
  for (const [w, v] of POLITE) map.set(w, v)
  return map
})()

const SUFFIXES: readonly [string, string][] = [
  ['iest', 'y'],
  ['est', ''],
  ['est', 'e'],
  ['ier', 'y'],
  ['er', ''],
  ['er', 'e'],
  ['ily', 'y'],
  ['ly', ''],
  ['ness', ''],
  ['s', ''],
  ['es', ''],
  ['ed', ''],
  ['ed', 'e'],
  ['ing', ''],
  ['ing', 'e'],
]

function stemmed(w: string): number | undefined {
  for (const [suffix, add] of SUFFIXES) {
    if (w.length > suffix.length + 2 && w.endsWith(suffix)) {
      const base = w.slice(0, w.length - suffix.length)
      let v = BASE_VALENCE.get(base + add)
      // "biggest" → "big", "saddest" → "sad": doubled consonant before the suffix.
      if (v === undefined && add === '' && base.length > 2 && base.at(-1) === base.at(-2))
        v = BASE_VALENCE.get(base.slice(0, -1))
      if (v !== undefined) return v
    }
  }
  return undefined
}

/**
 * Valence of a lower-cased word, emoticon or emoji, or undefined. Elongated words are tried with
 * runs of three or more letters cut to two, then to one ("sooo" → "soo" → "so").
 */
export function valenceOf(w: string, elongated = false): number | undefined {
  const v = BASE_VALENCE.get(w)
  if (v !== undefined) return v === 0 ? undefined : v
  if (elongated) {
    const two = w.replace(/(\p{L})\1{2,}/gu, '$1$1')
    const one = w.replace(/(\p{L})\1{2,}/gu, '$1')
    return BASE_VALENCE.get(two) ?? BASE_VALENCE.get(one) ?? stemmed(one)
  }
  if (w.length > 4) return stemmed(w)
  return undefined
}

/** Squashed words of a hashtag ("#neveragain" → ["never", "again"]) when it splits into two known words. */
export function splitHashtag(tag: string, known: (w: string) => boolean): [string, string] | null {
  for (let i = 2; i <= tag.length - 2; i++) {
    const a = tag.slice(0, i)
    const b = tag.slice(i)
    if (known(a) && known(b)) return [a, b]
  }
  return null
}
