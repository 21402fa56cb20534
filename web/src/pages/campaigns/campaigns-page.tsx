import { type FormEvent, useState } from 'react'
import {
  Badge,
  Button,
  Card,
  EmptyState,
  ErrorState,
  Field,
  FormAlert,
  Input,
  Loading,
  PageHeader,
} from '../../components/ui.js'
import { useAsync, useSubmit } from '../../hooks.js'
import { useSession, useWorkspace } from '../../session.js'
import { channelsApi } from '../channels-api.js'
import { type Campaign, type CampaignEntry, campaignsApi, type Step } from './campaigns-api.js'

const NEXT: Record<Campaign['state'], Array<[Step, string]>> = {
  draft: [['open', 'Open and publish the commitment']],
  open: [
    ['collect', 'Collect entries now'],
    ['freeze', 'Freeze the list (after the close)'],
  ],
  frozen: [['draw', 'Draw (after the beacon round)']],
  drawn: [],
}

const STATE: Record<Campaign['state'], string> = {
  draft: 'Draft',
  open: 'Open',
  frozen: 'Frozen',
  drawn: 'Drawn',
}

/** Create a giveaway with one channel's reply and repost entry methods (the API takes more). */
function CreateForm(props: { onCreated: () => void }) {
  const ws = useWorkspace()
  const channels = useAsync(() => channelsApi.list(ws.id), [ws.id])
  const submit = useSubmit()
  const [f, setF] = useState({
    title: '',
    prize: '',
    value: '25',
    winners: '1',
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    startsAt: '',
    endsAt: '',
    channelId: '',
    keyword: '',
    sponsor: '',
    address: '',
    freeMethod: '',
  })
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value })
  const fe = submit.fieldErrors

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    const channelId = f.channelId || channels.data?.[0]?.id || ''
    const res = await submit.run(() =>
      campaignsApi.create(ws.id, {
        title: f.title,
        prizes: [{ name: f.prize, value: Number(f.value), currency: 'EUR', quantity: Number(f.winners) }],
        winnerCount: Number(f.winners),
        timeZone: f.timeZone,
        startsAt: f.startsAt,
        endsAt: f.endsAt,
        entryMethods: [
          { channelId, kind: 'reply', keyword: f.keyword || null },
          { channelId, kind: 'repost' },
        ],
        sponsor: { name: f.sponsor, address: f.address },
        freeMethod: f.freeMethod,
      }),
    )
    if (res) props.onCreated()
  }

  return (
    <Card title="New giveaway">
      <form onSubmit={onSubmit} noValidate>
        <FormAlert
          error={submit.error}
          fieldErrors={fe}
          shown={['title', 'timeZone', 'startsAt', 'endsAt', 'freeMethod']}
        />
        <Field label="Title" error={fe.title}>
          <Input value={f.title} onChange={set('title')} required />
        </Field>
        <Field label="Prize">
          <Input value={f.prize} onChange={set('prize')} />
        </Field>
        <Field label="Prize value (EUR)">
          <Input type="number" value={f.value} onChange={set('value')} />
        </Field>
        <Field label="Winners">
          <Input type="number" min={1} value={f.winners} onChange={set('winners')} />
        </Field>
        <Field label="Time zone" error={fe.timeZone}>
          <Input value={f.timeZone} onChange={set('timeZone')} />
        </Field>
        <Field label="Starts" error={fe.startsAt}>
          <Input type="datetime-local" value={f.startsAt} onChange={set('startsAt')} />
        </Field>
        <Field label="Ends" error={fe.endsAt}>
          <Input type="datetime-local" value={f.endsAt} onChange={set('endsAt')} />
        </Field>
        <Field label="Channel (reply or repost to enter)">
          <select className="input" value={f.channelId} onChange={set('channelId')}>
            {(channels.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.network} @{c.handle}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Keyword or #hashtag replies must contain" optional>
          <Input value={f.keyword} onChange={set('keyword')} />
        </Field>
        <Field label="Sponsor">
          <Input value={f.sponsor} onChange={set('sponsor')} />
        </Field>
        <Field label="Sponsor address">
          <Input value={f.address} onChange={set('address')} />
        </Field>
        <Field label="Free way to enter without a social account" error={fe.freeMethod}>
          <Input value={f.freeMethod} onChange={set('freeMethod')} />
        </Field>
        <Button type="submit" variant="primary" busy={submit.busy}>
          Create draft
        </Button>
      </form>
    </Card>
  )
}

