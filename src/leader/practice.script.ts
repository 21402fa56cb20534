/**
 * The practice session's script: a fixed sequence of simulated public messages (friendly, curious,
 * hostile) spread over about four minutes, with some randomness by seed (which wording, who says it,
 * a little jitter in timing). Pure: the same seed gives the same session.
 */
import { Prng } from '../networks/sandbox/sandbox.people.js'

export const PRACTICE_TONES = ['friendly', 'curious', 'hostile'] as const
export type PracticeTone = (typeof PRACTICE_TONES)[number]

export interface ScriptedMessage {
  position: number
  tone: PracticeTone
  text: string
  /** The Sandbox person who says it. */
  authorIndex: number
  /** Milliseconds after the start, at the script's real pace. */
  offsetMs: number
}

/** Each slot: its tone, its nominal offset in seconds, and the wordings one is picked from. */
const SLOTS: ReadonlyArray<{ tone: PracticeTone; at: number; texts: readonly string[] }> = [
  {
    tone: 'friendly',
    at: 0,
    texts: [
      '{at} great to see you here! Looking forward to hearing more from you.',
      'Welcome to the conversation {at}, really enjoyed your talk last week.',
    ],
  },
  {
    tone: 'curious',
    at: 25,
    texts: [
      '{at} what do you think is the biggest change coming to our industry this year?',
      '{at} how do you decide which projects your team takes on?',
    ],
  },
  {
    tone: 'hostile',
    at: 50,
    texts: [
      '{at} your company keeps raising prices and the service gets worse. Why should anyone trust you?',
      '{at} another PR account. Do you actually read what customers write or is this all for show?',
    ],
  },
  {
    tone: 'curious',
    at: 80,
    texts: [
      '{at} are you hiring engineers in Europe? How would someone apply?',
      '{at} what book changed how you lead?',
    ],
  },
  {
    tone: 'friendly',
    at: 110,
    texts: [
      'Thank you {at} for answering people directly, that is rare.',
      '{at} congratulations on the launch, the team did great work!',
    ],
  },
  {
    tone: 'hostile',
    at: 140,
    texts: [
      '{at} still waiting three weeks for my refund. Is anyone at the top even listening?',
      '{at} the outage last night cost us a full day. Where was the apology?',
    ],
  },
  {
    tone: 'curious',
    at: 175,
    texts: [
      '{at} what is one thing you would do differently if you started over?',
      '{at} will the roadmap be shared publicly this year?',
    ],
  },
  {
    tone: 'hostile',
    at: 210,
    texts: [
      '{at} you post about values but your support line hung up on me twice today.',
      '{at} nice words. Now fix the billing mess you created.',
    ],
  },
]

/** How long the script runs at its real pace (the last message plus a little jitter). */
export const SCRIPT_LENGTH_MS = 225_000

/** The script for `seed`, addressed to `handle` (without the @). */
export function practiceScript(seed: number, handle: string): ScriptedMessage[] {
  const rng = new Prng(seed)
  const used = new Set<number>()
  return SLOTS.map((slot, position) => {
    let authorIndex = rng.int(0, 399)
    while (used.has(authorIndex)) authorIndex = (authorIndex + 1) % 400
    used.add(authorIndex)
    const jitter = position === 0 ? 0 : rng.int(-10, 10)
    return {
      position,
      tone: slot.tone,
      text: rng.pick(slot.texts).replace('{at}', `@${handle}`),
      authorIndex,
      offsetMs: (slot.at + jitter) * 1000,
    }
  })
}
