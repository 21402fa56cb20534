/**
 * Reply composer: public reply validated live against the network's limits (the server's own
 * validator), saved replies with variables filled for this conversation, internal notes with
 * @mentions. Ctrl+Enter sends; a send blocked by a collision shows what arrived and can be re-sent.
 */
import { type RefObject, useEffect, useMemo, useState } from 'react'
import type { NetworkCapabilities } from '../../../../src/shared/network-capabilities.js'
import { measureText, validatePost } from '../../../../src/shared/validate-post.js'
import { ApiError, type Member } from '../../api.js'
import { Button, FormAlert } from '../../components/ui.js'
import { useSubmit } from '../../hooks.js'
import { inboxApi, type MessageDto, type SavedReply } from './inbox-api.js'

export type ComposerMode = 'reply' | 'note'

/** The @mention being typed at the end of `text`, if any ("@da" → "da"). */
function mentionQuery(text: string): string | null {
  const m = /(^|\s)@([\p{L}\p{N}._-]{0,30})$/u.exec(text)
  return m ? (m[2] ?? '') : null
}

export function Composer(props: {
  workspaceId: string
  conversationId: string
  contactHandle: string
  caps: NetworkCapabilities | undefined
  members: Member[]
  savedReplies: SavedReply[]
  mode: ComposerMode
  onMode: (m: ComposerMode) => void
  seenId: string | null
  textareaRef: RefObject<HTMLTextAreaElement | null>
  onTyping: (typing: boolean) => void
  /** After a 409 without `newMessages` in its body: reloads and returns the messages not seen. */
  onCollision: () => Promise<MessageDto[]>
  onSent: () => void
}) {
  const [text, setText] = useState('')
  const [picker, setPicker] = useState(false)
  const [pickerQuery, setPickerQuery] = useState('')
  const [collision, setCollision] = useState<MessageDto[] | null>(null)
  const submit = useSubmit()
  const { onTyping } = props

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new conversation starts a fresh draft
  useEffect(() => {
    setText('')
    setCollision(null)
    submit.clear()
  }, [props.conversationId])
  useEffect(() => onTyping(text.trim().length > 0), [text, onTyping])

  const issues = useMemo(() => {
    if (props.mode !== 'reply' || !props.caps || !text.trim()) return []
    return validatePost(props.caps, { text, images: [] }).map((i) => `${i.field} ${i.reason}`)
  }, [props.caps, props.mode, text])
  const used = props.caps ? measureText(text, props.caps.text.unit, props.caps.text.linkLength) : text.length
  const max = props.caps?.text.maxLength
  const mq = props.mode === 'note' ? mentionQuery(text) : null
  const suggestions =
    mq === null
      ? []
      : props.members.filter((m) => m.name.toLowerCase().startsWith(mq.toLowerCase())).slice(0, 5)

  function insertMention(m: Member) {
    setText((t) => `${t.replace(/@[\p{L}\p{N}._-]*$/u, '')}@${m.name} `)
    props.textareaRef.current?.focus()
  }

  async function send(knowingly = false) {
    const body = text.trim()
    if (!body || submit.busy) return
    if (props.mode === 'note') {
      const mentions = props.members.filter((m) => body.includes(`@${m.name}`)).map((m) => m.id)
      const ok = await submit.run(() =>
        inboxApi.note(props.workspaceId, props.conversationId, body, mentions),
      )
      if (ok) {
        setText('')
        props.onSent()
      }
      return
    }
    if (issues.length) return
    const lastSeen = knowingly && collision?.length ? collision[collision.length - 1]!.id : props.seenId
    try {
      submit.clear()
      await inboxApi.reply(props.workspaceId, props.conversationId, {
        text: body,
        lastSeenMessageId: lastSeen,
      })
      setText('')
      setCollision(null)
      props.onSent()
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        // The 409 problem carries what arrived meanwhile (`newMessages`): no reload needed.
        const fresh = e.member<MessageDto[]>('newMessages')
        setCollision(Array.isArray(fresh) ? fresh : await props.onCollision())
        return
      }
      await submit.run(() => Promise.reject(e))
    }
  }

  async function pick(r: SavedReply) {
    setPicker(false)
    const rendered = await submit.run(() =>
      inboxApi.renderSavedReply(props.workspaceId, r.id, props.conversationId),
    )
    if (rendered) setText(rendered.text)
    props.textareaRef.current?.focus()
  }

  const filtered = props.savedReplies.filter((r) =>
    `${r.name} ${r.shortcut ?? ''}`.toLowerCase().includes(pickerQuery.toLowerCase()),
  )
  return (
    <div className={`composer composer-${props.mode}`}>
      <div className="composer-tabs" role="tablist" aria-label="Composer mode">
        <button
          type="button"
          role="tab"
          aria-selected={props.mode === 'reply'}
          className="composer-tab"
          onClick={() => props.onMode('reply')}
        >
          Reply to @{props.contactHandle}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={props.mode === 'note'}
          className="composer-tab"
          onClick={() => props.onMode('note')}
        >
          Internal note
        </button>
      </div>
      {collision ? (
        <div className="alert alert-warning collision" role="alert">
          <strong>Not sent: new activity arrived after you opened this conversation.</strong>
          <ul className="collision-list">
            {collision.map((m) => (
              <li key={m.id} className={`collision-msg dir-${m.direction}`}>
                <span className="collision-author">
                  {m.direction === 'out' ? `${m.authorName ?? 'We'} (us)` : `@${m.authorHandle}`}
                </span>{' '}
                {m.text}
              </li>
            ))}
          </ul>
          <p className="muted">Read it, then send your reply anyway or change it first.</p>
          <div className="collision-actions">
            <Button variant="primary" size="sm" onClick={() => send(true)}>
              Send anyway
            </Button>
            <Button variant="ghost" size="sm" onClick={() => setCollision(null)}>
              Keep editing
            </Button>
          </div>
        </div>
      ) : null}
      <FormAlert error={submit.error} fieldErrors={submit.fieldErrors} shown={[]} />
      <textarea
        ref={props.textareaRef}
        className="input composer-text"
        aria-label={props.mode === 'reply' ? 'Reply' : 'Internal note'}
        placeholder={
          props.mode === 'reply'
            ? 'Write a public reply… ({{contact.name}} and {{agent.name}} are filled in)'
            : 'Write a note for your team… type @ to mention someone'
        }
        rows={4}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault()
            send()
          } else if ((e.key === 'Tab' || e.key === 'Enter') && suggestions[0]) {
            e.preventDefault()
            insertMention(suggestions[0])
          } else if (e.key === 'Escape') {
            e.currentTarget.blur()
          }
        }}
      />
      {suggestions.length ? (
        <ul className="mention-list" aria-label="Mention a member">
          {suggestions.map((m) => (
            <li key={m.id}>
              <button type="button" onClick={() => insertMention(m)}>
                @{m.name}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {issues.length ? (
        <ul className="composer-issues" role="alert">
          {issues.map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ul>
      ) : null}
      <div className="composer-bar">
        {props.mode === 'reply' ? (
          <div className="saved-replies">
            <Button size="sm" variant="ghost" aria-expanded={picker} onClick={() => setPicker((p) => !p)}>
              Saved replies
            </Button>
            {picker ? (
              <div className="saved-picker" role="dialog" aria-label="Saved replies">
                <input
                  className="input"
                  aria-label="Find a saved reply"
                  placeholder="Find a saved reply"
                  autoFocus
                  value={pickerQuery}
                  onChange={(e) => setPickerQuery(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Escape') setPicker(false)
                    if (e.key === 'Enter' && filtered[0]) pick(filtered[0])
                  }}
                />
                {filtered.length === 0 ? (
                  <p className="muted">No saved replies yet.</p>
                ) : (
                  <ul>
                    {filtered.map((r) => (
                      <li key={r.id}>
                        <button type="button" onClick={() => pick(r)}>
                          <strong>{r.name}</strong>
                          <span className="muted">{r.body}</span>
                        </button>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            ) : null}
          </div>
        ) : (
          <span className="muted">Only your team sees notes.</span>
        )}
        <span className="composer-spacer" />
        {props.mode === 'reply' && max ? (
          <span className={`composer-count${used > max ? ' is-over' : ''}`} aria-live="polite">
            {used} / {max}
          </span>
        ) : null}
        <Button
          variant="primary"
          size="sm"
          busy={submit.busy}
          disabled={!text.trim() || issues.length > 0}
          onClick={() => send()}
        >
          {props.mode === 'reply' ? 'Send reply' : 'Add note'}
          <kbd className="kbd-hint">Ctrl+Enter</kbd>
        </Button>
      </div>
    </div>
  )
}
