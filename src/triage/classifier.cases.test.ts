/**
 * Hand-written general-text cases (social posts, reviews, opinion, customer care), written for
 * this test by the maintainers: not taken from any evaluation set.
 */
import { describe, expect, it } from 'vitest'
import { classify, type Intent, type Sentiment } from './classifier.js'

const CASES: [text: string, sentiment: Sentiment, intent?: Intent][] = [
  // Plain social posts a general lexicon must not abstain on.
  [':) :) :)', 'positive'],
  ['Piss off rain', 'negative'],
  ['Anger is ugly', 'negative'],
  ['the coolest thing ever', 'positive'],
  ['sooo good!!!', 'positive'],
  ['I love it 👍', 'positive', 'praise'],
  ['Wow. Just wow.', 'positive'],
  ['Had a lovely day. Thanks everyone!', 'positive'],
  ["Can't believe how good this pizza is?!", 'positive'],
  ["can't wait for the new season", 'positive'],
  ['I just won a prize, so happy!', 'positive'],
  ['We spent two days in Paris, loved it', 'positive'],
  ['3 days till Christmas!', 'neutral'],
  // Reviews.
  ['Absolutely love this blender, best purchase this year', 'positive', 'praise'],
  ['A beautifully shot, deeply moving film.', 'positive'],
  ['Not bad at all, actually quite fun.', 'positive'],
  ['Works as described.', 'positive'],
  ['Five stars, would buy again', 'positive'],
  ['The battery died after two days.', 'negative'],
  ['Returned it, total junk.', 'negative'],
  ['Not worth the money.', 'negative'],
  ['Stopped working after a week', 'negative'],
  ['The hotel was clean but the staff were rude.', 'negative'],
  // Opinion writing.
  ["The city council's plan is a reckless waste of money.", 'negative'],
  ['A welcome step toward cleaner air.', 'positive'],
  // No polarity at all.
  ['The package arrived on Tuesday.', 'neutral'],
  ['@acme http://t.co/abc', 'neutral', 'other'],
  // Customer care: polite questions are not praise, failures are complaints.
  ['Could you tell me if you ship to Canada?', 'neutral', 'question'],
  ['@acme could you tell me when the store opens? thanks', 'neutral', 'question'],
  ['Why is my package 3 weeks late?', 'negative', 'complaint'],
  ['ugh, on hold for 2 hours', 'negative', 'complaint'],
  ['@acme 3 hours and nothing', 'negative', 'complaint'],
  ['NOT happy with the update', 'negative', 'complaint'],
  ['the worst customer service i have ever had 😡', 'negative', 'complaint'],
  ['#fail', 'negative', 'complaint'],
  ["Can't complain, great service", 'positive', 'praise'],
  ['thanks for nothing', 'negative', 'complaint'],
  ['great, another delay 🙄', 'negative', 'complaint'],
  ['Well, that was a disaster. Great.', 'negative', 'complaint'],
]

describe('classify: hand-written general-text cases', () => {
  it.each(CASES)('%s → %s', (text, sentiment, intent) => {
    const c = classify(text)
    expect(c.sentiment).toBe(sentiment)
    if (intent) expect(c.intent).toBe(intent)
    // The probabilities agree with the label, and the score's sign with the polarity.
    const p = c.probabilities
    const top = (['negative', 'neutral', 'positive'] as const).reduce((a, b) => (p[b] > p[a] ? b : a))
    expect(top).toBe(sentiment)
    if (sentiment === 'positive') expect(c.score).toBeGreaterThan(0)
    if (sentiment === 'negative') expect(c.score).toBeLessThan(0)
  })
})

describe('classify: cues name what drove the reading', () => {
  it('names negation, emoji, waiting and sarcasm', () => {
    expect(classify('I am not happy with this').cues).toContain('negation: not happy')
    expect(classify('this is taking forever 😡').cues).toContain('emoji 😡')
    expect(classify('@acme waited 3 hours for a reply').cues).toContain('waiting: 3 hours')
    expect(classify('thanks for nothing').cues).toContain('sarcasm: thanks for nothing')
    expect(classify('The package arrived on Tuesday.').cues).toEqual([])
  })

  it('names capitals, emoticons and contrast, and drops the praise words of sarcasm', () => {
    expect(classify('I am SO angry about this').cues.some((c) => c.startsWith('caps: '))).toBe(true)
    expect(classify(':(').cues).toEqual(['emoticon :('])
    expect(classify('nice crew but the flight was awful').cues).toContain('contrast: but')
    const sarcastic = classify('great, another delay 🙄').cues
    expect(sarcastic).not.toContain('word: great')
    expect(sarcastic.length).toBeLessThanOrEqual(6)
  })

  it('ignores handles and links for polarity', () => {
    expect(classify('@happyairline http://great.example/love').sentiment).toBe('neutral')
    expect(classify('@worstbrand_ever thanks, that worked!').sentiment).toBe('positive')
  })
})

describe('classify: bad input gives a result, never a crash', () => {
  const inputs: [string, string][] = [
    ['empty', ''],
    ['blank', ' \t '],
    ['100 kB', 'my order never arrived and nobody answers '.repeat(2500)],
    ['binary junk', Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('')],
    ['mixed scripts', 'Das Paket ist nicht angekommen 😡 配達が遅い доставка delivery is late'],
    ['lone surrogates', 'late \uD83D again \uDC00 and \uD800'],
    ['cut emoji at the 4,000-character limit', `${'a'.repeat(3999)}😡😡`],
    ['control characters', '\u0000\u0001\u0007\u001b[31m\uFEFF\uFFFD'],
  ]
  it.each(inputs)('%s', (_name, text) => {
    const c = classify(text)
    expect(['positive', 'neutral', 'negative']).toContain(c.sentiment)
    expect(Number.isFinite(c.score)).toBe(true)
    expect(Math.abs(c.score)).toBeLessThanOrEqual(1)
    const p = c.probabilities
    expect(p.negative + p.neutral + p.positive).toBeCloseTo(1, 2)
    expect(() => JSON.stringify(c)).not.toThrow()
  })

  it('reads the complaint of a 100 kB line and of mixed scripts', () => {
    expect(classify('my order never arrived and nobody answers '.repeat(2500)).intent).toBe('complaint')
    expect(classify('Das Paket ist nicht angekommen 😡 配達が遅い delivery is late').sentiment).toBe(
      'negative',
    )
    expect(classify('').sentiment).toBe('neutral')
  })
})
