/**
 * `townhall classify`: reads one message per line on stdin, writes one JSON classification per line.
 *
 * Every input line yields exactly one output line, so outputs can be pasted next to inputs (`paste`).
 * Empty or whitespace-only lines therefore are NOT skipped: they produce the neutral object
 * `{"sentiment":"neutral","score":0,"probabilities":{"negative":0,"neutral":1,"positive":0},"intent":"other","language":"und","needsReply":false}`.
 */
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { type Classification, classify, emptyClassification } from './classifier.js'

const EMPTY: Classification = emptyClassification()
// Output is flushed in chunks of about this many characters: one write per line is the bottleneck
// on large inputs, while chunking keeps memory flat.
const CHUNK = 64 * 1024

/** Serialises a classification with a fixed key order (the documented wire format). */
export function formatClassification(c: Classification): string {
  return JSON.stringify({
    sentiment: c.sentiment,
    score: c.score,
    probabilities: c.probabilities,
    intent: c.intent,
    language: c.language,
    needsReply: c.needsReply,
  })
}

/**
 * Streams `input` line by line to `output` as JSON lines. Honours back-pressure; returns the exit
 * code (0).
 */
export async function classifyCommand(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<number> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })
  let buffer = ''
  const flush = async () => {
    if (buffer === '') return
    const ok = output.write(buffer)
    buffer = ''
    if (!ok) await once(output, 'drain')
  }
  for await (const line of lines) {
    buffer += `${formatClassification(line.trim() === '' ? EMPTY : classify(line))}\n`
    if (buffer.length >= CHUNK) await flush()
  }
  await flush()
  return 0
}
