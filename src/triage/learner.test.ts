import { describe, expect, it } from 'vitest'
import { classify } from './classifier.js'
import { type Sentiment, TriageLearner } from './learner.js'

// A fictional pizza-delivery workspace whose customers use jargon the shipped lexicon does not know
// ("soggy", "ghosted", "lukewarm", "crispy", "piping hot"): exactly what agents' corrections teach.
const TRAIN: [string, Sentiment][] = [
  ['@pizzaco the crust was soggy again', 'negative'],
  ['@pizzaco driver ghosted me, pizza lukewarm', 'negative'],
  ['soggy crust and lukewarm cheese tonight @pizzaco', 'negative'],
  ['@pizzaco my order got ghosted, app spinning forever', 'negative'],
  ['lukewarm pizza, soggy fries, meh @pizzaco', 'negative'],
  ['@pizzaco app keeps spinning at checkout', 'negative'],
  ['@pizzaco ghosted for the second time this week', 'negative'],
  ['@pizzaco crispy crust and piping hot, yum', 'positive'],
  ['piping hot delivery tonight, crispy perfection @pizzaco', 'positive'],
  ['@pizzaco the crust was crispy and the driver speedy', 'positive'],
  ['speedy driver, piping hot pizza @pizzaco yum', 'positive'],
  ['@pizzaco yum, crispy as always', 'positive'],
  ['@pizzaco do you deliver to the harbour district', 'neutral'],
  ['@pizzaco what toppings are on the veggie special', 'neutral'],
  ['@pizzaco is the harbour branch open on sundays', 'neutral'],
  ['@pizzaco what sizes does the veggie special come in', 'neutral'],
  ['@pizzaco which branch delivers to the harbour', 'neutral'],
]

const TEST: [string, Sentiment][] = [
  ['@pizzaco soggy base, lukewarm toppings', 'negative'],
  ['@pizzaco ghosted again, app spinning', 'negative'],
  ['@pizzaco piping hot and crispy, yum', 'positive'],
  ['@pizzaco speedy driver, crispy crust', 'positive'],
  ['@pizzaco does the harbour branch do the veggie special', 'neutral'],
  ['@pizzaco what toppings does the harbour branch have', 'neutral'],
]

function accuracy(learner?: TriageLearner): number {
  let ok = 0
  for (const [text, label] of TEST) if (classify(text, { learner }).sentiment === label) ok++
  return ok / TEST.length
}

describe('TriageLearner', () => {
  it('starts empty and predicts nothing', () => {
    const learner = new TriageLearner()
    expect(learner.examples).toBe(0)
    expect(learner.predict('anything')).toBeNull()
  })

  it("improves the pipeline on a workspace's own jargon", () => {
    const before = accuracy()
    const learner = new TriageLearner()
    // Corrections keep arriving; a few rounds over the same small set stand in for a longer history.
    for (let round = 0; round < 5; round++) for (const [text, label] of TRAIN) learner.learn(text, label)
    const after = accuracy(learner)
    expect(before).toBeLessThan(0.7)
    expect(after).toBeGreaterThan(before)
    expect(after).toBeGreaterThanOrEqual(5 / 6)
  })

  it('returns normalised probabilities', () => {
    const learner = new TriageLearner()
    for (const [text, label] of TRAIN) learner.learn(text, label)
    const p = learner.predict('@pizzaco soggy and lukewarm')!
    expect(p.negative + p.neutral + p.positive).toBeCloseTo(1, 10)
    expect(p.negative).toBeGreaterThan(p.positive)
  })

  it('round-trips through JSON with the same predictions', () => {
    const learner = new TriageLearner()
    for (const [text, label] of TRAIN) learner.learn(text, label)
    const restored = TriageLearner.fromJSON(JSON.parse(JSON.stringify(learner)))
    expect(restored.examples).toBe(learner.examples)
    for (const [text] of TEST) {
      const a = learner.predict(text)!
      const b = restored.predict(text)!
      // Rows are stored as float32: equal to about 6 digits.
      for (const k of ['negative', 'neutral', 'positive'] as const) expect(b[k]).toBeCloseTo(a[k], 5)
    }
    // It keeps learning from where it was.
    restored.learn('@pizzaco soggy again', 'negative')
    expect(restored.examples).toBe(learner.examples + 1)
  })

  it('round-trips a large state (table growth on restore)', () => {
    // Letters only: digits would all become the same number placeholder.
    const word = (i: number) =>
      `w${String.fromCharCode(97 + (i % 26), 97 + (((i / 26) | 0) % 26), 97 + ((i / 676) | 0))}`
    const learner = new TriageLearner()
    for (let i = 0; i < 400; i++)
      learner.learn(`@pizzaco ${word(i)} ${word(i * 7)} soggy`, i % 3 ? 'negative' : 'neutral')
    const once = TriageLearner.fromJSON(JSON.parse(JSON.stringify(learner)))
    const twice = TriageLearner.fromJSON(once.toJSON())
    // Keys are written in table order, so compare sets of (key, row) pairs after decoding.
    const decoded = (l: TriageLearner) => {
      const s = l.toJSON()
      const keys = new Int32Array(new Uint8Array(Buffer.from(s.keys, 'base64')).buffer)
      const rows = new Float32Array(new Uint8Array(Buffer.from(s.rows, 'base64')).buffer)
      return [...keys].map((k, i) => [k, ...rows.subarray(i * 6, i * 6 + 6)]).sort((a, b) => a[0]! - b[0]!)
    }
    expect(decoded(learner).length).toBeGreaterThan(1000)
    expect(decoded(once)).toEqual(decoded(learner))
    expect(decoded(twice)).toEqual(decoded(once))
  })

  it('rejects unknown labels and foreign state', () => {
    const learner = new TriageLearner()
    expect(() => learner.learn('x', 'angry' as Sentiment)).toThrow()
    expect(() => TriageLearner.fromJSON({ version: 99 } as never)).toThrow()
    const good = new TriageLearner()
    good.learn('@pizzaco soggy', 'negative')
    expect(() => TriageLearner.fromJSON({ ...good.toJSON(), rows: 'AAAA' })).toThrow(/corrupt/)
  })
})
