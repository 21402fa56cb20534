/**
 * Import rules CI enforces (`npm run check:deps`; docs/architecture.md explains the layers):
 * no import circles (type-only imports count), web/ imports nothing of src/ but src/shared/,
 * src/shared/ imports nothing but itself, and the layers only import downwards
 * (domain ← application ← http ← cli; only the composition root src/context.ts and the
 * worker runner src/jobs/worker.ts know them all).
 */
/** Everything under src/ but the layers above the domains: http/, cli/, the composition root and the worker runner. */
const BELOW_HTTP = {
  path: '^src/',
  pathNot: ['^src/(http|cli)/', '^src/context\\.ts$', '^src/jobs/worker\\.ts$', '\\.test\\.ts$'],
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Import circles make modules impossible to load, test or move on their own: move shared types into a *.types.ts both sides import, or pass the dependency in.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'web-imports-only-shared',
      severity: 'error',
      comment:
        'The web app speaks to the server through the generated client (web/src/api/schema.gen.ts); code both sides run lives in src/shared/.',
      from: { path: '^web/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      name: 'shared-is-pure',
      severity: 'error',
      comment:
        'src/shared/ runs in the browser too: no Node APIs, no database, nothing of src/ outside src/shared/.',
      from: { path: '^src/shared/' },
      to: { pathNot: '^src/shared/' },
    },
    {
      name: 'domain-not-upward',
      severity: 'error',
      comment:
        'Domain code never imports http/, cli/ or the composition root; it gets its dependencies passed in.',
      // @NOTE src/jobs/worker.ts runs every domain's jobs over the whole context (like cli/), so it sits above them.
      from: BELOW_HTTP,
      to: { path: ['^src/http/', '^src/cli/', '^src/context\\.ts$'] },
    },
    {
      name: 'nothing-imports-cli',
      severity: 'error',
      comment:
        'cli/ is the top layer: the command builds the context and the app, never the other way round.',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)node_modules/', '^web/dist/', '^dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
}
