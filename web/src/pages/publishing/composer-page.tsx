/** Compose or edit a post: channels, kind and template, text per channel, thread parts, images. */
import { useMemo, useState } from 'react'
import { api, type Presence } from '../../api.js'
import { Button, ErrorState, Field, FormAlert, Input, Loading, PageHeader } from '../../components/ui.js'
import { useAsync, useSubmit } from '../../hooks.js'
import { Link, navigate } from '../../router.js'
import { useWorkspace } from '../../session.js'
import { type ChannelInfo, channelsApi } from '../channels-api.js'
import { PillarSelect } from '../leader/strategy-pillar-select.js'
import { ChannelPicker, initialChannels, rememberChannels } from './channel-picker.js'
import { addIssue, channelName, liveIssues, type MediaMeta } from './composer-validation.js'
import { KIND_SPECS, KindFields } from './kind-fields.js'
import { PartsEditor } from './parts-editor.js'
import {
  KIND_LABELS,
  type NetworkCapabilities,
  type Post,
  type PostInput,
  type PostKind,
  type PostPart,
  publishingApi,
} from './publishing-api.js'
import './publishing.css'

const KINDS: PostKind[] = ['announcement', 'news', 'event', 'support-notice', 'company-info', 'free']

export function ComposerPage(props: { postId?: string }) {
  const ws = useWorkspace()
  const data = useAsync(async () => {
    const [caps, channels, presences, post] = await Promise.all([
      publishingApi.capabilities(ws.id),
      channelsApi.list(ws.id),
      api.presences(ws.id),
      props.postId ? publishingApi.get(ws.id, props.postId) : Promise.resolve(undefined),
    ])
    return { caps: new Map(caps.map((c) => [c.network, c])), channels, presences, post }
  }, [ws.id, props.postId])
  const title = props.postId ? 'Edit post' : 'New post'
  return (
    <>
      <PageHeader
        title={title}
        description="Write once for every channel; each network’s limits are checked as you type."
        actions={<Link href="/publishing">Back to posts</Link>}
      />
      {data.error ? <ErrorState error={data.error} onRetry={data.reload} /> : null}
      {data.loading && !data.data ? <Loading /> : null}
      {data.data ? <Composer key={props.postId ?? 'new'} {...data.data} /> : null}
    </>
  )
}

