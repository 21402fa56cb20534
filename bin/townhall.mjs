#!/usr/bin/env node
// Thin runner: builds the server and web app when missing or stale, then hands over to the CLI.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const entry = join(root, 'dist', 'cli', 'main.js')

function newest(dir) {
  let t = 0
  if (!existsSync(dir)) return t
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue
    const p = join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

const stamp = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0)
const serverStale = stamp(entry) < newest(join(root, 'src'))
const webStale = stamp(join(root, 'web', 'dist', 'index.html')) < newest(join(root, 'web', 'src'))
if ((serverStale || webStale) && existsSync(join(root, 'scripts', 'build.mjs'))) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {
    stdio: ['ignore', 'inherit', 'inherit'],
    cwd: root,
  })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
const { main } = await import(pathToFileURL(entry).href)
process.exitCode = await main(process.argv.slice(2))
