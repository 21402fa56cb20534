import { CompiledQuery, type Kysely, sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import type { Engine } from '../../src/db/database.js'
import { type PgClient, withPgClient } from '../../src/db/pg-copy.js'
import type { Database } from '../../src/db/schema.js'
import { BulkWriter, type ColumnType, pgUpdates } from '../../src/inbox/bulk-writer.js'
import { describeEachEngine, openTestDb, type TestDb } from '../support/db.js'

const COLUMNS: Record<string, ColumnType> = {
  id: 'text',
  name: 'text',
  n: 'bigint',
  score: 'double precision',
  note: 'text',
}

type Row = { id: string; name: string | null; n: number | null; score: number | null; note: string | null }

describeEachEngine('bulk writer', (engine: Engine) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openTestDb(engine, { migrate: false })
    await sql`CREATE TABLE bw (id text PRIMARY KEY, name text, n bigint, score double precision, note text)`.execute(
      db.kysely,
    )
  })
  afterAll(async () => db.destroy())
  beforeEach(async () => {
    await sql`DELETE FROM bw`.execute(db.kysely)
  })

  const read = async () =>
    (await sql<Row>`SELECT id, name, n, score, note FROM bw ORDER BY id`.execute(db.kysely)).rows.map(
      (r) => ({
        ...r,
        n: r.n === null ? null : Number(r.n),
      }),
    )

  // On PostgreSQL the transaction runs on a client of its own, which the writer's COPY uses.
  const write = (f: (w: BulkWriter) => void) => {
    const run = (k: Kysely<Database>, copy?: PgClient) =>
      k.transaction().execute(async (trx) => {
        const w = new BulkWriter(trx, db.sqlite, copy)
        f(w)
        await w.done()
      })
    return db.pgPool ? withPgClient(db.pgPool, run) : run(db.kysely)
  }

  it('inserts rows whose columns vary, share one value, or are all NULL, with text as sent', async () => {
    const rows = [
      { id: 'a', name: 'He said "hi" \\ {x,y}', n: 1, score: 0.5, note: 'same' },
      { id: 'b', name: 'NULL', n: 2, score: -1.25, note: 'same' },
      { id: 'c', name: '', n: null, score: 0.5, note: 'same' },
    ]
    await write((w) => w.insert('bw', COLUMNS, rows))
    expect(await read()).toEqual(rows)
    // One row: every column has one value.
    await write((w) => w.insert('bw', COLUMNS, [{ id: 'd', name: null, n: 7 }]))
    expect((await read()).find((r) => r.id === 'd')).toEqual({
      id: 'd',
      name: null,
      n: 7,
      score: null,
      note: null,
    })
  })

  it('stores text with tabs, line breaks, backslashes and a literal \\N as sent, and numbers exactly', async () => {
    const rows = [
      { id: 'a', name: 'tab\there\nnew line\r\nCRLF', n: -9007199254740991, score: 1e-7, note: '\\N' },
      { id: 'b', name: 'back\\slash \\t not a tab, \\\\ two', n: 0, score: -0.125, note: '\\' },
      { id: 'c', name: 'émoji 🙂 and 日本語, "quoted", {braces}', n: 9007199254740991, score: 3, note: '' },
      { id: 'd', name: 'trailing tab\t', n: null, score: null, note: 'NULL' },
    ]
    await write((w) => w.insert('bw', COLUMNS, rows))
    expect(await read()).toEqual(rows)
  })

  it('reads the rows when they are queued, not when their turn comes', async () => {
    const row = { id: 'a', name: 'as queued', n: 1, score: null, note: null }
    await write((w) => {
      w.insert('bw', COLUMNS, [row])
      row.name = 'changed afterwards'
    })
    expect((await read())[0]!.name).toBe('as queued')
  })

  it('updates by id: set, add and keep the larger value, per row', async () => {
    await write((w) =>
      w.insert('bw', COLUMNS, [
        { id: 'a', name: 'x', n: 10, score: 1 },
        { id: 'b', name: 'y', n: 20, score: 5 },
      ]),
    )
    await write((w) =>
      w.update(
        'bw',
        [
          { name: 'name', type: 'text' },
          { name: 'n', type: 'bigint', mode: 'add' },
          { name: 'score', type: 'double precision', mode: 'max' },
        ],
        [
          { id: 'a', name: 'renamed', n: 3, score: 4 },
          { id: 'b', name: 'renamed', n: 3, score: 2 },
        ],
      ),
    )
    expect(await read()).toEqual([
      { id: 'a', name: 'renamed', n: 13, score: 4, note: null },
      { id: 'b', name: 'renamed', n: 23, score: 5, note: null },
    ])
  })

  it('reports the write that failed, and the batch stores nothing', async () => {
    await write((w) => w.insert('bw', COLUMNS, [{ id: 'a', name: 'first' }]))
    const failed = write((w) => {
      w.insert('bw', COLUMNS, [{ id: 'b', name: 'ok' }])
      w.insert('bw', COLUMNS, [{ id: 'a', name: 'duplicate' }])
      w.insert('bw', COLUMNS, [{ id: 'c', name: 'after' }])
    })
    await expect(failed).rejects.toThrow(/unique|UNIQUE|duplicate/)
    expect(await read()).toEqual([{ id: 'a', name: 'first', n: null, score: null, note: null }])
    // The next batch writes as usual (on PostgreSQL, on a healthy client).
    await write((w) => w.insert('bw', COLUMNS, [{ id: 'b', name: 'next' }]))
    expect((await read()).map((r) => r.id)).toEqual(['a', 'b'])
  })

  if (engine === 'postgres')
    it('refuses to insert on PostgreSQL without its transaction’s client', async () => {
      await expect(
        db.kysely
          .transaction()
          .execute(async (trx) => new BulkWriter(trx, undefined).insert('bw', COLUMNS, [{ id: 'x' }])),
      ).rejects.toThrow('BulkWriter on PostgreSQL needs the client of its transaction')
      expect(await read()).toEqual([])
    })

  if (engine === 'postgres')
    it('updates a few rows of a large table by probing its primary key, not by scanning it', async () => {
      await sql`INSERT INTO bw (id, n) SELECT 'r' || lpad(g::text, 6, '0'), g FROM generate_series(1, 20000) g`.execute(
        db.kysely,
      )
      await sql`ANALYZE bw`.execute(db.kysely)
      const rows = Array.from({ length: 350 }, (_, i) => ({
        id: `r${String(i * 57 + 1).padStart(6, '0')}`,
        n: 1,
      }))
      const [q] = pgUpdates('bw', [{ name: 'n', type: 'bigint', mode: 'add' }], rows)
      const plan = await db.kysely.executeQuery<{ 'QUERY PLAN': unknown }>(
        CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${q!.sql}`, [...q!.parameters]),
      )
      const text = JSON.stringify(plan.rows[0]!['QUERY PLAN'])
      expect(text).toContain('"Index Name":"bw_pkey"')
      expect(text).not.toContain('"Node Type":"Seq Scan"')
      // And it updates exactly those rows.
      await write((w) => w.update('bw', [{ name: 'n', type: 'bigint', mode: 'add' }], rows))
      const changed = await sql<{
        c: string
      }>`SELECT count(*) AS c FROM bw WHERE n = CAST(substr(id, 2) AS bigint) + 1`.execute(db.kysely)
      expect(Number(changed.rows[0]!.c)).toBe(350)
    })
})
