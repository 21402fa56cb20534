/** "a user with email x exists" → "A user with email x exists." */
export function sentence(text: string): string {
  const t = text.trim()
  if (!t) return t
  const s = t[0]!.toUpperCase() + t.slice(1)
  return /[.!?]$/.test(s) ? s : `${s}.`
}
