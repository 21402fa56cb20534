import { describe, expect, it } from 'vitest'
import { classify } from '../../triage/classifier.js'
import { TEMPLATE_POOLS } from './sandbox.generator.js'
import { labelledSandboxTexts, SANDBOX_LABELS } from './sandbox.labels.js'

describe('Sandbox messages with intended labels', () => {
  it('labels every template of the generator', () => {
    const templates = Object.values(TEMPLATE_POOLS).flat()
    for (const t of templates) expect(SANDBOX_LABELS.has(t), t).toBe(true)
    expect(labelledSandboxTexts()).toHaveLength(templates.length)
  })

  it('reads the three messages the issue names right', () => {
    const praise = classify('Love how @acme actually listens to its customers ❤️')
    expect(praise).toMatchObject({ sentiment: 'positive', intent: 'praise', needsReply: false })
    const finally_ = classify('Finally! Been waiting for this.')
    expect(finally_).toMatchObject({ sentiment: 'positive', intent: 'praise', needsReply: false })
    const sarcasm = classify('Oh good, another "we are looking into it" from @acme. Very reassuring.')
    expect(sarcasm).toMatchObject({ sentiment: 'negative', intent: 'complaint', needsReply: true })
    expect(sarcasm.cues.some((c) => c.startsWith('sarcasm: '))).toBe(true)
  })

  it('triage reads most of them as intended, and no praise as urgent nor a complaint as done', () => {
    const texts = labelledSandboxTexts()
    let sentiment = 0
    let intent = 0
    const wrong: string[] = []
    for (const t of texts) {
      const c = classify(t.text)
      if (c.sentiment === t.sentiment) sentiment++
      if (c.intent === t.intent) intent++
      else wrong.push(`${t.text} → ${c.intent} (want ${t.intent})`)
      if (t.intent === 'praise') expect(c.sentiment, t.text).not.toBe('negative')
      if (t.intent === 'complaint') expect(c.needsReply, t.text).toBe(true)
    }
    // Measured 70/73 sentiment and 69/73 intent when written (see src/triage/README.md).
    expect(sentiment, wrong.join('\n')).toBeGreaterThanOrEqual(69)
    expect(intent, wrong.join('\n')).toBeGreaterThanOrEqual(68)
  })
})
