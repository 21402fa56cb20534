/**
 * Live inbox: the workspace's Server-Sent Events stream (new messages, changes, assignments, who
 * is viewing or typing) and the heartbeat that tells others we are here.
 */
import { useEffect, useRef, useState } from 'react'
import type { LiveEvent } from '../../../../src/shared/live-event.types.js'
import { inboxApi, type Viewer } from './inbox-api.js'

export type { LiveEvent }

/** Calls `onEvent` for every live event of the workspace; the browser reconnects by itself. */
export function useLiveEvents(workspaceId: string, onEvent: (e: LiveEvent) => void): boolean {
  const handler = useRef(onEvent)
  handler.current = onEvent
  const [connected, setConnected] = useState(false)
  useEffect(() => {
    const source = new EventSource(`/api/workspaces/${encodeURIComponent(workspaceId)}/events`)
    const types = [
      'message.created',
      'conversation.updated',
      'conversation.assigned',
      'presence',
      'inbox.ingested',
    ]
    const listener = (ev: MessageEvent<string>) => {
      try {
        handler.current(JSON.parse(ev.data) as LiveEvent)
      } catch {
        // a malformed event is dropped; the next reload catches up
      }
    }
    for (const t of types) source.addEventListener(t, listener as EventListener)
    let opened = false
    source.addEventListener('ready', () => {
      setConnected(true)
      // After a reconnect, catch up on whatever was missed while the stream was down.
      if (opened) handler.current({ type: 'inbox.ingested', workspaceId, count: 0 })
      opened = true
    })
    source.onerror = () => setConnected(false)
    return () => source.close()
  }, [workspaceId])
  return connected
}

const BEAT_MS = 5_000

/**
 * While a conversation is open: announces viewing (or typing) every 5 s and on change, says
 * "left" on close, and keeps the list of others here from heartbeats and live presence events.
 */
export function usePresence(
  workspaceId: string,
  conversationId: string | null,
  typing: boolean,
  myMemberId: string,
): { others: Viewer[]; onPresence: (e: Extract<LiveEvent, { type: 'presence' }>) => void } {
  const [others, setOthers] = useState<Viewer[]>([])
  const typingRef = useRef(typing)
  typingRef.current = typing
  useEffect(() => {
    setOthers([])
    if (!conversationId) return
    let live = true
    const beat = () =>
      inboxApi.heartbeat(workspaceId, conversationId, typingRef.current ? 'typing' : 'viewing').then(
        (r) => live && setOthers(r.others.filter((o) => o.memberId !== myMemberId)),
        () => undefined,
      )
    beat()
    const timer = setInterval(beat, BEAT_MS)
    return () => {
      live = false
      clearInterval(timer)
      inboxApi.heartbeat(workspaceId, conversationId, 'left').catch(() => undefined)
    }
  }, [workspaceId, conversationId, myMemberId])
  // Tell others at once when we start or stop typing.
  useEffect(() => {
    if (!conversationId) return
    inboxApi
      .heartbeat(workspaceId, conversationId, typing ? 'typing' : 'viewing')
      .then((r) => setOthers(r.others.filter((o) => o.memberId !== myMemberId)))
      .catch(() => undefined)
  }, [typing, workspaceId, conversationId, myMemberId])
  const onPresence = (e: Extract<LiveEvent, { type: 'presence' }>) => {
    if (e.conversationId !== conversationId || e.memberId === myMemberId) return
    setOthers((prev) => {
      const rest = prev.filter((o) => o.memberId !== e.memberId)
      return e.mode === 'left' ? rest : [...rest, { memberId: e.memberId, mode: e.mode }]
    })
  }
  return { others, onPresence }
}
