/** A readable, dependency-free API reference rendered from the OpenAPI document. */
type Json = Record<string, unknown>

const esc = (s: unknown) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  )

function schemaText(schema: Json | undefined, doc: Json, depth = 0): string {
  if (!schema || depth > 3) return ''
  const ref = schema.$ref as string | undefined
  if (ref) {
    const name = ref.split('/').pop()!
    const target = ((doc.components as Json)?.schemas as Json)?.[name] as Json | undefined
    return `<span class="ref">${esc(name)}</span>${depth < 1 ? schemaText(target, doc, depth + 1) : ''}`
  }
  const props = schema.properties as Record<string, Json> | undefined
  if (props) {
    const req = new Set((schema.required as string[]) ?? [])
    const rows = Object.entries(props)
      .map(
        ([k, v]) => `<li><code>${esc(k)}</code>${req.has(k) ? '' : ' <em>optional</em>'} ${typeText(v)}</li>`,
      )
      .join('')
    return `<ul>${rows}</ul>`
  }
  return ` ${typeText(schema)}`
}

function typeText(s: Json): string {
  if (s.$ref) return `<span class="ref">${esc(String(s.$ref).split('/').pop())}</span>`
  if (s.enum) return `one of ${(s.enum as unknown[]).map((e) => `<code>${esc(e)}</code>`).join(', ')}`
  if (s.type === 'array') return `array of ${typeText((s.items as Json) ?? {})}`
  if (s.anyOf) return (s.anyOf as Json[]).map(typeText).join(' or ')
  return `<span class="type">${esc(s.type ?? 'value')}</span>`
}

export function renderReference(doc: Json): string {
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Json>>
  const byTag = new Map<string, string[]>()
  for (const [path, ops] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = ((op.tags as string[]) ?? ['Other'])[0]!
      const body = ((op.requestBody as Json)?.content as Json)?.['application/json'] as Json | undefined
      const ok = Object.entries((op.responses as Record<string, Json>) ?? {}).find(([s]) => s.startsWith('2'))
      const okSchema = ((ok?.[1]?.content as Json)?.['application/json'] as Json | undefined)?.schema as
        | Json
        | undefined
      const html = `<section class="op"><h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary)}</p>${body ? `<h4>Body</h4>${schemaText(body.schema as Json, doc)}` : ''}${ok ? `<h4>${esc(ok[0])} ${esc(ok[1].description)}</h4>${schemaText(okSchema, doc)}` : ''}</section>`
      byTag.set(tag, [...(byTag.get(tag) ?? []), html])
    }
  }
  const info = doc.info as Json
  const nav = [...byTag.keys()].map((t) => `<a href="#${esc(t)}">${esc(t)}</a>`).join('')
  const sections = [...byTag.entries()]
    .map(([t, ops]) => `<h2 id="${esc(t)}">${esc(t)}</h2>${ops.join('')}`)
    .join('')
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(info.title)} reference</title><style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1c2430;display:flex}nav{position:sticky;top:0;height:100vh;overflow:auto;min-width:200px;background:#f4f6f9;padding:20px;box-sizing:border-box}
nav a{display:block;color:#2b5fd9;text-decoration:none;padding:3px 0}main{padding:24px 40px;max-width:900px}.op{border:1px solid #e1e6ee;border-radius:8px;padding:4px 16px;margin:12px 0}
.m{font-size:12px;font-weight:700;padding:2px 6px;border-radius:4px;color:#fff;background:#5b6b82}.get{background:#2f855a}.post{background:#2b5fd9}.patch,.put{background:#b7791f}.delete{background:#c53030}
code{font-family:ui-monospace,monospace;font-size:13px}.ref{color:#6b46c1}.type{color:#5b6b82}h4{margin:8px 0 0;font-size:13px;color:#5b6b82}
</style></head><body><nav><strong>${esc(info.title)}</strong><p><a href="/api/openapi.json">openapi.json</a></p>${nav}</nav><main><h1>${esc(info.title)}</h1><p>${esc(info.description)}</p>${sections}</main></body></html>`
}
