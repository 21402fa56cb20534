/** The text of a post as parts of a thread: live counters per channel, images with alt text. */
import { type ChangeEvent, useId, useState } from 'react'
import { Button } from '../../components/ui.js'
import type { ChannelInfo } from '../channels-api.js'
import { channelName, counter, type IssueMap, type MediaMeta } from './composer-validation.js'
import type { NetworkCapabilities, PostPart } from './publishing-api.js'

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let bin = ''
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(bin)
}

export function PartsEditor(props: {
  /** `parts` or `variants.<channelId>`: the prefix of the server's field paths. */
  prefix: string
  parts: PostPart[]
  onChange: (parts: PostPart[]) => void
  channels: ChannelInfo[]
  caps: Map<string, NetworkCapabilities>
  issues: IssueMap
  threads: boolean
  mediaUrl: (id: string) => string
  upload: (file: File, base64: string) => Promise<{ id: string; meta: MediaMeta } | undefined>
}) {
  const baseId = useId()
  const [uploading, setUploading] = useState<number | null>(null)
  const set = (i: number, part: PostPart) => props.onChange(props.parts.map((p, j) => (j === i ? part : p)))
  const many = props.parts.length > 1

  async function addImage(i: number, e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0]
    e.target.value = ''
    if (!file) return
    setUploading(i)
    try {
      const done = await props.upload(file, await toBase64(file))
      if (done) {
        const part = props.parts[i]!
        set(i, { ...part, images: [...(part.images ?? []), { mediaId: done.id, altText: '' }] })
      }
    } finally {
      setUploading(null)
    }
  }

  return (
    <div className="parts">
      {props.parts.map((part, i) => {
        const id = `${baseId}-${i}`
        const field = `${props.prefix}.${i}`
        const textIssues = [
          ...(props.issues[`${field}.text`] ?? []),
          ...(i === 0 ? (props.issues[props.prefix] ?? []) : []),
        ]
        const label = many ? `Part ${i + 1} of ${props.parts.length}` : 'Text'
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts are positional
          <div className={`part${textIssues.length ? ' field-invalid' : ''}`} key={i}>
            <div className="part-head">
              <label htmlFor={id} className="field-label">
                {label}
              </label>
              {many ? (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Remove part ${i + 1}`}
                  onClick={() => props.onChange(props.parts.filter((_, j) => j !== i))}
                >
                  Remove
                </Button>
              ) : null}
            </div>
            <textarea
              id={id}
              className="input part-text"
              rows={5}
              value={part.text}
              aria-invalid={textIssues.length ? true : undefined}
              aria-describedby={`${id}-counters`}
              placeholder={i === 0 ? 'What do you want to say?' : 'Continue the thread…'}
              onChange={(e) => set(i, { ...part, text: e.target.value })}
            />
            <ul className="counters" id={`${id}-counters`} aria-label={`Length of ${label.toLowerCase()}`}>
              {props.channels.map((ch) => {
                const c = props.caps.get(ch.network)
                if (!c) return null
                const n = counter(c, part.text)
                return (
                  <li key={ch.id} className={n.over ? 'counter counter-over' : 'counter'}>
                    {channelName(ch)} <strong>{n.used}</strong> / {n.max}
                  </li>
                )
              })}
            </ul>
            {textIssues.map((r) => (
              <p className="field-error" role="alert" key={r}>
                {r}
              </p>
            ))}
            {(part.images ?? []).map((img, k) => {
              const altField = `${field}.images.${k}.altText`
              const altIssues = props.issues[altField] ?? []
              return (
                <div className={`part-image${altIssues.length ? ' field-invalid' : ''}`} key={img.mediaId}>
                  <img src={props.mediaUrl(img.mediaId)} alt="" />
                  <div className="part-image-alt">
                    <label className="field-label" htmlFor={`${id}-alt-${k}`}>
                      Alt text for image {k + 1}
                    </label>
                    <textarea
                      id={`${id}-alt-${k}`}
                      className="input"
                      rows={2}
                      placeholder="Describe the image for people who cannot see it"
                      value={img.altText}
                      onChange={(e) =>
                        set(i, {
                          ...part,
                          images: (part.images ?? []).map((x, j) =>
                            j === k ? { ...x, altText: e.target.value } : x,
                          ),
                        })
                      }
                    />
                    {altIssues.map((r) => (
                      <p className="field-error" role="alert" key={r}>
                        {r}
                      </p>
                    ))}
                    {!img.altText.trim() && !altIssues.length ? (
                      <p className="field-hint">Alt text makes the image usable for everyone.</p>
                    ) : null}
                  </div>
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => set(i, { ...part, images: (part.images ?? []).filter((_, j) => j !== k) })}
                  >
                    Remove image
                  </Button>
                </div>
              )
            })}
            {(props.issues[`${field}.images`] ?? []).map((r) => (
              <p className="field-error" role="alert" key={r}>
                {r}
              </p>
            ))}
            <label className="btn btn-ghost btn-sm part-add-image">
              {uploading === i ? 'Uploading…' : 'Add image'}
              <input
                type="file"
                accept="image/png,image/jpeg,image/gif,image/webp"
                className="visually-hidden"
                aria-label={`Add an image to ${label.toLowerCase()}`}
                onChange={(e) => addImage(i, e)}
              />
            </label>
          </div>
        )
      })}
      {props.threads ? (
        <Button size="sm" onClick={() => props.onChange([...props.parts, { text: '' }])}>
          Add a part to the thread
        </Button>
      ) : null}
    </div>
  )
}
