import { describe, expect, it } from 'vitest'
import { parseCsv, parseCsvRecords } from './csv.js'

describe('parseCsv', () => {
  it('handles quoted fields with commas, doubled quotes and newlines', () => {
    expect(parseCsv('a,b,c\n1,"x, y","say ""hi""\nthere"\r\n2,,\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"\nthere'],
      ['2', '', ''],
    ])
  })

  it('maps rows to records by header, tolerating a BOM and short rows', () => {
    expect(parseCsvRecords('\uFEFFid,text\n1,hello\n2\n')).toEqual([
      { id: '1', text: 'hello' },
      { id: '2', text: '' },
    ])
  })
})
