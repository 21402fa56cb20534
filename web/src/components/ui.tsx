import {
  type ButtonHTMLAttributes,
  cloneElement,
  type InputHTMLAttributes,
  isValidElement,
  type ReactElement,
  type ReactNode,
  useEffect,
  useId,
  useState,
} from 'react'
import type { ApiError } from '../api.js'
import { sentence } from '../text.js'

type Variant = 'primary' | 'secondary' | 'ghost' | 'danger'

export function Button({
  variant = 'secondary',
  size,
  busy,
  className,
  children,
  disabled,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: 'sm'; busy?: boolean }) {
  const cls = ['btn', `btn-${variant}`, size === 'sm' ? 'btn-sm' : '', className ?? '']
    .filter(Boolean)
    .join(' ')
  return (
    <button type="button" className={cls} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {busy ? <span className="spinner spinner-inline" aria-hidden="true" /> : null}
      {children}
    </button>
  )
}

/**
 * A labelled form field. The control (its only child) gets an id, `aria-invalid` and
 * `aria-describedby` so the error next to it is announced.
 */
export function Field(props: {
  label: string
  hint?: ReactNode
  error?: string
  children: ReactElement
  optional?: boolean
}) {
  const id = useId()
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const describedBy =
    [props.error ? errorId : '', props.hint ? hintId : ''].filter(Boolean).join(' ') || undefined
  const control = isValidElement<Record<string, unknown>>(props.children)
    ? cloneElement(props.children, {
        id,
        'aria-invalid': props.error ? true : undefined,
        'aria-describedby': describedBy,
      })
    : props.children
  return (
    <div className={`field${props.error ? ' field-invalid' : ''}`}>
      <label htmlFor={id} className="field-label">
        {props.label}
        {props.optional ? <span className="field-optional">optional</span> : null}
      </label>
      {control}
      {props.error ? (
        <p className="field-error" id={errorId} role="alert">
          {props.error}
        </p>
      ) : props.hint ? (
        <p className="field-hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
    </div>
  )
}

export function Input(props: InputHTMLAttributes<HTMLInputElement>) {
  return <input className="input" {...props} />
}

/** A general error, plus any field errors for fields the form does not render. */
export function FormAlert(props: {
  error?: ApiError
  fieldErrors?: Record<string, string>
  shown?: string[]
}) {
  const stray = Object.entries(props.fieldErrors ?? {}).filter(([f]) => !(props.shown ?? []).includes(f))
  if (!props.error && stray.length === 0) return null
  const detail = props.error?.detail
  return (
    <div className="alert alert-error" role="alert">
      <strong>
        {props.error ? (detail ? sentence(detail) : props.error.title) : 'Please check your input'}
      </strong>
      {stray.length ? (
        <ul>
          {stray.map(([f, r]) => (
            <li key={f}>
              {f}: {r}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

/** Sets the browser tab's title, e.g. "Members · Townhall". */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Townhall`
  }, [title])
}

export function PageHeader(props: { title: string; description?: ReactNode; actions?: ReactNode }) {
  useDocumentTitle(props.title)
  return (
    <header className="page-header">
      <div>
        <h1>{props.title}</h1>
        {props.description ? <p className="page-description">{props.description}</p> : null}
      </div>
      {props.actions ? <div className="page-actions">{props.actions}</div> : null}
    </header>
  )
}

export function Card(props: {
  title?: string
  description?: ReactNode
  actions?: ReactNode
  children: ReactNode
  className?: string
}) {
  return (
    <section className={`card ${props.className ?? ''}`}>
      {props.title ? (
        <div className="card-header">
          <div>
            <h2>{props.title}</h2>
            {props.description ? <p className="card-description">{props.description}</p> : null}
          </div>
          {props.actions}
        </div>
      ) : null}
      {props.children}
    </section>
  )
}

export function EmptyState(props: {
  icon?: ReactNode
  title: string
  children?: ReactNode
  action?: ReactNode
}) {
  return (
    <div className="empty-state">
      {props.icon ? (
        <div className="empty-icon" aria-hidden="true">
          {props.icon}
        </div>
      ) : null}
      <h3>{props.title}</h3>
      {props.children ? <div className="empty-text">{props.children}</div> : null}
      {props.action ? <div className="empty-action">{props.action}</div> : null}
    </div>
  )
}

export function Loading(props: { label?: string }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{props.label ?? 'Loading…'}</span>
    </div>
  )
}

export function ErrorState(props: { error: ApiError; onRetry?: () => void }) {
  return (
    <div className="alert alert-error" role="alert">
      <strong>{props.error.title}</strong>
      {props.error.detail ? <p>{sentence(props.error.detail)}</p> : null}
      {props.onRetry ? (
        <Button size="sm" onClick={props.onRetry}>
          Try again
        </Button>
      ) : null}
    </div>
  )
}

export function Badge(props: {
  tone?: 'neutral' | 'accent' | 'success' | 'warning' | 'danger'
  children: ReactNode
}) {
  return <span className={`badge badge-${props.tone ?? 'neutral'}`}>{props.children}</span>
}

const AVATAR_COLORS = ['#4338ca', '#0f766e', '#b45309', '#be123c', '#7c3aed', '#0369a1', '#15803d']

/** Initials on a stable color, or the image when a URL is given (falls back to initials if it fails). */
export function Avatar(props: { name: string; url?: string | null; size?: number; square?: boolean }) {
  const [failed, setFailed] = useState(false)
  const size = props.size ?? 36
  const initials =
    props.name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]?.toUpperCase())
      .join('') || '?'
  let hash = 0
  for (const c of props.name) hash = (hash * 31 + c.charCodeAt(0)) >>> 0
  const style = { width: size, height: size, fontSize: Math.round(size * 0.38) }
  const cls = `avatar${props.square ? ' avatar-square' : ''}`
  if (props.url && !failed) {
    return <img className={cls} style={style} src={props.url} alt="" onError={() => setFailed(true)} />
  }
  return (
    <span
      className={cls}
      style={{ ...style, background: AVATAR_COLORS[hash % AVATAR_COLORS.length] }}
      aria-hidden="true"
    >
      {initials}
    </span>
  )
}

/** A read-only value with a copy button, for secrets shown once. */
export function CopyField(props: { value: string; label: string }) {
  const [copied, setCopied] = useState(false)
  const id = useId()
  async function copy() {
    try {
      await navigator.clipboard.writeText(props.value)
      setCopied(true)
    } catch {
      const el = document.getElementById(id) as HTMLInputElement | null
      el?.select()
    }
  }
  return (
    <div className="copy-field">
      <label htmlFor={id} className="sr-only">
        {props.label}
      </label>
      <input
        id={id}
        className="input input-mono"
        readOnly
        value={props.value}
        onFocus={(e) => e.currentTarget.select()}
      />
      <Button variant="primary" onClick={copy}>
        {copied ? 'Copied' : 'Copy'}
      </Button>
    </div>
  )
}

export function Toggle(props: {
  checked: boolean
  onChange: (v: boolean) => void
  label: string
  description?: string
  disabled?: boolean
}) {
  const id = useId()
  return (
    <div className="toggle-row">
      <div>
        <label htmlFor={id} className="toggle-label">
          {props.label}
        </label>
        {props.description ? <p className="field-hint">{props.description}</p> : null}
      </div>
      <button
        id={id}
        type="button"
        role="switch"
        aria-checked={props.checked}
        className="switch"
        disabled={props.disabled}
        onClick={() => props.onChange(!props.checked)}
      >
        <span className="switch-knob" />
      </button>
    </div>
  )
}
