/** Types for scripts/build.mjs (plain Node ESM so `npm start` needs no TypeScript at run time). */
export type BuildTarget = 'web' | 'server'

export declare const TARGETS: Record<BuildTarget, { sources: string[]; outputs: string[] }>

/** True when the target's outputs are missing or older than its newest source. */
export declare function isStale(name: BuildTarget): boolean

/** Builds the stale targets (or all with `force`); resolves with the names it built. */
export declare function build(options?: {
  force?: boolean
  only?: BuildTarget
  log?: boolean
}): Promise<BuildTarget[]>
