/**
 * What a finished practice session shows: response times, replies given, the tone of the leader's
 * replies and concrete suggestions. Pure, so the figures can be checked by hand.
 */
import { classify, type Sentiment } from '../triage/classifier.js'
import type { PracticeTone } from './practice.script.js'

/** The reply time we coach towards in practice. */
export const PRACTICE_REPLY_TARGET_MS = 5 * 60_000

export interface PracticeExchange {
  position: number
  tone: PracticeTone
  text: string
  deliveredAt: number
  /** The leader's first reply in that conversation, if any. */
  reply: { text: string; at: number } | null
}

export interface PracticeExchangeResult {
  position: number
  tone: PracticeTone
  text: string
  deliveredAt: number
  replyText: string | null
  repliedAt: number | null
  responseMs: number | null
  /** How the reply reads (src/triage classifier), null when unanswered. */
  replyTone: Sentiment | null
}

export interface PracticeResults {
  messages: number
  replies: number
  medianResponseMs: number | null
  /** Tone of the leader's replies. */
  replyTone: Record<Sentiment, number>
  byTone: Record<PracticeTone, { messages: number; replied: number }>
  exchanges: PracticeExchangeResult[]
  suggestions: string[]
}

/** Median of a list (the mean of the middle two for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** "2 h 5 min", "2 min 5 s", "40 s". */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m >= 60) {
    const h = Math.floor(m / 60)
    return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`
  }
  return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`
}

export function practiceResults(exchanges: readonly PracticeExchange[]): PracticeResults {
  const replyTone: Record<Sentiment, number> = { positive: 0, neutral: 0, negative: 0 }
  const byTone: PracticeResults['byTone'] = {
    friendly: { messages: 0, replied: 0 },
    curious: { messages: 0, replied: 0 },
    hostile: { messages: 0, replied: 0 },
  }
  const out: PracticeExchangeResult[] = exchanges.map((e) => {
    byTone[e.tone].messages++
    if (!e.reply) {
      return {
        position: e.position,
        tone: e.tone,
        text: e.text,
        deliveredAt: e.deliveredAt,
        replyText: null,
        repliedAt: null,
        responseMs: null,
        replyTone: null,
      }
    }
    byTone[e.tone].replied++
    const tone = classify(e.reply.text).sentiment
    replyTone[tone]++
    return {
      position: e.position,
      tone: e.tone,
      text: e.text,
      deliveredAt: e.deliveredAt,
      replyText: e.reply.text,
      repliedAt: e.reply.at,
      responseMs: Math.max(0, e.reply.at - e.deliveredAt),
      replyTone: tone,
    }
  })
  const times = out.flatMap((x) => (x.responseMs === null ? [] : [x.responseMs]))
  const med = median(times)
  const replies = times.length
  return {
    messages: exchanges.length,
    replies,
    medianResponseMs: med,
    replyTone,
    byTone,
    exchanges: out,
    suggestions: suggestions(out, byTone, med),
  }
}

function suggestions(
  ex: PracticeExchangeResult[],
  byTone: PracticeResults['byTone'],
  med: number | null,
): string[] {
  const tips: string[] = []
  if (ex.length === 0) return ['No messages arrived yet: let the session run a little before finishing.']
  const hostileMissed = byTone.hostile.messages - byTone.hostile.replied
  if (hostileMissed > 0)
    tips.push(
      `Answer hostile messages too: ${hostileMissed} of ${byTone.hostile.messages} got no reply. A short, calm public answer shows everyone else that you listen.`,
    )
  const harsh = ex.filter((x) => x.tone === 'hostile' && x.replyTone === 'negative')
  if (harsh.length > 0)
    tips.push(
      `Answer hostile messages calmly: ${harsh.length} of your replies to them read as negative. Acknowledge the problem, say what happens next, and offer to continue in a direct message.`,
    )
  const curiousMissed = byTone.curious.messages - byTone.curious.replied
  if (curiousMissed > 0)
    tips.push(
      `Answer the questions: ${curiousMissed} of ${byTone.curious.messages} curious messages waited in vain. Questions are the easiest way to show what you know.`,
    )
  const friendlyMissed = byTone.friendly.messages - byTone.friendly.replied
  if (friendlyMissed > 0 && friendlyMissed === byTone.friendly.messages)
    tips.push('Thank the people who cheer you on: a one-line reply to friendly messages builds goodwill.')
  if (med !== null && med > PRACTICE_REPLY_TARGET_MS)
    tips.push(
      `Reply faster: your median response time was ${formatDuration(med)}; aim for under ${formatDuration(PRACTICE_REPLY_TARGET_MS)}.`,
    )
  const slowest = ex.reduce<PracticeExchangeResult | null>(
    (a, x) => (x.responseMs !== null && (a === null || x.responseMs > (a.responseMs ?? 0)) ? x : a),
    null,
  )
  if (
    slowest?.responseMs &&
    slowest.responseMs > PRACTICE_REPLY_TARGET_MS &&
    med !== null &&
    med <= PRACTICE_REPLY_TARGET_MS
  )
    tips.push(
      `One reply took ${formatDuration(slowest.responseMs)} (to a ${slowest.tone} message): keep every answer under ${formatDuration(PRACTICE_REPLY_TARGET_MS)}.`,
    )
  if (tips.length === 0)
    tips.push('Well done: every message got a timely, even-toned reply. You are ready to try it in public.')
  return tips
}
