import { describe, expect, it } from 'vitest'
import { FeatureTable } from './feature-table.js'

describe('FeatureTable', () => {
  it('stores rows initialised from the template and keeps them across growth', () => {
    const table = new FeatureTable([1, 2], 4)
    const keys = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 1_048_576)
    for (const k of keys) {
      const o = table.upsert(k)
      expect([table.rows[o], table.rows[o + 1]]).toEqual([1, 2])
      table.rows[o] = k
    }
    expect(table.size).toBe(keys.length)
    for (const k of keys) expect(table.rows[table.find(k)]).toBe(k)
    expect(table.find(1_048_575)).toBe(-1)
    let seen = 0
    table.forEach((k, o) => {
      expect(table.rows[o]).toBe(k)
      seen++
    })
    expect(seen).toBe(keys.length)
  })

  it('returns the same row for a key upserted twice, including key 0', () => {
    const table = new FeatureTable([0, 0, 0])
    const a = table.upsert(0)
    expect(table.upsert(0)).toBe(a)
    expect(table.size).toBe(1)
  })
})
