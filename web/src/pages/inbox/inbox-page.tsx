/**
 * The inbox: views and filters | conversation list | the open conversation (one pane at a time on
 * a phone). Keyboard first (? lists the shortcuts), live through Server-Sent Events.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { api } from '../../api.js'
import { Button, Loading, useDocumentTitle } from '../../components/ui.js'
import { matchPath, navigate } from '../../router.js'
import { useSession, useWorkspace } from '../../session.js'
import { channelsApi } from '../channels-api.js'
import { BulkBar } from './bulk-bar.js'
import type { ComposerMode } from './composer.js'
import type { AssignTarget } from './conversation-actions.js'
import { ConversationList } from './conversation-list.js'
import { ConversationPane } from './conversation-pane.js'
import {
  type ConversationDetail,
  type ConversationFilters,
  type ConversationState,
  inboxApi,
  type MessageDto,
} from './inbox-api.js'
import { useConversationList, useInboxMeta } from './inbox-data.js'
import { type DialogKind, InboxDialogs } from './inbox-dialogs.js'
import { NoChannels, NoConversationOpen, NothingHere, toggled } from './inbox-empty.js'
import { type LiveEvent, useLiveEvents, usePresence } from './inbox-live.js'
import { InboxSidebar } from './inbox-sidebar.js'
import { ListHead } from './list-head.js'
import { type ShortcutAction, useShortcuts } from './shortcuts.js'
import '../../styles/inbox.css'

/** Messages after the one the agent has seen (all of them are new when nothing was seen). */
function unseen(d: ConversationDetail, seenId: string | null): MessageDto[] {
  const i = seenId ? d.messages.findIndex((m) => m.id === seenId) : -1
  if (!seenId) return d.messages
  return i < 0 ? [] : d.messages.slice(i + 1)
}

