import twitterText from 'twitter-text'
import { describe, expect, test } from 'vitest'
import { measureText } from '../../src/shared/validate-post.js'

// The composer counts X's weighted length in the browser without twitter-text; it must agree with it.
const SAMPLES = [
  'Plain ASCII text, nothing special.',
  'Café crème, naïve résumé', // precomposed
  'Cafe\u0301 decomposed accents', // NFC turns e + U+0301 into one code point
  '日本語のテキスト', // CJK weighs 2
  '👍🏽 skin tone', // one emoji sequence
  '👨‍👩‍👧‍👦 a ZWJ family',
  '🇩🇪🇫🇷 two flags',
  '“Smart quotes” — and an em dash… and ‰',
  'Mixed: hello 世界 🙂 https://example.com/some/long/path?with=query and more',
  '#hashtags @mentions $CASH',
]

describe('the composer’s weighted length equals twitter-text’s', () => {
  for (const text of SAMPLES) {
    test(text, () => {
      expect(measureText(text, 'weighted', 23)).toBe(twitterText.parseTweet(text).weightedLength)
    })
  }
})
