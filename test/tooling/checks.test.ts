/**
 * The CI checks of issue #19 fail when they should: an import circle, a forbidden import and a stale
 * generated API client each make their check exit non-zero, and a clean tree passes.
 * Fixtures: test/tooling/fixtures/deps-broken (one of each violation) and deps-clean.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..')
const FIXTURES = join(import.meta.dirname, 'fixtures')

/** Runs the repository's dependency rules (.dependency-cruiser.cjs) over a fixture folder. */
function cruise(fixture: string) {
  const r = spawnSync(
    join(ROOT, 'node_modules', '.bin', 'depcruise'),
    ['src', 'web', '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'err'],
    { cwd: join(FIXTURES, fixture), encoding: 'utf8', timeout: 120_000 },
  )
  return { status: r.status, out: `${r.stdout}${r.stderr}` }
}

/** Runs `tsx scripts/gen-api.ts` with `args`. */
function genApi(args: string[]) {
  const r = spawnSync(
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    [join(ROOT, 'scripts', 'gen-api.ts'), ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    },
  )
  return { status: r.status, out: `${r.stdout}${r.stderr}` }
}

describe('import rules (npm run check:deps)', () => {
  it('fail on a circle, a web import outside src/shared, an impure shared module and an upward import', () => {
    const r = cruise('deps-broken')
    expect(r.status).not.toBe(0)
    expect(r.out).toMatch(/no-circular: src\/inbox\/thread-helper\.ts →\s+src\/inbox\/thread\.service\.ts/)
    expect(r.out).toContain('web-imports-only-shared: web/src/page.ts → src/inbox/thread-helper.ts')
    expect(r.out).toContain('shared-is-pure: src/shared/length.ts → path')
    expect(r.out).toContain('domain-not-upward: src/inbox/thread.service.ts → src/http/ranking.routes.ts')
    expect(r.out).toContain('4 dependency violations')
  }, 120_000)

  it('pass on a tree that imports only downwards and shares through src/shared', () => {
    const r = cruise('deps-clean')
    expect(r.out).toContain('no dependency violations found')
    expect(r.status).toBe(0)
  }, 120_000)
})

describe('generated API client (npm run check:api)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'townhall-schema-'))
  const file = join(dir, 'schema.gen.ts')
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('passes on a freshly generated file and fails once a field of the document is missing from it', () => {
    expect(genApi(['--file', file]).status).toBe(0)
    const fresh = readFileSync(file, 'utf8')
    expect(fresh).toContain('"/api/session": {')
    expect(genApi(['--check', '--file', file]).status).toBe(0)

    // a committed client that still lacks a field the server now sends
    const stale = fresh.replace(/^( *)csrfToken: string;\n/m, '')
    expect(stale).not.toBe(fresh)
    writeFileSync(file, stale)
    const r = genApi(['--check', '--file', file])
    expect(r.status).toBe(1)
    expect(r.out).toContain('is stale')
    expect(r.out).toContain('npm run gen:api')
    // @NOTE three runs of the generator, each loading the whole app in a fresh process
  }, 240_000)
})
