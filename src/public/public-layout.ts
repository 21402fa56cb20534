/**
 * The public site's frame: escaping, the page shell with Open Graph and Twitter card tags, navigation
 * and the small stylesheet. Plain server-rendered HTML: every page works with JavaScript off.
 */

/** HTML-escapes text for element content and attribute values. */
export function esc(text: string | number | null | undefined): string {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/** A UTC time as people read it, with the machine-readable value. */
export function time(ms: number, timeZone = 'UTC'): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(ms)
  return `<time datetime="${new Date(ms).toISOString()}">${esc(text)} ${esc(timeZone === 'UTC' ? 'UTC' : timeZone)}</time>`
}

export interface Shell {
  /** The site's name (the workspace). */
  site: string
  /** Absolute base of this site, e.g. https://townhall.example/p/acme */
  base: string
  title: string
  description: string
  /** Path after the base of this page, '' for the home page. */
  path: string
  current: 'home' | 'status' | 'news' | 'events' | 'giveaways'
  /** Extra <link> tags (feeds) and scripts. */
  head?: string
}

const NAV: Array<[Shell['current'], string, string]> = [
  ['home', '', 'About'],
  ['status', '/status', 'Status'],
  ['news', '/news', 'News'],
  ['events', '/events', 'Events'],
  ['giveaways', '/giveaways', 'Giveaways'],
]

const CSS = `
:root{color-scheme:light;--ink:#1a1a1a;--muted:#4a4a4a;--line:#d6d6d6;--ok:#146c2e;--minor:#8a5a00;--major:#a33a00;--critical:#b00020;--accent:#1d4ed8}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,sans-serif;color:var(--ink);background:#fff}
a{color:var(--accent)}a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px}
header,main,footer{max-width:52rem;margin:0 auto;padding:0 1rem}header{border-bottom:1px solid var(--line)}
nav ul{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;padding:0;margin:.5rem 0 1rem}
nav a[aria-current]{font-weight:700;color:var(--ink)}
h1{font-size:1.8rem;margin:1rem 0 .5rem}h2{font-size:1.3rem;margin-top:2rem}h3{font-size:1.1rem}
.muted{color:var(--muted)}.card{border:1px solid var(--line);border-radius:8px;padding:1rem;margin:1rem 0}
.badge{display:inline-block;border-radius:4px;padding:0 .4rem;font-size:.9rem;border:1px solid currentColor}
.operational{color:var(--ok)}.minor,.maintenance{color:var(--minor)}.major{color:var(--major)}.critical{color:var(--critical)}
.bars{display:flex;gap:1px;height:28px;margin:.3rem 0}.bars span{flex:1;background:#2e8b57}
.bars span.minor,.bars span.maintenance{background:#d4a017}.bars span.major{background:#d2691e}.bars span.critical{background:#b00020}
code,.mono{font-family:ui-monospace,monospace;font-size:.85rem;word-break:break-all}
table{border-collapse:collapse;width:100%}th,td{text-align:left;border-bottom:1px solid var(--line);padding:.3rem}
.ok{color:var(--ok)}.fail{color:var(--critical)}footer{margin-top:3rem;padding:1rem;border-top:1px solid var(--line)}
`

/** A whole page: shell, cards meta, navigation, `body` as <main>. */
export function page(s: Shell, body: string): string {
  const url = `${s.base}${s.path}`
  const nav = NAV.map(
    ([key, path, label]) =>
      `<li><a href="${esc(s.base + path)}"${key === s.current ? ' aria-current="page"' : ''}>${label}</a></li>`,
  ).join('')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(s.title)} · ${esc(s.site)}</title>
<meta name="description" content="${esc(s.description)}">
<link rel="canonical" href="${esc(url)}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="${esc(s.site)}">
<meta property="og:title" content="${esc(s.title)}">
<meta property="og:description" content="${esc(s.description)}">
<meta property="og:url" content="${esc(url)}">
<meta property="og:image" content="${esc(`${s.base}/card.svg?title=${encodeURIComponent(s.title)}`)}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="${esc(s.title)}">
<meta name="twitter:description" content="${esc(s.description)}">
<meta name="twitter:image" content="${esc(`${s.base}/card.svg?title=${encodeURIComponent(s.title)}`)}">
<link rel="alternate" type="application/rss+xml" title="${esc(s.site)} news" href="${esc(`${s.base}/news.rss`)}">
<link rel="alternate" type="application/atom+xml" title="${esc(s.site)} status" href="${esc(`${s.base}/status.atom`)}">
${s.head ?? ''}
<style>${CSS}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><p><strong>${esc(s.site)}</strong></p><nav aria-label="Site"><ul>${nav}</ul></nav></header>
<main id="main">
${body}
</main>
<footer><p class="muted">Feeds: <a href="${esc(`${s.base}/news.rss`)}">news (RSS)</a>, <a href="${esc(`${s.base}/news.atom`)}">news (Atom)</a>, <a href="${esc(`${s.base}/status.rss`)}">status (RSS)</a>, <a href="${esc(`${s.base}/status.atom`)}">status (Atom)</a>, <a href="${esc(`${s.base}/events.ics`)}">events calendar</a>. Served by Townhall.</p></footer>
</body>
</html>`
}

/** The image shown on link cards: an SVG with the site and the page title (no external fonts or images). */
export function cardSvg(site: string, title: string): string {
  const t = title.length > 60 ? `${title.slice(0, 57)}…` : title
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630"><rect width="1200" height="630" fill="#1d4ed8"/><text x="80" y="260" font-family="sans-serif" font-size="44" fill="#dbeafe">${esc(site)}</text><text x="80" y="360" font-family="sans-serif" font-size="64" font-weight="700" fill="#ffffff">${esc(t)}</text></svg>`
}