function Composer(props: {
  caps: Map<string, NetworkCapabilities>
  channels: ChannelInfo[]
  presences: Presence[]
  post: Post | undefined
}) {
  const ws = useWorkspace()
  const p = props.post
  const [kind, setKind] = useState<PostKind>(p?.kind ?? 'announcement')
  const [title, setTitle] = useState(p?.title ?? '')
  const [fields, setFields] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(p?.fields ?? {}).map(([k, v]) => [k, String(v ?? '')])),
  )
  const [parts, setParts] = useState<PostPart[]>(p?.parts.length ? p.parts : [{ text: '' }])
  const [variants, setVariants] = useState<Record<string, PostPart[]>>(p?.variants ?? {})
  const [selected, setSelected] = useState<string[]>(
    () => p?.channelIds ?? initialChannels(ws.id, props.channels),
  )
  const [pillar, setPillar] = useState<string | null>(p?.pillar ?? null)
  const [tab, setTab] = useState<string>('all')
  const [media, setMedia] = useState<Map<string, MediaMeta>>(new Map())
  const [templating, setTemplating] = useState(false)
  const [attempted, setAttempted] = useState(false)
  const [notice, setNotice] = useState('')
  const save = useSubmit()
  const chosen = props.channels.filter((c) => selected.includes(c.id))
  const issues = useMemo(() => {
    const live = liveIssues(chosen, props.caps, parts, variants, media)
    // An empty part on a fresh draft is not an error until the author tries to save.
    if (!attempted)
      for (const [f, rs] of Object.entries(live)) {
        const kept = rs.filter((r) => !r.endsWith('text is empty'))
        if (kept.length) live[f] = kept
        else delete live[f]
      }
    // Server issues (after a save) for fields the live check does not cover.
    for (const [f, r] of Object.entries(save.fieldErrors)) if (!live[f]) addIssue(live, f, r)
    return live
  }, [chosen, props.caps, parts, variants, media, save.fieldErrors, attempted])
  const blocking = Object.keys(liveIssues(chosen, props.caps, parts, variants, media))
  const threads = chosen.every((c) => props.caps.get(c.network)?.threads !== false)
  const activeTab = tab === 'all' || selected.includes(tab) ? tab : 'all'

  function changeKind(k: PostKind) {
    setKind(k)
    if (KIND_SPECS[k].some((s) => s.type === 'time-zone') && !fields.timeZone)
      setFields((f) => ({ ...f, timeZone: ws.timeZone }))
  }

  async function fillFromTemplate() {
    setTemplating(true)
    const r = await save.run(() => publishingApi.template(ws.id, kind, fields))
    setTemplating(false)
    if (r) setParts((ps) => [{ ...ps[0], text: r.text }, ...ps.slice(1)])
  }

  async function upload(file: File, base64: string) {
    const r = await save.run(() => publishingApi.upload(ws.id, file.type, base64))
    if (!r) return undefined
    const meta = { mimeType: r.mimeType, byteSize: r.byteSize }
    setMedia((m) => new Map(m).set(r.id, meta))
    return { id: r.id, meta }
  }

  async function submit(andReview: boolean) {
    setAttempted(true)
    setNotice('')
    if (selected.length === 0) {
      save.setFieldErrors({ channelIds: 'Choose at least one channel' })
      return
    }
    if (blocking.length) {
      setNotice('Fix what is marked below; each message names the channel it is about.')
      return
    }
    const input: PostInput = {
      kind,
      title: title.trim() || undefined,
      fields: Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== '')),
      parts,
      variants: Object.fromEntries(Object.entries(variants).filter(([id]) => selected.includes(id))),
      channelIds: selected,
      pillar: p ? pillar : (pillar ?? undefined),
    }
    const saved = await save.run(async () => {
      const post = p
        ? await publishingApi.update(ws.id, p.id, input)
        : await publishingApi.create(ws.id, input)
      return andReview ? publishingApi.submit(ws.id, post.id) : post
    })
    if (saved) {
      rememberChannels(ws.id, selected)
      navigate(`/publishing/posts/${saved.id}`)
    }
  }

  const shown = [
    'channelIds',
    'pillar',
    'title',
    ...Object.keys(issues),
    ...KIND_SPECS[kind].map((s) => `fields.${s.name}`),
  ]
  const variantChannel = chosen.find((c) => c.id === activeTab)

  return (
    <form
      className="composer"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        submit(false)
      }}
    >
      <FormAlert error={save.error} fieldErrors={save.fieldErrors} shown={shown} />
      {notice && blocking.length ? (
        <div className="alert alert-error" role="alert">
          <strong>{notice}</strong>
        </div>
      ) : null}
      <section className="card">
        <ChannelPicker
          presences={props.presences}
          channels={props.channels}
          selected={selected}
          error={save.fieldErrors.channelIds}
          onChange={(ids) => {
            setSelected(ids)
            save.clearField('channelIds')
          }}
        />
        {props.channels.length === 0 ? (
          <p className="muted">
            No channels yet. <Link href="/channels">Connect a channel</Link> (the Sandbox works in one click).
          </p>
        ) : null}
        <PillarSelect
          presenceIds={[...new Set(chosen.map((c) => c.presenceId))]}
          value={pillar}
          onChange={(v) => {
            setPillar(v)
            save.clearField('pillar')
          }}
          error={save.fieldErrors.pillar}
        />
      </section>
      <section className="card">
        <div className="composer-row">
          <Field label="Kind of post">
            <select className="select" value={kind} onChange={(e) => changeKind(e.target.value as PostKind)}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </Field>
          <Field
            label="Internal title"
            optional
            hint="For lists and the calendar"
            error={save.fieldErrors.title}
          >
            <Input value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
          </Field>
        </div>
        <KindFields
          kind={kind}
          fields={fields}
          errors={save.fieldErrors}
          defaultTimeZone={ws.timeZone}
          onChange={(n, v) => {
            setFields((f) => ({ ...f, [n]: v }))
            save.clearField(`fields.${n}`)
          }}
        />
        {KIND_SPECS[kind].length ? (
          <Button size="sm" busy={templating} onClick={fillFromTemplate}>
            Write the text from these fields
          </Button>
        ) : null}
      </section>
      <section className="card">
        <div className="tabs" role="tablist" aria-label="Text per channel">
          <button
            type="button"
            role="tab"
            aria-selected={activeTab === 'all'}
            className={`tab${activeTab === 'all' ? ' is-active' : ''}`}
            onClick={() => setTab('all')}
          >
            All channels
          </button>
          {chosen.map((c) => (
            <button
              type="button"
              role="tab"
              key={c.id}
              aria-selected={activeTab === c.id}
              className={`tab${activeTab === c.id ? ' is-active' : ''}${
                Object.keys(issues).some((f) => f.startsWith(`variants.${c.id}`)) ? ' tab-invalid' : ''
              }`}
              onClick={() => setTab(c.id)}
            >
              {channelName(c)}
              {variants[c.id]?.length ? ' · own text' : ''}
            </button>
          ))}
        </div>
        {variantChannel ? (
          variants[variantChannel.id]?.length ? (
            <>
              <p className="muted">
                {channelName(variantChannel)} publishes this text instead of the shared one.{' '}
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() => setVariants(({ [variantChannel.id]: _, ...rest }) => rest)}
                >
                  Use the shared text again
                </Button>
              </p>
              <PartsEditor
                prefix={`variants.${variantChannel.id}`}
                parts={variants[variantChannel.id]!}
                onChange={(ps) => setVariants((v) => ({ ...v, [variantChannel.id]: ps }))}
                channels={[variantChannel]}
                caps={props.caps}
                issues={issues}
                threads={props.caps.get(variantChannel.network)?.threads !== false}
                mediaUrl={(id) => publishingApi.mediaUrl(ws.id, id)}
                upload={upload}
              />
            </>
          ) : (
            <div className="empty-state">
              <h3>{channelName(variantChannel)} uses the shared text</h3>
              <div className="empty-text">
                <p>Write a separate text when this channel needs a different tone or length.</p>
              </div>
              <div className="empty-action">
                <Button
                  onClick={() =>
                    setVariants((v) => ({ ...v, [variantChannel.id]: parts.map((x) => ({ ...x })) }))
                  }
                >
                  Write a separate text for {channelName(variantChannel)}
                </Button>
              </div>
            </div>
          )
        ) : (
          <PartsEditor
            prefix="parts"
            parts={parts}
            onChange={setParts}
            channels={chosen.filter((c) => !variants[c.id]?.length)}
            caps={props.caps}
            issues={issues}
            threads={threads}
            mediaUrl={(id) => publishingApi.mediaUrl(ws.id, id)}
            upload={upload}
          />
        )}
        {activeTab === 'all'
          ? chosen
              .filter((c) => Object.keys(issues).some((f) => f.startsWith(`variants.${c.id}`)))
              .map((c) => (
                <p className="field-error" role="alert" key={c.id}>
                  The separate text for {channelName(c)} needs attention.{' '}
                  <button type="button" className="link-button" onClick={() => setTab(c.id)}>
                    Open it
                  </button>
                </p>
              ))
          : null}
      </section>
      <div className="composer-actions">
        <Button variant="primary" busy={save.busy} onClick={() => submit(true)}>
          Save and send for approval
        </Button>
        <Button type="submit" busy={save.busy}>
          Save draft
        </Button>
        <Link href={p ? `/publishing/posts/${p.id}` : '/publishing'} className="btn btn-ghost">
          Cancel
        </Link>
      </div>
    </form>
  )
}
