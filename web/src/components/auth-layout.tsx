import type { ReactNode } from 'react'
import { Logo } from './icons.js'
import { useDocumentTitle } from './ui.js'

/** The signed-out layout: a brand panel beside one focused form (stacked on phones). */
export function AuthLayout(props: {
  title: string
  subtitle?: ReactNode
  children: ReactNode
  footer?: ReactNode
}) {
  useDocumentTitle(props.title)
  return (
    <div className="auth-layout">
      <aside className="auth-aside" aria-hidden="true">
        <div className="auth-brand">
          <Logo size={32} />
          <span>Townhall</span>
        </div>
        <div className="auth-pitch">
          <p className="auth-pitch-title">Speak as your company and its leaders. Listen to everyone.</p>
          <ul>
            <li>Publish as the brand and as your executives, from one place</li>
            <li>Answer mentions, comments, reviews and messages in one inbox</li>
            <li>Self-hosted: your data and your credentials stay with you</li>
          </ul>
        </div>
        <p className="auth-aside-foot">Townhall · self-hosted</p>
      </aside>
      <main className="auth-main">
        <div className="auth-card">
          <div className="auth-card-brand">
            <Logo size={28} />
            <span>Townhall</span>
          </div>
          <h1>{props.title}</h1>
          {props.subtitle ? <p className="auth-subtitle">{props.subtitle}</p> : null}
          {props.children}
        </div>
        {props.footer ? <div className="auth-footer">{props.footer}</div> : null}
      </main>
    </div>
  )
}