export function InboxPage(props: { path: string }) {
  useDocumentTitle('Inbox')
  const ws = useWorkspace()
  const { can } = useSession()
  const openId = matchPath('/inbox/:id', props.path)?.id ?? null
  const {
    meta,
    reload: reloadMeta,
    setMeta,
    memberById,
    channelById,
    capsByNetwork,
    warnBefore,
  } = useInboxMeta(ws.id)
  // An executive works the inbox of the presences they own (the server shows them nothing else).
  const owned = useMemo(
    () => new Set((meta?.presences ?? []).filter((p) => p.memberId === ws.memberId).map((p) => p.id)),
    [meta, ws.memberId],
  )
  const canReply = can('inbox.reply') || owned.size > 0
  const [view, setView] = useState<string | null>('all-open')
  const [filters, setFilters] = useState<ConversationFilters>({})
  const list = useConversationList(ws.id, view, filters)
  // @NOTE -1: no row under the keyboard cursor yet, so the first `j` lands on the top conversation.
  const [cursor, setCursor] = useState(-1)
  const at = Math.max(cursor, 0)
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [detail, setDetail] = useState<ConversationDetail | null>(null)
  const [seenId, setSeenId] = useState<string | null>(null)
  const [mode, setMode] = useState<ComposerMode>('reply')
  const [dialog, setDialog] = useState<DialogKind>(null)
  const [typing, setTyping] = useState(false)
  const [showViews, setShowViews] = useState(false)
  const textareaRef = useRef<HTMLTextAreaElement | null>(null)
  const searchRef = useRef<HTMLInputElement | null>(null)
  const presence = usePresence(ws.id, openId, typing, ws.memberId)

  const loadDetail = useCallback(
    async (id: string, markSeen: boolean) => {
      const d = await inboxApi.detail(ws.id, id)
      setDetail(d)
      if (markSeen) setSeenId(d.lastMessageId)
      return d
    },
    [ws.id],
  )

  // Opening a conversation: load it, remember what we saw, mark it read.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when another conversation opens
  useEffect(() => {
    setDetail(null)
    setSeenId(null)
    setMode('reply')
    setTyping(false)
    if (!openId) return
    loadDetail(openId, true).then(
      (d) => {
        if (d.unread)
          inboxApi.read(ws.id, openId).then(
            () => {
              list.setItems((prev) => prev.map((c) => (c.id === openId ? { ...c, unread: false } : c)))
              list.reload()
            },
            () => undefined,
          )
      },
      () => navigate('/inbox', { replace: true }),
    )
  }, [openId])

  // Live: refresh the list and counts (debounced); the open conversation reloads, new messages wait.
  const pending = useRef<number | undefined>(undefined)
  const onEvent = (e: LiveEvent) => {
    if (e.type === 'presence') return presence.onPresence(e)
    window.clearTimeout(pending.current)
    pending.current = window.setTimeout(list.reload, 300)
    if (openId && 'conversationId' in e && e.conversationId === openId) loadDetail(openId, false)
  }
  const live = useLiveEvents(ws.id, onEvent)

  const open = (id: string, index?: number) => {
    if (index !== undefined) setCursor(index)
    navigate(`/inbox/${encodeURIComponent(id)}`)
  }
  const afterChange = () => {
    list.reload()
    if (openId) loadDetail(openId, false)
  }
  const targets = (): string[] =>
    selected.size ? [...selected] : openId ? [openId] : list.items[at] ? [list.items[at]!.id] : []

  async function setState(state: ConversationState, snoozedUntil?: number) {
    const ids = targets()
    if (!ids.length) return
    if (ids.length === 1 && !selected.size) await inboxApi.setState(ws.id, ids[0]!, state, snoozedUntil)
    else await inboxApi.bulk(ws.id, ids, { type: 'state', state, snoozedUntil })
    setSelected(new Set())
    afterChange()
  }
  async function assign(t: AssignTarget) {
    setDialog(null)
    const ids = targets()
    if (!ids.length) return
    if (ids.length === 1 && !selected.size) await inboxApi.assign(ws.id, ids[0]!, t)
    else
      await inboxApi.bulk(
        ws.id,
        ids,
        'teamId' in t ? { type: 'assign-team', teamId: t.teamId } : { type: 'assign', memberId: t.memberId },
      )
    afterChange()
  }
  async function label(change: { add?: string[]; remove?: string[] }) {
    const ids = targets()
    if (!ids.length) return
    if (ids.length === 1 && !selected.size) {
      const r = await inboxApi.labels(ws.id, ids[0]!, change)
      if (detail && detail.id === ids[0]) setDetail({ ...detail, labels: r.labels })
    } else await inboxApi.bulk(ws.id, ids, { type: 'label', ...change })
    afterChange()
  }

  const run = (a: ShortcutAction) => {
    const n = list.items.length
    switch (a) {
      case 'down':
        return setCursor((c) => (c < 0 ? 0 : Math.min(n - 1, c + 1)))
      case 'up':
        return setCursor((c) => Math.max(0, c - 1))
      case 'open': {
        const c = list.items[at]
        return c ? open(c.id) : undefined
      }
      case 'select': {
        const c = list.items[at]
        if (!c) return
        return setSelected((s) => toggled(s, c.id))
      }
      case 'reply':
      case 'note':
        if (!openId || !canReply) return
        setMode(a)
        return requestAnimationFrame(() => textareaRef.current?.focus())
      case 'resolve':
        return canReply ? setState('resolved') : undefined
      case 'assign':
      case 'label':
      case 'snooze':
        return canReply && targets().length ? setDialog(a) : undefined
      case 'search':
        return searchRef.current?.focus()
      case 'help':
        return setDialog('help')
      case 'escape':
        if (selected.size) return setSelected(new Set())
        if (openId) return navigate('/inbox')
        return setShowViews(false)
    }
  }
  useShortcuts(run, true)

  const labels = useMemo(() => [...new Set(list.items.flatMap((c) => c.labels))].sort(), [list.items])
  const viewFilters = list.counts.find((v) => v.id === view)?.filters ?? {}

  if (!meta) return <Loading label="Opening the inbox…" />
  const me = memberById.get(ws.memberId)
  const noChannels = meta.channels.length === 0
  const pane = openId ? 'conversation' : showViews ? 'views' : 'list'
  const openCaps = detail ? capsByNetwork.get(channelById.get(detail.channelId)?.network ?? '') : undefined
  const hidden =
    detail && seenId ? unseen(detail, seenId).filter((m) => m.sentByMemberId !== ws.memberId) : []
  const shown: ConversationDetail | null = detail
    ? { ...detail, messages: detail.messages.filter((m) => !hidden.includes(m)) }
    : null
  // The open conversation's network, when the conversation is public (it may move to a DM there).
  const publicOn = detail?.kind === 'public' ? openCaps : undefined

  return (
    <div className="inbox" data-pane={pane} data-live={live ? 'on' : 'off'}>
      <InboxSidebar
        views={list.counts}
        view={view}
        onView={(v) => {
          setView(v)
          setCursor(-1)
          setShowViews(false)
        }}
        filters={filters}
        onFilters={(f) => {
          setFilters(f)
          setCursor(-1)
        }}
        onSaveView={async (name) => {
          const v = await inboxApi.saveView(ws.id, name, { ...viewFilters, ...filters })
          setView(v.id)
          setFilters({})
          list.reload()
        }}
        onDeleteView={async (id) => {
          await inboxApi.deleteView(ws.id, id)
          if (view === id) setView('all-open')
          list.reload()
        }}
        members={meta.members}
        teams={meta.teams}
        channels={meta.channels}
        presences={can('inbox.read') ? meta.presences : meta.presences.filter((p) => owned.has(p.id))}
        labels={labels}
        me={me}
        onAvailability={async (a) => {
          await api.setAvailability(ws.id, a)
          setMeta({
            ...meta,
            members: meta.members.map((m) => (m.id === ws.memberId ? { ...m, availability: a } : m)),
          })
        }}
      />
      <section className="inbox-list" aria-label="Conversation list">
        <ListHead
          searchRef={searchRef}
          onSearch={(q) => {
            setFilters(({ q: _q, ...rest }) => (q ? { ...rest, q } : rest))
            setCursor(-1)
          }}
          onViews={() => setShowViews(true)}
          onHelp={() => setDialog('help')}
          contacts={list.contacts}
          contactId={filters.contactId}
          onContact={(id) => setFilters(({ q: _q, ...f }) => ({ ...f, contactId: id }))}
        />
        {selected.size && canReply ? (
          <BulkBar
            count={selected.size}
            onResolve={() => setState('resolved')}
            onSpam={() => setState('spam')}
            onAssign={() => setDialog('assign')}
            onLabel={() => setDialog('label')}
            onPriority={async (p) => {
              await inboxApi.bulk(ws.id, [...selected], { type: 'priority', priority: p })
              afterChange()
            }}
            onRead={async () => {
              await inboxApi.bulk(ws.id, [...selected], { type: 'read' })
              afterChange()
            }}
            onClear={() => setSelected(new Set())}
          />
        ) : null}
        {noChannels ? (
          <NoChannels
            onSandbox={async () => {
              await channelsApi.connectSandbox(ws.id)
              reloadMeta()
              list.reload()
            }}
          />
        ) : list.items.length === 0 && !list.loading ? (
          <NothingHere searching={!!filters.q} />
        ) : (
          <ConversationList
            items={list.items}
            cursorIndex={cursor}
            openId={openId}
            selected={selected}
            channels={channelById}
            members={memberById}
            warnBeforeMs={warnBefore}
            onOpen={open}
            onToggle={(id) => setSelected((s) => toggled(s, id))}
          />
        )}
        {list.next ? (
          <Button size="sm" variant="ghost" className="load-more" onClick={list.more}>
            Load more
          </Button>
        ) : null}
      </section>
      <section className="inbox-conversation" aria-label="Open conversation">
        {shown ? (
          <ConversationPane
            workspaceId={ws.id}
            detail={shown}
            myMemberId={ws.memberId}
            members={memberById}
            caps={openCaps}
            savedReplies={meta.savedReplies}
            seenId={seenId}
            newActivity={hidden.length}
            onShowNew={() => setSeenId(detail?.lastMessageId ?? null)}
            others={presence.others}
            mode={mode}
            onMode={setMode}
            canReply={can('inbox.reply') || owned.has(shown.presenceId)}
            warnBeforeMs={warnBefore(shown.priority)}
            textareaRef={textareaRef}
            onTyping={setTyping}
            onCollision={async () => (openId ? unseen(await loadDetail(openId, false), seenId) : [])}
            onSent={async () => {
              if (openId) await loadDetail(openId, true)
              list.reload()
            }}
            onState={(s) => setState(s)}
            onSnooze={() => setDialog('snooze')}
            onPriority={async (p) => {
              if (!openId) return
              await inboxApi.setPriority(ws.id, openId, p)
              afterChange()
            }}
            onAssign={() => setDialog('assign')}
            onLabel={() => setDialog('label')}
            onBack={() => navigate('/inbox')}
            onOpen={(id) => open(id)}
            onContactChanged={list.reload}
            onChanged={afterChange}
            onMoveToDm={publicOn?.directMessages ? () => setDialog('dm') : undefined}
            noDmReason={
              publicOn && !publicOn.directMessages
                ? `${publicOn.label} direct messages can't be sent from Townhall`
                : undefined
            }
          />
        ) : openId ? (
          <Loading label="Opening the conversation…" />
        ) : (
          <NoConversationOpen />
        )}
      </section>
      <InboxDialogs
        dialog={dialog}
        onClose={() => setDialog(null)}
        workspaceId={ws.id}
        members={meta.members}
        teams={meta.teams}
        detail={detail}
        labels={selected.size ? [] : (detail?.labels ?? list.items[at]?.labels ?? [])}
        networkLabel={openCaps?.label ?? 'the network'}
        onAssign={assign}
        onLabel={label}
        onMovedToDm={(dmId) => {
          setDialog(null)
          list.reload()
          open(dmId)
        }}
        onSnooze={(until) => {
          setDialog(null)
          setState('snoozed', until)
        }}
      />
    </div>
  )
}
