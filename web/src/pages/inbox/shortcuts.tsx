/** Keyboard-first inbox: the shortcut table (one source for the handler and the ? overlay). */
import { useEffect, useRef } from 'react'
import { Dialog } from '../../components/dialog.js'
import { isTyping } from './inbox-parts.js'

export type ShortcutAction =
  | 'down'
  | 'up'
  | 'open'
  | 'select'
  | 'reply'
  | 'note'
  | 'resolve'
  | 'assign'
  | 'label'
  | 'snooze'
  | 'search'
  | 'help'
  | 'escape'

export const SHORTCUTS: Array<{ keys: string[]; action: ShortcutAction; label: string }> = [
  { keys: ['j'], action: 'down', label: 'Next conversation' },
  { keys: ['k'], action: 'up', label: 'Previous conversation' },
  { keys: ['Enter', 'o'], action: 'open', label: 'Open the conversation' },
  { keys: ['x'], action: 'select', label: 'Select or unselect for bulk actions' },
  { keys: ['r'], action: 'reply', label: 'Reply in public' },
  { keys: ['n'], action: 'note', label: 'Write an internal note' },
  { keys: ['e'], action: 'resolve', label: 'Resolve' },
  { keys: ['a'], action: 'assign', label: 'Assign' },
  { keys: ['l'], action: 'label', label: 'Label' },
  { keys: ['s'], action: 'snooze', label: 'Snooze' },
  { keys: ['/'], action: 'search', label: 'Search' },
  { keys: ['?'], action: 'help', label: 'Show these shortcuts' },
  { keys: ['Esc'], action: 'escape', label: 'Close, leave the field, or go back' },
]

/** Send is handled by the composer itself. */
export const SEND_SHORTCUT = { keys: ['Ctrl', 'Enter'], label: 'Send the reply or note (while writing)' }

/**
 * Calls `run` for inbox shortcuts. Letters are ignored while typing in a field or when a dialog is
 * open; Escape always goes through (it leaves the field first).
 */
export function useShortcuts(run: (a: ShortcutAction) => void, enabled: boolean): void {
  const ref = useRef(run)
  ref.current = run
  useEffect(() => {
    if (!enabled) return
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return
      if (e.key === 'Escape') {
        if (document.querySelector('[role="dialog"][aria-modal="true"]')) return
        if (isTyping(e)) {
          ;(e.target as HTMLElement).blur()
          return
        }
        ref.current('escape')
        return
      }
      if (isTyping(e)) return
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return
      const key = e.key === 'Enter' ? 'Enter' : e.key
      const hit = SHORTCUTS.find((s) => s.keys.includes(key))
      if (!hit || hit.action === 'escape') return
      // Enter on a focused button or link keeps its usual meaning.
      if (key === 'Enter' && (e.target as HTMLElement).closest('button, a, summary')) return
      e.preventDefault()
      ref.current(hit.action)
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [enabled])
}

export function ShortcutOverlay(props: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={props.onClose}>
      <table className="shortcut-table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.action}>
              <td>
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 ? ' or ' : ''}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </td>
              <td>{s.label}</td>
            </tr>
          ))}
          <tr>
            <td>
              <kbd>Ctrl</kbd> + <kbd>Enter</kbd>
            </td>
            <td>{SEND_SHORTCUT.label}</td>
          </tr>
        </tbody>
      </table>
      <p className="muted">Letters do nothing while you type in a field; Esc leaves the field.</p>
    </Dialog>
  )
}
