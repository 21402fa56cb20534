/**
 * Guardrails at approval: a post's text (every part, every per-channel variant) is checked against
 * the plan of each presence it speaks for. Flagged terms and a scheduled time inside a quiet period
 * need the named second approver; topics to avoid only warn. Each finding says what and where.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import type { Database } from '../db/schema.js'
import type { PostRow } from '../publishing/post.repository.js'
import type { ApprovalRequirement, PostPartInput } from '../publishing/post.types.js'
import type { Strategy } from '../shared/strategy.types.js'
import { findTerms } from './guardrail.match.js'
import type { StrategyService } from './strategy.service.js'
import type { GuardrailFinding, GuardrailResult } from './strategy.types.js'

interface Text {
  where: string
  text: string
}

const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ')

export class GuardrailService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly strategies: StrategyService,
  ) {}

  /** Everything the post's text and schedule trip in the plans of `presenceIds`. */
  async check(post: PostRow, presenceIds: string[]): Promise<GuardrailResult> {
    const plans = await this.strategies.current(post.workspace_id, presenceIds)
    if (plans.size === 0) return { findings: [], secondApprovers: [] }
    const texts = await this.texts(post)
    const at = post.scheduled_at ?? this.clock.now()
    const findings: GuardrailFinding[] = []
    const secondApprovers: GuardrailResult['secondApprovers'] = []
    for (const [presenceId, plan] of plans) {
      const mine: GuardrailFinding[] = []
      const needs = '\u0000'
      for (const t of texts) {
        for (const term of findTerms(t.text, plan.guardrails.flaggedTerms))
          mine.push({
            kind: 'flagged-term',
            presenceId,
            subject: term,
            where: t.where,
            message: `'${term}' in ${t.where} ${needs}`,
            needsSecondApproval: true,
          })
        for (const topic of findTerms(t.text, plan.guardrails.avoidTopics))
          mine.push({
            kind: 'avoid-topic',
            presenceId,
            subject: topic,
            where: t.where,
            message: `'${topic}' in ${t.where} is a topic the plan avoids`,
            needsSecondApproval: false,
          })
      }
      for (const q of plan.guardrails.quietPeriods) {
        if (at >= q.from && at < q.to)
          mine.push({
            kind: 'quiet-period',
            presenceId,
            subject: q.reason,
            where: `${fmt(at)} UTC`,
            message: `${post.scheduled_at === null ? 'Publishing now' : `Going out ${fmt(at)} UTC`} falls in the quiet period '${q.reason}' (${fmt(q.from)} to ${fmt(q.to)} UTC) and ${needs}`,
            needsSecondApproval: true,
          })
      }
      // @NOTE the approver's name is only looked up when something needs them (lists check every post).
      const name = mine.some((f) => f.needsSecondApproval)
        ? await this.approverName(post.workspace_id, plan)
        : null
      const text = name ? `needs approval by ${name}` : 'needs a second approval by a manager'
      for (const f of mine) findings.push({ ...f, message: f.message.replace(needs, text) })
      secondApprovers.push({ presenceId, memberId: plan.guardrails.secondApproverMemberId, name })
    }
    return { findings, secondApprovers }
  }

  /** One guardrail approval per presence whose plan the post trips (the publishing hook). */
  async requirements(post: PostRow, presenceIds: string[]): Promise<ApprovalRequirement[]> {
    const r = await this.check(post, presenceIds)
    const out: ApprovalRequirement[] = []
    for (const a of r.secondApprovers) {
      const found = r.findings.filter((f) => f.presenceId === a.presenceId && f.needsSecondApproval)
      if (found.length === 0) continue
      out.push({
        presenceId: a.presenceId,
        kind: 'guardrail',
        // @NOTE a named approver who left the workspace: any manager may give the second approval.
        memberId: a.name ? a.memberId : null,
        satisfiedBy: null,
        reason: found.map((f) => f.message).join('; '),
      })
    }
    return out
  }

  /** The post's texts, labelled as a person would say where they are. */
  private async texts(post: PostRow): Promise<Text[]> {
    const parts = JSON.parse(post.parts) as PostPartInput[]
    const label = (list: PostPartInput[], i: number) => (list.length > 1 ? `part ${i + 1}` : 'the text')
    const out: Text[] = parts.map((p, i) => ({ where: label(parts, i), text: p.text }))
    const variants = JSON.parse(post.variants) as Record<string, PostPartInput[]>
    const ids = Object.keys(variants).filter((id) => (variants[id]?.length ?? 0) > 0)
    if (ids.length === 0) return out
    const channels = await this.db
      .selectFrom('channels')
      .select(['id', 'network', 'handle'])
      .where('workspace_id', '=', post.workspace_id)
      .where('id', 'in', ids)
      .execute()
    for (const id of ids) {
      const c = channels.find((x) => x.id === id)
      const name = c ? `the ${c.network} text for @${c.handle}` : 'a channel’s own text'
      const list = variants[id]!
      for (const [i, p] of list.entries())
        out.push({ where: list.length > 1 ? `${name}, part ${i + 1}` : name, text: p.text })
    }
    return out
  }

  /** "Dana Ortiz (CFO)": the second approver's name, with the title of their person presence if any. */
  private async approverName(workspaceId: string, plan: Strategy): Promise<string | null> {
    const id = plan.guardrails.secondApproverMemberId
    if (!id) return null
    const m = await this.db
      .selectFrom('members')
      .innerJoin('users', 'users.id', 'members.user_id')
      .leftJoin('presences', (j) =>
        j.onRef('presences.member_id', '=', 'members.id').on('presences.kind', '=', 'person'),
      )
      .select(['users.name', 'presences.title'])
      .where('members.workspace_id', '=', workspaceId)
      .where('members.id', '=', id)
      .executeTakeFirst()
    if (!m) return null
    return m.title ? `${m.name} (${m.title})` : m.name
  }
}
