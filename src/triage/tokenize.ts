/**
 * Tokenizer shared by the lexicon scorer, the language detector and the learner. It normalises the
 * parts of social text that carry no lexical meaning (links, handles, numbers) into placeholder
 * tokens so that they still count as evidence ("_url_" is a spam cue, "_num_ hours" a delay cue)
 * without exploding the vocabulary.
 */

/** Placeholder tokens emitted by {@link tokenize}. */
export const URL_TOKEN = '_url_'
export const MENTION_TOKEN = '_at_'
export const NUMBER_TOKEN = '_num_'

// @NOTE One pass with a single alternation regex: far cheaper than several replace() passes, which
// matters for the < 0.05 ms/message budget.
const TOKEN_RE =
  /(https?:\/\/\S+|www\.\S+)|(@\w+)|(#)|(\d+(?:[.,:]\d+)*(?:am|pm|k|h|hrs?|min)?)|([\p{L}\p{M}]+(?:['’][\p{L}]+)*)|([!?]+)|([.,;:]+)|([:;=8][-o']?[)(\][dDpP/\\|]|<3|[\u{1F300}-\u{1FAFF}\u2600-\u27BF])/gu

/** Kind of a token, so that later stages can treat words, punctuation and placeholders differently. */
export type TokenKind = 'word' | 'url' | 'mention' | 'number' | 'bang' | 'stop' | 'emo'

/** A normalised token. `text` is lower-cased; apostrophes are folded to `'`. */
export interface Token {
  text: string
  kind: TokenKind
}

/**
 * Splits `text` into normalised tokens. Hashtags lose their `#` (their word still counts), runs of
 * `!`/`?` are kept as one token each (`?!` keeps both characters), sentence punctuation becomes a
 * `stop` token that ends negation scopes.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = []
  TOKEN_RE.lastIndex = 0
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) {
    if (m[1] !== undefined) out.push({ text: URL_TOKEN, kind: 'url' })
    else if (m[2] !== undefined) out.push({ text: MENTION_TOKEN, kind: 'mention' })
    else if (m[3] !== undefined) continue
    else if (m[4] !== undefined) out.push({ text: NUMBER_TOKEN, kind: 'number' })
    else if (m[5] !== undefined) out.push({ text: m[5].toLowerCase().replace(/’/g, "'"), kind: 'word' })
    else if (m[6] !== undefined) out.push({ text: m[6].length > 1 ? m[6].slice(0, 2) : m[6], kind: 'bang' })
    else if (m[7] !== undefined) out.push({ text: '.', kind: 'stop' })
    else if (m[8] !== undefined) out.push({ text: m[8].toLowerCase(), kind: 'emo' })
  }
  return out
}

/** 32-bit FNV-1a hash of a string (used for hashed learner features). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}
