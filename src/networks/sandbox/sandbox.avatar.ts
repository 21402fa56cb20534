/**
 * Sandbox avatars: an initials circle served by Townhall at a short path, as real networks serve
 * avatars from a CDN address. Contacts then store a ~30-character address instead of a ~390-byte
 * SVG data URI in every contact and account row and every API response, and browsers cache the
 * image. Works offline like the rest of the Sandbox.
 */

const PREFIX = '/sandbox/avatars/'
const FILE = /^(.+)-([0-9a-f]{6})\.svg$/

/** The address of the avatar with `initials` (one to four characters) on `color` (`#rrggbb`). */
export function sandboxAvatarUrl(initials: string, color: string): string {
  return `${PREFIX}${encodeURIComponent(initials)}-${color.replace(/^#/, '').toLowerCase()}.svg`
}

/** The initials and colour named by a file of {@link sandboxAvatarUrl}, or the field that is wrong. */
export function parseSandboxAvatar(
  file: string,
): { ok: true; initials: string; color: string } | { ok: false; field: string; reason: string } {
  const m = FILE.exec(file)
  if (!m) return { ok: false, field: 'file', reason: 'must be <initials>-<rrggbb>.svg' }
  let initials: string
  try {
    initials = decodeURIComponent(m[1]!)
  } catch {
    return { ok: false, field: 'initials', reason: 'is not valid percent-encoding' }
  }
  const n = [...initials].length
  if (n < 1 || n > 4) return { ok: false, field: 'initials', reason: 'must be 1 to 4 characters' }
  return { ok: true, initials, color: `#${m[2]}` }
}

const XML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

/** The SVG image: `initials` in white on a circle of `color`. */
export function sandboxAvatarSvg(initials: string, color: string): string {
  const text = initials.replace(/[&<>"']/g, (ch) => XML[ch]!)
  return `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" rx="32" fill="${color}"/><text x="32" y="41" font-family="sans-serif" font-size="24" fill="#fff" text-anchor="middle">${text}</text></svg>`
}
