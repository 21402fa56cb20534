import { describe, expect, it } from 'vitest'
import { classify } from './classifier.js'

describe('classify (lexicon + rules, no learner)', () => {
  it('reads "thanks for nothing" sarcasm as a negative complaint', () => {
    const c = classify('@united thanks for nothing, 3 hours on hold and no answer')
    expect(c.sentiment).toBe('negative')
    expect(c.intent).toBe('complaint')
    expect(c.needsReply).toBe(true)
    expect(c.score).toBeLessThan(-0.3)
  })

  it('reads sarcastic "great, another delay" as negative', () => {
    const c = classify('Great, another delay. Love sitting at the gate for hours')
    expect(c.sentiment).toBe('negative')
    expect(c.intent).toBe('complaint')
  })

  it('treats "where is my refund?" as a question or complaint that needs a reply', () => {
    const c = classify('where is my refund?')
    expect(['question', 'complaint']).toContain(c.intent)
    expect(c.needsReply).toBe(true)
    expect(c.language).toBe('en')
  })

  it('reads service-failure phrases as complaints although they contain no generic negative word', () => {
    for (const text of [
      '@delta still waiting for my bag, been 2 days',
      '@brand my flight got cancelled and nobody can rebook me',
      'lost my bag again, who do I call',
    ]) {
      const c = classify(text)
      expect(c.sentiment, text).toBe('negative')
      expect(c.intent, text).toBe('complaint')
      expect(c.needsReply, text).toBe(true)
    }
  })

  it('handles negation: "not happy" is negative, "not bad" is not negative', () => {
    expect(classify('I am not happy with this service').sentiment).toBe('negative')
    expect(classify('not bad at all').sentiment).not.toBe('negative')
  })

  it('reads eye-roll praise as sarcasm', () => {
    expect(classify('@brand great service as always 🙄').sentiment).toBe('negative')
    expect(classify('@brand great service as always').sentiment).toBe('positive')
  })

  it('classifies very long input (cut to its first 4,000 characters)', () => {
    // @NOTE speed is measured by `npm run bench -- classify`, never asserted in tests.
    const c = classify(`${'why is my flight delayed and nobody answers '.repeat(20_000)}?`)
    expect(c.intent).toBe('complaint')
    expect(c.needsReply).toBe(true)
  })

  it('weights the clause after "but"', () => {
    expect(classify('Friendly crew but the flight was delayed 3 hours').sentiment).toBe('negative')
  })

  it('reads praise as positive praise that needs no reply', () => {
    const c = classify('@airline love the new seats, the crew was amazing! Thank you!')
    expect(c.sentiment).toBe('positive')
    expect(c.intent).toBe('praise')
    expect(c.needsReply).toBe(false)
    expect(c.score).toBeGreaterThan(0.5)
  })

  it('detects a neutral question', () => {
    const c = classify('@airline do you fly to Denver from Austin?')
    expect(c.sentiment).toBe('neutral')
    expect(c.intent).toBe('question')
    expect(c.needsReply).toBe(true)
  })

  it('detects a request', () => {
    const c = classify('please dm me the booking details')
    expect(c.intent).toBe('request')
    expect(c.needsReply).toBe(true)
  })

  it('flags link-bait as spam that needs no reply', () => {
    const c = classify('FREE followers!!! click here http://bit.ly/xyz #giveaway')
    expect(c.intent).toBe('spam')
    expect(c.needsReply).toBe(false)
  })

  it('detects languages by stop-word profiles', () => {
    expect(classify('Hola, mi vuelo fue cancelado y nadie me ayuda').language).toBe('es')
    expect(classify("Bonjour, mon vol est annulé et personne ne m'a répondu").language).toBe('fr')
    expect(classify('Mein Flug wurde storniert und niemand hilft mir').language).toBe('de')
    expect(classify('O meu voo foi cancelado e ninguém me ajuda').language).toBe('pt')
    expect(classify('Il mio volo è stato cancellato e nessuno mi aiuta').language).toBe('it')
    expect(classify('Mijn vlucht is geannuleerd en niemand helpt mij').language).toBe('nl')
    expect(classify('The flight was fine, thanks for asking').language).toBe('en')
    expect(classify('👍').language).toBe('und')
    expect(classify('').language).toBe('und')
  })

  it('reads common complaints in other languages as negative', () => {
    const c = classify('Hola, mi vuelo fue cancelado y nadie me ayuda')
    expect(c.sentiment).toBe('negative')
    expect(c.needsReply).toBe(true)
  })

  it('returns the documented shape with the score in -1..1', () => {
    for (const text of ['', '   ', 'ok', 'WORST. AIRLINE. EVER!!!!!!!!!', 'best best best amazing!!!!!!']) {
      const c = classify(text)
      expect(Object.keys(c)).toEqual([
        'sentiment',
        'score',
        'probabilities',
        'intent',
        'language',
        'needsReply',
        'cues',
      ])
      const p = c.probabilities
      expect(p.negative + p.neutral + p.positive).toBeCloseTo(1, 2)
      expect(c.score).toBeGreaterThanOrEqual(-1)
      expect(c.score).toBeLessThanOrEqual(1)
    }
  })
})
