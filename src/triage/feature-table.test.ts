import { describe, expect, it } from 'vitest'
import { FeatureTable } from './feature-table.js'

describe('FeatureTable', () => {
  it('stores rows initialised from the template and keeps them across growth', () => {
    const table = new FeatureTable([1, 2], 4)
    const keys = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 1_048_576)
    let fresh = 0
    for (const k of keys) {
      const o = table.upsert(k)
      if (table.rows[o] === 1 && table.rows[o + 1] === 2) fresh++
      table.rows[o] = k
    }
    expect(fresh).toBe(keys.length)
    expect(table.size).toBe(keys.length)
    expect(keys.filter((k) => table.rows[table.find(k)] !== k)).toEqual([])
    expect(table.find(1_048_575)).toBe(-1)
    const seen: number[] = []
    table.forEach((k, o) => {
      if (table.rows[o] === k) seen.push(k)
    })
    expect(seen.sort((a, b) => a - b)).toEqual([...keys].sort((a, b) => a - b))
  })

  it('returns the same row for a key upserted twice, including key 0', () => {
    const table = new FeatureTable([0, 0, 0])
    const a = table.upsert(0)
    expect(table.upsert(0)).toBe(a)
    expect(table.size).toBe(1)
  })
})
