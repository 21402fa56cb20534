import { createInterface } from 'node:readline'

/** Where a CLI command writes; tests pass their own. */
export interface CliIo {
  out(line: string): void
  err(line: string): void
  stdin: NodeJS.ReadableStream & { isTTY?: boolean }
  stdout: NodeJS.WritableStream
}

export const processIo: CliIo = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  stdin: process.stdin,
  stdout: process.stdout,
}

/** Reads a secret: the first line of stdin when piped, or a prompt without echo on a terminal. */
export async function readSecret(io: CliIo, prompt: string): Promise<string> {
  if (!io.stdin.isTTY) {
    const rl = createInterface({ input: io.stdin })
    for await (const line of rl) {
      rl.close()
      return line.replace(/\r$/, '')
    }
    return ''
  }
  process.stderr.write(prompt)
  return await new Promise((resolve) => {
    const stdin = process.stdin
    stdin.setRawMode?.(true)
    stdin.resume()
    let value = ''
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode?.(false)
          stdin.pause()
          stdin.off('data', onData)
          process.stderr.write('\n')
          resolve(value)
          return
        }
        if (ch === '\u0003') process.exit(130)
        value = ch === '\u007f' ? value.slice(0, -1) : value + ch
      }
    }
    stdin.on('data', onData)
  })
}
