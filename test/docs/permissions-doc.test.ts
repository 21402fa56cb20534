import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ACTIONS, ROLES } from '../../src/workspace/permissions.js'

describe('docs/permissions.md', () => {
  it('states exactly the matrix the server enforces', () => {
    const md = readFileSync('docs/permissions.md', 'utf8')
    const rows = md.split('\n').filter((l) => l.startsWith('| `'))
    const documented: Record<string, string[]> = {}
    for (const row of rows) {
      const cells = row
        .split('|')
        .map((c) => c.trim())
        .filter(Boolean)
      const action = cells[0]!.replace(/`/g, '')
      documented[action] = ROLES.filter((_r, i) => cells[i + 1] === 'yes')
    }
    const enforced = Object.fromEntries(Object.entries(ACTIONS).map(([a, roles]) => [a, [...roles]]))
    expect(documented).toEqual(enforced)
  })
})
