import { useState } from 'react'
import type { ApiTokenInfo } from '../api.js'
import { ConfirmDialog } from '../components/dialog.js'
import { Button, Card, FormAlert } from '../components/ui.js'
import { useSubmit } from '../hooks.js'
import { instanceApi } from './instance-api.js'

/**
 * "Sign out everywhere": ends every other session and revokes the user's API tokens, asking for each
 * active token whether to keep it (unchecked by default: after a suspected leak, keep nothing).
 */
export function SignOutEverywhereCard(props: { tokens: ApiTokenInfo[]; onDone: () => void }) {
  const [open, setOpen] = useState(false)
  const [keep, setKeep] = useState<Set<string>>(new Set())
  const [result, setResult] = useState<string | null>(null)
  const submit = useSubmit()
  const active = props.tokens.filter((t) => !t.revokedAt && !(t.expiresAt && t.expiresAt <= Date.now()))
  return (
    <Card
      title="Sign out everywhere"
      description="Ends your sessions in every other browser and revokes your API tokens. Use it when a device or a token may be in someone else's hands."
    >
      {result ? (
        <p className="alert alert-success" role="status">
          {result}
        </p>
      ) : null}
      <Button
        variant="danger"
        onClick={() => {
          setKeep(new Set())
          setResult(null)
          setOpen(true)
        }}
      >
        Sign out everywhere
      </Button>
      {open ? (
        <ConfirmDialog
          title="Sign out everywhere?"
          confirmLabel="Sign out everywhere"
          busy={submit.busy}
          onCancel={() => setOpen(false)}
          onConfirm={async () => {
            const r = await submit.run(() => instanceApi.signOutEverywhere([...keep]))
            if (r) {
              setOpen(false)
              setResult(
                `Signed out of ${r.sessionsEnded} other session(s) and revoked ${r.tokensRevoked} token(s). This browser stays signed in.`,
              )
              props.onDone()
            }
          }}
        >
          <p>Every other browser is signed out. This one stays signed in.</p>
          {active.length ? (
            <fieldset className="form">
              <legend>Your API tokens are revoked too. Keep any?</legend>
              {active.map((t) => (
                <label key={t.id} className="checkbox-row">
                  <input
                    type="checkbox"
                    checked={keep.has(t.id)}
                    onChange={(e) => {
                      const next = new Set(keep)
                      if (e.target.checked) next.add(t.id)
                      else next.delete(t.id)
                      setKeep(next)
                    }}
                  />{' '}
                  Keep “{t.name}” (<code>{t.prefix}…</code>)
                </label>
              ))}
            </fieldset>
          ) : null}
          <FormAlert error={submit.error} fieldErrors={submit.fieldErrors} />
        </ConfirmDialog>
      ) : null}
    </Card>
  )
}
