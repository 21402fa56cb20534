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
  /^\{"sentiment":"(positive|neutral|negative)","score":-?\d+(\.\d+)?,"intent":"(question|complaint|praise|request|spam|other)","language":"[a-z]{2,3}","needsReply":(true|false)\}$/

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
      '{"sentiment":"neutral","score":0,"intent":"other","language":"und","needsReply":false}',
    )
    expect(lines[2]).toBe(lines[1])
    expect(JSON.parse(lines[3]!).intent).toBe('complaint')
  })

  it('streams large input', async () => {
    const n = 10_000
    const { lines } = await run('my flight was delayed again\n'.repeat(n))
    expect(lines).toHaveLength(n)
  })
})