function Entries(props: { campaign: Campaign; canManage: boolean }) {
  const ws = useWorkspace()
  const entries = useAsync(() => campaignsApi.entries(ws.id, props.campaign.id), [ws.id, props.campaign.id])
  const decide = useSubmit()
  if (entries.loading) return <Loading label="Loading entries" />
  if (entries.error) return <ErrorState error={entries.error} onRetry={entries.reload} />
  const list = entries.data ?? []
  if (list.length === 0) return <p>No entries yet.</p>
  const editable = props.canManage && (props.campaign.state === 'open' || props.campaign.state === 'draft')
  const act = async (e: CampaignEntry, decision: 'disqualify' | 'restore') => {
    const note = window.prompt(`Why ${decision} @${e.handle}? (public)`)
    if (!note) return
    if (await decide.run(() => campaignsApi.decide(ws.id, props.campaign.id, e.id, decision, note)))
      entries.reload()
  }
  return (
    <>
      <FormAlert error={decide.error} />
      <table className="table" style={{ width: '100%' }}>
        <caption>Entries ({list.length})</caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">How</th>
            <th scope="col">Status</th>
            <th scope="col">Flags</th>
            {editable ? <th scope="col">Decision</th> : null}
          </tr>
        </thead>
        <tbody>
          {list.map((e) => (
            <tr key={e.id}>
              <td>
                @{e.handle} ({e.network})
              </td>
              <td>{e.method}</td>
              <td>{e.status}</td>
              <td>{e.flags.join('; ')}</td>
              {editable ? (
                <td>
                  {e.status === 'disqualified' || e.status === 'flagged' ? (
                    <Button size="sm" onClick={() => act(e, 'restore')}>
                      Restore
                    </Button>
                  ) : (
                    <Button size="sm" onClick={() => act(e, 'disqualify')}>
                      Disqualify
                    </Button>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

function CampaignCard(props: { campaign: Campaign; canManage: boolean; onChanged: () => void }) {
  const ws = useWorkspace()
  const step = useSubmit()
  const c = props.campaign
  const run = async (s: Step) => {
    const call = (): Promise<unknown> => campaignsApi[s](ws.id, c.id)
    if (await step.run(call)) props.onChanged()
  }
  return (
    <Card title={c.title}>
      <p>
        <Badge tone={c.state === 'drawn' ? 'success' : 'neutral'}>{STATE[c.state]}</Badge>{' '}
        {c.startsLocal.replace('T', ' ')} – {c.endsLocal.replace('T', ' ')} ({c.timeZone})
      </p>
      {c.commitment ? (
        <p>
          Commitment <code>{c.commitment}</code>
          {c.beaconRound ? ` · drand quicknet round ${c.beaconRound}` : ' · seed only (no beacon)'}
        </p>
      ) : null}
      {c.listHash ? (
        <p>
          Frozen list hash <code>{c.listHash}</code>
        </p>
      ) : null}
      <FormAlert error={step.error} />
      {props.canManage ? (
        <p>
          {NEXT[c.state].map(([s, label]) => (
            <Button key={s} onClick={() => run(s)} busy={step.busy}>
              {label}
            </Button>
          ))}
        </p>
      ) : null}
      <details>
        <summary>Official rules</summary>
        <pre style={{ whiteSpace: 'pre-wrap' }}>{c.rulesText}</pre>
      </details>
      {c.state !== 'draft' ? <Entries campaign={c} canManage={props.canManage} /> : null}
    </Card>
  )
}

/** Giveaways: create a draft, open it (commitment), collect and screen entries, freeze, draw. */
export function CampaignsPage() {
  const ws = useWorkspace()
  const { can } = useSession()
  const list = useAsync(() => campaignsApi.list(ws.id), [ws.id])
  const canManage = can('campaign.manage')
  return (
    <>
      <PageHeader
        title="Giveaways"
        description="Draws anyone can check: a commitment at the start, a frozen list at the close, a public randomness beacon."
      />
      {canManage ? <CreateForm onCreated={list.reload} /> : null}
      {list.loading ? <Loading label="Loading giveaways" /> : null}
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.data && list.data.length === 0 ? <EmptyState title="No giveaways yet" /> : null}
      {(list.data ?? []).map((c) => (
        <CampaignCard key={c.id} campaign={c} canManage={canManage} onChanged={list.reload} />
      ))}
    </>
  )
}
