/**
 * `npm run bench -- NAME [args]` runs bench/NAME.bench.ts. Each bench prints progress first and its
 * figures last, as `name: value` lines.
 */
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const [name, ...args] = process.argv.slice(2)
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME   (one of: ${available.join(', ') || 'none yet'})`)
  process.exit(2)
}
const file = join(here, `${name}.bench.ts`)
if (!existsSync(file)) process.exit(2)
const mod = (await import(pathToFileURL(file).href)) as { default: (args: string[]) => Promise<void> }
await mod.default(args)
process.exit(0)
