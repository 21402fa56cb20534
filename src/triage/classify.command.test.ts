import { PassThrough, Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { classifyCommand } from './classify.command.js'

async function run(input: string): Promise<{ code: number; lines: string[] }> {
  const output = new PassThrough()
  const chunks: Buffer[] = []
  output.on('data', (c: Buffer) => chunks.push(c))
  const code = await classifyCommand(Readable.from([input]), output)
  const text = Buffer.concat(chunks).toString('utf8')
  expect(text.endsWith('\n')).toBe(true)
  return { code, lines: text.slice(0, -1).split('\n') }
}

const SHAPE =
  /^\{"sentiment":"(positive|neutral|negative)","score":-?\d+(\.\d+)?,"probabilities":\{"negative":\d+(\.\d+)?,"neutral":\d+(\.\d+)?,"positive":\d+(\.\d+)?\},"intent":"(question|complaint|praise|request|spam|other)","language":"[a-z]{2,3}","needsReply":(true|false)\}$/

describe('townhall classify', () => {
  it('writes exactly one JSON object of the documented shape per input line', async () => {
    const { code, lines } = await run(
      '@united thanks for nothing\nwhere is my refund?\nHola, mi vuelo fue cancelado y nadie me ayuda\n',
    )
    expect(code).toBe(0)
    expect(lines).toHaveLength(3)
    for (const line of lines) expect(line).toMatch(SHAPE)
    const parsed = lines.map((l) => JSON.parse(l))
    expect(parsed[0]).toMatchObject({ sentiment: 'negative', intent: 'complaint', needsReply: true })
    expect(parsed[1].needsReply).toBe(true)
    expect(parsed[2].language).toBe('es')
  })

  it('keeps line alignment: empty lines give the neutral object, CRLF and a missing final newline work', async () => {
    const { lines } = await run('great flight!\r\n\r\n   \r\nlost my bag')
    expect(lines).toHaveLength(4)
    expect(lines[1]).toBe(
      '{"sentiment":"neutral","score":0,"probabilities":{"negative":0,"neutral":1,"positive":0},"intent":"other","language":"und","needsReply":false}',
    )
    expect(lines[2]).toBe(lines[1])
    expect(JSON.parse(lines[3]!).intent).toBe('complaint')
  })

  it('answers every line of bad input: empty, 100 kB, binary junk, mixed scripts, lone surrogates', async () => {
    const junk = Array.from({ length: 3000 }, (_, i) => String.fromCharCode(1 + ((i * 7919) % 0xd7ff)))
      .join('')
      .replace(/[\r\n\u2028\u2029\u0085]/g, ' ')
    const input = [
      '',
      `${'my order never arrived and nobody answers '.repeat(2500)}`,
      junk,
      'Das Paket ist nicht angekommen 😡 配達が遅い delivery is late',
      'lone \uD83D high and \uDC00 low surrogates, still late again',
      '\u0000\u0001\u0002\uFFFD\uFEFF',
    ].join('\n')
    const { lines } = await run(input)
    expect(lines).toHaveLength(6)
    for (const line of lines) expect(line).toMatch(SHAPE)
    const parsed = lines.map((l) => JSON.parse(l))
    expect(parsed[0]!.sentiment).toBe('neutral')
    expect(parsed[1]).toMatchObject({ sentiment: 'negative', intent: 'complaint' })
    expect(parsed[3]!.sentiment).toBe('negative')
    expect(parsed[4]!.sentiment).toBe('negative')
    expect(parsed[5]).toMatchObject({ sentiment: 'neutral', intent: 'other' })
  })

  it('streams large input', async () => {
    const n = 10_000
    const { lines } = await run('my flight was delayed again\n'.repeat(n))
    expect(lines).toHaveLength(n)
  })
})
