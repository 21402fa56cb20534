/**
 * What Prism cannot simulate, from recorded Graph answers beside the adapter: feed pagination across
 * polls (the `after` cursor is followed only while the feed is newer than the cursor).
 */
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { encodeWatermark } from '../meta/graph.cursor.js'
import { FacebookNetwork } from './facebook.network.js'

const PAGE = '104000000000009'
const recorded = (name: string) => readFileSync(new URL(`./recorded/${name}`, import.meta.url), 'utf8')
const EMPTY = JSON.stringify({ data: [] })

function replay(): { fetch: typeof fetch; asked: URL[] } {
  const asked: URL[] = []
  const fetchFn = (async (input: string | URL | Request) => {
    const url = new URL(String(input instanceof Request ? input.url : input))
    asked.push(url)
    const edge = url.pathname.split('/').at(-1)
    const body =
      edge === 'feed'
        ? recorded(url.searchParams.get('after') ? 'feed-page-2.json' : 'feed-page-1.json')
        : EMPTY
    return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } })
  }) as typeof fetch
  return { fetch: fetchFn, asked }
}

test('a poll after a cursor follows the feed to older pages while they are newer than the cursor', async () => {
  const r = replay()
  const fb = new FacebookNetwork({
    baseUrl: 'https://graph.example/v25.0',
    pageId: PAGE,
    pageAccessToken: 't',
    fetch: r.fetch,
  })
  const cursor = encodeWatermark({ t: Date.parse('2026-03-02T08:00:00Z'), ids: [] })
  const page = await fb.fetchActivity(cursor)
  const feeds = r.asked.filter((u) => u.pathname.endsWith('/feed'))
  expect(feeds.map((u) => u.searchParams.get('after'))).toEqual([null, 'QVFIUnBhZ2Uy'])
  expect(page.messages.map((m) => [m.kind, m.remoteId, m.parentId])).toEqual([
    ['reply', '903_5003', '104000000000009_903'],
    ['mention', '104000000000009_901', null],
    ['reply', '901_5002', '901_5001'],
  ])
  const again = await fb.fetchActivity(page.cursor)
  expect(again.messages).toEqual([])
})

test('the first poll reads one feed page: older history is not walked', async () => {
  const r = replay()
  const fb = new FacebookNetwork({
    baseUrl: 'https://graph.example/v25.0',
    pageId: PAGE,
    pageAccessToken: 't',
    fetch: r.fetch,
  })
  const page = await fb.fetchActivity(null)
  expect(r.asked.filter((u) => u.pathname.endsWith('/feed'))).toHaveLength(1)
  expect(page.messages.map((m) => m.remoteId)).toEqual(['903_5003'])
})
