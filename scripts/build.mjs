#!/usr/bin/env node
/**
 * Builds what `townhall start` needs: the web app (Vite, into web/dist) and the server (tsc, into
 * dist/). Each part is rebuilt only when its output is missing or older than its newest source,
 * or always with --force. Usable as a script (`node scripts/build.mjs [--force]`) or imported
 * (`await build({ force })`).
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const SKIP = new Set(['node_modules', 'dist', '.git'])

/** Newest modification time (ms) of any file under `paths`, skipping dist and node_modules. */
function newestMtime(paths) {
  let newest = 0
  const visit = (p) => {
    let st
    try {
      st = statSync(p)
    } catch {
      return
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) if (!SKIP.has(name)) visit(join(p, name))
    } else if (st.mtimeMs > newest) {
      newest = st.mtimeMs
    }
  }
  for (const p of paths) visit(p)
  return newest
}

/** Oldest modification time of the given output files, or 0 when any is missing. */
function outputMtime(files) {
  let oldest = Number.POSITIVE_INFINITY
  for (const f of files) {
    if (!existsSync(f)) return 0
    oldest = Math.min(oldest, statSync(f).mtimeMs)
  }
  return oldest
}

const SHARED_CONFIG = ['package.json', 'package-lock.json', 'tsconfig.json']

/** The parts we build: sources that feed them and the outputs that mark them done. */
export const TARGETS = {
  web: {
    sources: ['web', ...SHARED_CONFIG].map((p) => join(ROOT, p)),
    outputs: [join(ROOT, 'web', 'dist', 'index.html')],
  },
  server: {
    sources: ['src', ...SHARED_CONFIG].map((p) => join(ROOT, p)),
    outputs: [join(ROOT, 'dist', 'cli', 'main.js')],
  },
}

/** True when `name`'s outputs are missing or older than its newest source. */
export function isStale(name) {
  const t = TARGETS[name]
  const out = outputMtime(t.outputs)
  return out === 0 || newestMtime(t.sources) > out
}

async function buildWeb(log) {
  const { build } = await import('vite')
  await build({
    configFile: join(ROOT, 'web', 'vite.config.ts'),
    root: join(ROOT, 'web'),
    logLevel: log ? 'warn' : 'silent',
    build: { outDir: join(ROOT, 'web', 'dist'), emptyOutDir: true },
  })
}

/** Server sources to compile: everything under src except tests and contract suites (they import vitest). */
function serverEntries() {
  const out = []
  const visit = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name)
      if (e.isDirectory()) visit(p)
      else if (
        /\.ts$/.test(e.name) &&
        !/\.(test|contract|testing)\.ts$/.test(e.name) &&
        !e.name.endsWith('.d.ts')
      )
        out.push(p)
    }
  }
  visit(join(ROOT, 'src'))
  return out
}

/**
 * Transpiles the server file by file with esbuild (no bundling, same layout under dist/). Type checking
 * is `npm run typecheck` and CI's job; @NOTE tsc emit took 40 s to 2 min here, esbuild about a second.
 */
async function buildServer() {
  const { build: esbuild } = await import('esbuild')
  rmSync(join(ROOT, 'dist'), { recursive: true, force: true })
  await esbuild({
    entryPoints: serverEntries(),
    outdir: join(ROOT, 'dist'),
    outbase: join(ROOT, 'src'),
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    bundle: false,
    logLevel: 'warning',
  })
}

/**
 * Builds the stale parts (or all with `force`). `only` limits it to 'web' or 'server'.
 * Returns the names of the parts it built.
 */
export async function build({ force = false, only, log = true } = {}) {
  const built = []
  const say = (msg) => log && process.stderr.write(`${msg}\n`)
  for (const [name, run] of [
    ['web', () => buildWeb(log)],
    ['server', buildServer],
  ]) {
    if (only && only !== name) continue
    if (!force && !isStale(name)) continue
    const started = Date.now()
    say(`townhall: building ${name}…`)
    await run()
    say(
      `townhall: built ${name} in ${Date.now() - started} ms (${relative(ROOT, dirname(TARGETS[name].outputs[0]))})`,
    )
    built.push(name)
  }
  return built
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2)
  const onlyArg = args.find((a) => a.startsWith('--only='))
  build({ force: args.includes('--force'), only: onlyArg?.slice('--only='.length) }).then(
    (built) => {
      if (built.length === 0) process.stderr.write('townhall: build is up to date\n')
    },
    (err) => {
      process.stderr.write(`townhall: build failed: ${err instanceof Error ? err.message : String(err)}\n`)
      process.exit(1)
    },
  )
}
