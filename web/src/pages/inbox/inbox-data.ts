/** Loading for the inbox page: the workspace's reference data, the list (with paging) and view counts. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { api, type Member, type Presence } from '../../api.js'
import { type ChannelInfo, channelsApi } from '../channels-api.js'
import {
  type ContactDto,
  type ConversationDto,
  type ConversationFilters,
  inboxApi,
  type NetworkCapabilities,
  type SavedReply,
  type SlaPolicy,
  type Team,
  type ViewCount,
} from './inbox-api.js'

export interface InboxMeta {
  members: Member[]
  teams: Team[]
  channels: ChannelInfo[]
  presences: Presence[]
  caps: NetworkCapabilities[]
  savedReplies: SavedReply[]
  sla: SlaPolicy[]
}

const settle = <T>(p: Promise<T>, fallback: T) => p.catch(() => fallback)

/** Members, teams, channels, presences, network limits, saved replies and SLA policies. */
export function useInboxMeta(wid: string) {
  const [meta, setMeta] = useState<InboxMeta | null>(null)
  const [nonce, setNonce] = useState(0)
  // biome-ignore lint/correctness/useExhaustiveDependencies: nonce reloads on demand
  useEffect(() => {
    let live = true
    Promise.all([
      settle(api.members(wid), []),
      settle(inboxApi.teams(wid), []),
      settle(channelsApi.list(wid), []),
      settle(api.presences(wid), []),
      settle(inboxApi.capabilities(wid), []),
      settle(inboxApi.savedReplies(wid), []),
      settle(slaPolicies(wid), []),
    ]).then(([members, teams, channels, presences, caps, savedReplies, sla]) => {
      if (live) setMeta({ members, teams, channels, presences, caps, savedReplies, sla })
    })
    return () => {
      live = false
    }
  }, [wid, nonce])
  const reload = useCallback(() => setNonce((n) => n + 1), [])
  const derived = useMemo(() => {
    const m = meta
    return {
      memberById: new Map((m?.members ?? []).map((x) => [x.id, x])),
      channelById: new Map((m?.channels ?? []).map((x) => [x.id, x])),
      capsByNetwork: new Map((m?.caps ?? []).map((x) => [x.network, x])),
      warnBefore: (priority: string) =>
        (m?.sla.find((p) => p.priority === priority)?.warnBeforeMinutes ?? 0) * 60_000,
    }
  }, [meta])
  return { meta, reload, setMeta, ...derived }
}

const slaPolicies = (wid: string) => inboxApi.slaPolicies(wid)

/** The conversation list of a view + filters; `reload` keeps the loaded pages' length. */
export function useConversationList(wid: string, view: string | null, filters: ConversationFilters) {
  const [items, setItems] = useState<ConversationDto[]>([])
  const [next, setNext] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [counts, setCounts] = useState<ViewCount[]>([])
  const [contacts, setContacts] = useState<ContactDto[]>([])
  const [nonce, setNonce] = useState(0)
  const key = JSON.stringify([view, filters])
  const seq = useRef(0)
  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for view and filters
  useEffect(() => {
    const mine = ++seq.current
    setLoading(true)
    const load = filters.q
      ? inboxApi.search(wid, view, filters).then((r) => {
          if (mine === seq.current) setContacts(r.contacts)
          return r.conversations
        })
      : inboxApi.list(wid, view, filters)
    if (!filters.q) setContacts([])
    load.then(
      (page) => {
        if (mine !== seq.current) return
        setItems(page.items)
        setNext(page.nextCursor)
        setLoading(false)
      },
      () => mine === seq.current && setLoading(false),
    )
    inboxApi.counts(wid).then(setCounts, () => undefined)
  }, [wid, key, nonce])
  const more = useCallback(async () => {
    if (!next) return
    const page = await inboxApi.list(wid, view, filters, next)
    setItems((prev) => [...prev, ...page.items.filter((c) => !prev.some((p) => p.id === c.id))])
    setNext(page.nextCursor)
  }, [wid, view, filters, next])
  const reload = useCallback(() => setNonce((n) => n + 1), [])
  return { items, setItems, next, more, loading, counts, contacts, reload }
}
