/**
 * "Continue in direct message": sends the customer a DM through the network and opens the linked
 * direct conversation. Offered only where the channel's network says it can (`directMessages`);
 * should the network still refuse (409), the dialog shows the server's reason.
 */
import { useState } from 'react'
import { Dialog } from '../../components/dialog.js'
import { Button, Field, FormAlert } from '../../components/ui.js'
import { useSubmit } from '../../hooks.js'
import { inboxApi } from './inbox-api.js'

export function MoveToDmDialog(props: {
  workspaceId: string
  conversationId: string
  contactName: string
  networkLabel: string
  onMoved: (dmConversationId: string) => void
  onClose: () => void
}) {
  const [text, setText] = useState(
    `Hi ${props.contactName}, let's continue in a direct message so we can look at this together.`,
  )
  const submit = useSubmit()
  const send = async () => {
    if (!text.trim()) return
    const r = await submit.run(() => inboxApi.moveToDm(props.workspaceId, props.conversationId, text.trim()))
    if (r) props.onMoved(r.conversationId)
  }
  return (
    <Dialog
      title="Continue in a direct message"
      onClose={props.onClose}
      footer={
        <Button variant="primary" busy={submit.busy} disabled={!text.trim()} onClick={send}>
          Send direct message
        </Button>
      }
    >
      <p className="muted">
        Sends this as a direct message on {props.networkLabel}; the reply arrives in its own conversation,
        linked to this one.
      </p>
      <FormAlert error={submit.error} fieldErrors={submit.fieldErrors} shown={['text']} />
      <Field label="Message" error={submit.fieldErrors.text}>
        <textarea
          className="input"
          rows={4}
          maxLength={10_000}
          value={text}
          onChange={(e) => {
            setText(e.target.value)
            submit.clearField('text')
          }}
        />
      </Field>
    </Dialog>
  )
}
