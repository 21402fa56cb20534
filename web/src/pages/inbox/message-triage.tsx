/**
 * A message's triage (intent, sentiment, needs reply) as chips; whoever may answer can click them to
 * correct the reading. The correction goes to the triage route, which records it, shows it on the
 * timeline and teaches the workspace's learner.
 */
import { useState } from 'react'
import { Button, FormAlert } from '../../components/ui.js'
import { useSubmit } from '../../hooks.js'
import { INTENT_LIST, inboxApi, type MessageDto, SENTIMENT_LIST, type TriageCorrection } from './inbox-api.js'
import { IntentChip, SentimentChip } from './inbox-parts.js'

type Intent = (typeof INTENT_LIST)[number]
type Sentiment = (typeof SENTIMENT_LIST)[number]

/** The request body for what changed (choosing spam, or leaving it, says spam / not spam). */
export function correctionOf(
  was: { intent: string; sentiment: string; needsReply: boolean },
  now: { intent: Intent; sentiment: Sentiment; needsReply: boolean },
): TriageCorrection | null {
  const body: TriageCorrection = {}
  if (now.intent !== was.intent) {
    if (now.intent === 'spam') body.spam = true
    else if (was.intent === 'spam') Object.assign(body, { intent: now.intent, spam: false })
    else body.intent = now.intent
  }
  if (now.sentiment !== was.sentiment) body.sentiment = now.sentiment
  if (now.needsReply !== was.needsReply) body.needsReply = now.needsReply
  return Object.keys(body).length ? body : null
}

/** What in the text drove the reading ("negation: not happy", "emoji 😡"), so a wrong label is easy to spot. */
export function TriageCues(props: { cues: readonly string[] | undefined }) {
  const cues = props.cues ?? []
  if (cues.length === 0) return null
  return (
    <div className="triage-cues">
      <span className="triage-cues-label">Read from</span>
      <ul aria-label="What the triage read">
        {cues.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
    </div>
  )
}

export function MessageTriage(props: {
  workspaceId: string
  message: MessageDto
  canEdit: boolean
  onCorrected: () => void
}) {
  const c = props.message.classification
  const [editing, setEditing] = useState(false)
  const [intent, setIntent] = useState<Intent>('other')
  const [sentiment, setSentiment] = useState<Sentiment>('neutral')
  const [needsReply, setNeedsReply] = useState(false)
  const submit = useSubmit()
  if (!c) return null
  const chips = (
    <>
      <IntentChip intent={c.intent} />
      <SentimentChip sentiment={c.sentiment} />
      {c.needsReply ? (
        <span className="ichip needs-reply" data-needs-reply="true">
          needs an answer
        </span>
      ) : null}
    </>
  )
  const editable = props.canEdit && props.message.direction === 'in'
  if (!editing)
    return editable ? (
      <button
        type="button"
        className="msg-class msg-class-edit"
        title={
          c.cues.length
            ? `Read from: ${c.cues.join('; ')}. Click to correct.`
            : 'Correct the triage of this message'
        }
        aria-label={`Correct triage: ${c.intent}, ${c.sentiment}${c.needsReply ? ', needs an answer' : ''}`}
        onClick={() => {
          setIntent(c.intent as Intent)
          setSentiment(c.sentiment as Sentiment)
          setNeedsReply(c.needsReply)
          submit.clear()
          setEditing(true)
        }}
      >
        {chips}
        <span className="msg-class-hint">Correct</span>
      </button>
    ) : (
      <div className="msg-class" title={c.cues.length ? `Read from: ${c.cues.join('; ')}` : undefined}>
        {chips}
      </div>
    )

  async function save() {
    const body = correctionOf(c!, { intent, sentiment, needsReply })
    if (!body) return setEditing(false)
    const ok = await submit.run(() => inboxApi.correctTriage(props.workspaceId, props.message.id, body))
    if (!ok) return
    setEditing(false)
    props.onCorrected()
  }

  return (
    <form
      className="triage-editor"
      aria-label="Correct triage"
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <label>
        <span>Intent</span>
        <select
          className="select select-sm"
          value={intent}
          onChange={(e) => {
            const v = e.target.value as Intent
            setIntent(v)
            if (v === 'spam') setNeedsReply(false)
          }}
        >
          {INTENT_LIST.map((i) => (
            <option key={i} value={i}>
              {i}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Sentiment</span>
        <select
          className="select select-sm"
          value={sentiment}
          onChange={(e) => setSentiment(e.target.value as Sentiment)}
        >
          {SENTIMENT_LIST.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label className="triage-check">
        <input type="checkbox" checked={needsReply} onChange={(e) => setNeedsReply(e.target.checked)} />
        <span>Needs an answer</span>
      </label>
      <div className="triage-actions">
        <Button size="sm" variant="primary" type="submit" busy={submit.busy}>
          Save correction
        </Button>
        <Button size="sm" variant="ghost" type="button" onClick={() => setEditing(false)}>
          Cancel
        </Button>
      </div>
      <TriageCues cues={c.cues} />
      <FormAlert error={submit.error} fieldErrors={submit.fieldErrors} />
    </form>
  )
}
