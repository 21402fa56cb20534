/**
 * The Sandbox's synthetic people and its seeded PRNG. A person is a pure function of
 * (seed, index), so a world of any size costs no storage and is the same after a restart.
 * @NOTE no Node imports: the web app may show these avatars and names too.
 */
import { sandboxAvatarUrl } from './sandbox.avatar.js'

/** A small, fast, seeded PRNG (mulberry32): deterministic, not for secrets. */
export class Prng {
  private state: number
  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  /** Picks a key of `table` with probability proportional to its weight. */
  weighted<K extends string>(table: WeightTable<K>): K {
    const r = this.next() * table.total
    for (let i = 0; i < table.keys.length; i++) if (r < table.cumulative[i]!) return table.keys[i]!
    return table.keys[table.keys.length - 1]!
  }
}

/** Weights prepared once, so picking costs no allocation (the Sandbox picks thousands a second). */
export interface WeightTable<K extends string> {
  keys: K[]
  cumulative: number[]
  total: number
}

export function weightTable<K extends string>(weights: Record<K, number>): WeightTable<K> {
  const keys = Object.keys(weights) as K[]
  const cumulative: number[] = []
  let total = 0
  for (const k of keys) {
    total += weights[k]
    cumulative.push(total)
  }
  return { keys, cumulative, total }
}

/** Mixes numbers into one 32-bit seed (FNV-1a over their decimal digits): same inputs, same seed. */
export function mixSeed(...parts: Array<number | string>): number {
  let h = 0x811c9dc5
  for (const p of parts) {
    const s = `${p}|`
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i)
      h = Math.imul(h, 0x01000193) >>> 0
    }
  }
  return h >>> 0
}

const FIRST = [
  'Maya',
  'Liam',
  'Aisha',
  'Noah',
  'Sofia',
  'Mateo',
  'Chloe',
  'Kenji',
  'Amara',
  'Lucas',
  'Priya',
  'Ethan',
  'Zara',
  'Omar',
  'Elena',
  'Jonas',
  'Ines',
  'Tariq',
  'Hannah',
  'Diego',
  'Mei',
  'Samuel',
  'Leila',
  'Felix',
  'Nadia',
  'Oscar',
  'Yuki',
  'Grace',
  'Kwame',
  'Freya',
  'Ravi',
  'Lucia',
  'Tom',
  'Ada',
  'Malik',
  'Nora',
] as const
const LAST = [
  'Okafor',
  'Schmidt',
  'Nguyen',
  'Garcia',
  'Kowalski',
  'Haddad',
  'Silva',
  'Tanaka',
  'Brown',
  'Rossi',
  'Mensah',
  'Larsen',
  'Patel',
  'Dubois',
  'Kim',
  'Novak',
  'Ahmed',
  'Walsh',
  'Costa',
  'Berg',
  'Ibrahim',
  'Moreau',
  'Yilmaz',
  'Fischer',
] as const
const BRANDLIKE = [
  'dailytechwatch',
  'gadgetguru',
  'thestartupdesk',
  'retailpulse',
  'cloudcritic',
  'consumerbeat',
]
const COLORS = ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#dc2626', '#0891b2', '#4d7c0f']

/** A member of the simulated public. */
export interface SandboxPerson {
  index: number
  handle: string
  displayName: string
  /** An initials avatar served by Townhall (sandbox.avatar.ts), so the Sandbox works offline. */
  avatarUrl: string
  followerCount: number
  /** A journalist or big account: what they say travels. */
  influential: boolean
  /** Account that mostly posts spam. */
  spammer: boolean
}

/** The person at `index` in the world with `seed`; the same every time. */
export function sandboxPerson(seed: number, index: number): SandboxPerson {
  const rng = new Prng(mixSeed(seed, 'person', index))
  const influential = rng.chance(0.03)
  const spammer = !influential && rng.chance(0.04)
  const first = rng.pick(FIRST)
  const last = rng.pick(LAST)
  let handle: string
  let displayName: string
  if (influential && rng.chance(0.5)) {
    const outlet = rng.pick(BRANDLIKE)
    handle = `${outlet}${index}.sandbox`
    displayName = `${outlet.replace(/^the/, 'The ')} (${first} ${last})`
  } else if (spammer) {
    handle = `crypto-gains-${index}.sandbox`
    displayName = `${first} 💰 Passive Income`
  } else {
    handle = `${first}${last}${index}.sandbox`.toLowerCase()
    displayName = `${first} ${last}`
  }
  // @NOTE a heavy-tailed follower distribution: most people have a few hundred, a few have many.
  const followerCount = influential
    ? rng.int(40_000, 2_000_000)
    : spammer
      ? rng.int(0, 40)
      : Math.round(20 * Math.exp(rng.next() * 5))
  return {
    index,
    handle,
    displayName,
    avatarUrl: sandboxAvatarUrl(`${first[0]}${last[0]}`, rng.pick(COLORS)),
    followerCount,
    influential,
    spammer,
  }
}
