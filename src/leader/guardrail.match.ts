/** Finding guardrail terms in text: whole words, any case, a plural "s"/"es" included. */

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A matcher for `term` (letters and digits on either side mean it is part of another word). */
export function termPattern(term: string): RegExp {
  const body = term.trim().split(/\s+/).map(escapeRe).join('\\s+')
  return new RegExp(`(?<![\\p{L}\\p{N}_])${body}(?:s|es)?(?![\\p{L}\\p{N}_])`, 'iu')
}

/** The terms of `terms` that occur in `text`, in the order of `terms`. */
export function findTerms(text: string, terms: string[]): string[] {
  return terms.filter((t) => t.trim() && termPattern(t).test(text))
}
