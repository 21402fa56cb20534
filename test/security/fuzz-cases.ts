import { randomBytes } from 'node:crypto'
import type { ApiDocument, RouteInfo, SchemaNode } from '../http/routes.js'
import { resolveRef } from '../http/routes.js'
import { fillIds, sample, type WorkspaceIds } from './openapi-sample.js'

/**
 * Request bodies for one operation, generated from its schema: valid ones (json-schema-faker, with
 * the workspace's real ids in the id fields) and invalid ones made by breaking a valid one in one
 * place. `expect4xx` marks the cases the schema itself refuses; the others only must not be a 5xx.
 */
export interface FuzzCase {
  label: string
  body: BodyInit | undefined
  type: string
  expect4xx: boolean
}

const json = (label: string, value: unknown, expect4xx: boolean): FuzzCase => ({
  label,
  body: JSON.stringify(value),
  type: 'application/json',
  expect4xx,
})

/** A value of a different JSON type than `schema` allows. */
function wrongType(schema: SchemaNode): unknown {
  const t = JSON.stringify(schema.type ?? '')
  if (t.includes('string')) return { nested: [1, 2] }
  if (t.includes('array')) return { not: 'an array' }
  if (t.includes('object')) return ['not', 'an', 'object']
  if (t.includes('boolean')) return 'yes'
  return 'not-a-number'
}

function allowsNull(schema: SchemaNode): boolean {
  if (JSON.stringify(schema.type ?? '').includes('null')) return true
  const alts = [...((schema.anyOf as SchemaNode[]) ?? []), ...((schema.oneOf as SchemaNode[]) ?? [])]
  return alts.some((s) => s.type === 'null' || JSON.stringify(s.type ?? '').includes('null'))
}

function nested(depth: number): unknown {
  let v: unknown = 'bottom'
  for (let i = 0; i < depth; i++) v = i % 2 ? { deeper: v } : [v]
  return v
}

/** Every string in `value` made `size` characters long (the schema's maxLength is then exceeded). */
function stretchStrings(value: unknown, size: number): unknown {
  if (typeof value === 'string') return 'x'.repeat(size)
  if (Array.isArray(value)) return value.map((v) => stretchStrings(v, size))
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stretchStrings(v, size)]))
  return value
}

/** Body cases for `route`; `seed` varies the valid samples between runs of the same suite. */
export function bodyCases(doc: ApiDocument, route: RouteInfo, ids: WorkspaceIds, seed: number): FuzzCase[] {
  const out: FuzzCase[] = []
  const root = route.bodySchema ? resolveRef(doc, route.bodySchema) : undefined
  const valid = (s: number, all: boolean) => {
    if (!route.bodySchema) return {}
    const v = sample(doc, route.bodySchema, s, all)
    fillIds(route, v, ids)
    return v
  }
  // @NOTE sampling a large schema (a post's) takes a quarter of a second: each sample is made once.
  const minimal = valid(seed, false)
  const full = valid(seed, true)
  const isObject = root !== undefined && root.type === 'object'
  const props = (root?.properties ?? {}) as Record<string, SchemaNode>
  const required = (root?.required ?? []) as string[]

  if (route.bodySchema) {
    out.push(json('valid #1', minimal, false), json('valid #2', full, false))
    out.push(json('valid #3', valid(seed + 1, true), false))
  }
  if (isObject) {
    const base = full as Record<string, unknown>
    for (const name of required) {
      const { [name]: _gone, ...rest } = base
      out.push(json(`missing required ${name}`, rest, true))
    }
    for (const [name, s] of Object.entries(props)) {
      const prop = resolveRef(doc, s)
      // A property without a type (any JSON) may take what comes; it only must not crash.
      const typed = prop.type !== undefined
      out.push(json(`wrong type for ${name}`, { ...base, [name]: wrongType(prop) }, typed))
      if (!allowsNull(prop)) out.push(json(`null ${name}`, { ...base, [name]: null }, typed))
    }
    const first = Object.keys(props)[0]
    if (first) out.push(json(`deep nesting in ${first}`, { ...base, [first]: nested(200) }, false))
    out.push(json('an unknown field', { ...base, zzUnknownField: true }, false))
    out.push(json('oversized strings', stretchStrings(base, 20_000), false))
    out.push(json('a __proto__ key', JSON.parse(`{"__proto__": {"admin": true}, "constructor": 1}`), false))
  }
  const generic: FuzzCase[] = [
    json('null body', null, route.bodyRequired),
    json('a JSON array', [1, 2, 3], route.bodyRequired),
    json('a JSON string', 'hello', route.bodyRequired),
    { label: 'malformed JSON', body: '{"name": "x", ', type: 'application/json', expect4xx: true },
    {
      label: 'JSON as text/plain',
      body: JSON.stringify(minimal),
      type: 'text/plain',
      expect4xx: true,
    },
    {
      label: 'form data',
      body: 'name=x&role=owner',
      type: 'application/x-www-form-urlencoded',
      expect4xx: true,
    },
    {
      label: 'random bytes as JSON',
      body: new Blob([new Uint8Array(randomBytes(512))]),
      type: 'application/json',
      expect4xx: true,
    },
    {
      label: 'random bytes as octet-stream',
      body: new Blob([new Uint8Array(randomBytes(512))]),
      type: 'application/octet-stream',
      expect4xx: true,
    },
    {
      label: 'an oversized body',
      body: JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }),
      type: 'application/json',
      expect4xx: true,
    },
    {
      label: 'deeply nested JSON',
      body: `${'{"a":['.repeat(5000)}1${']}'.repeat(5000)}`,
      type: 'application/json',
      expect4xx: true,
    },
  ]
  // A route that takes no body ignores one; it only must not crash on it.
  for (const c of generic) out.push({ ...c, expect4xx: c.expect4xx && route.hasBody })
  return out
}

/** Query strings for `route`: a valid sample, then each parameter wrong, huge, repeated and empty. */
export function queryCases(doc: ApiDocument, route: RouteInfo, seed: number): string[] {
  const query = route.parameters.filter((p) => p.in === 'query')
  if (!query.length) return []
  const validOf = (i: number) =>
    Object.fromEntries(query.map((p) => [p.name, String(sample(doc, p.schema, seed + i) ?? '')]))
  const first = validOf(0)
  const out = [new URLSearchParams(first).toString(), new URLSearchParams(validOf(1)).toString()]
  for (const p of query) {
    for (const bad of ['', '-1', 'NaN', '1e309', '9'.repeat(40), 'x'.repeat(5000), '[object]']) {
      out.push(new URLSearchParams({ ...first, [p.name]: bad }).toString())
    }
    out.push(`${p.name}=a&${p.name}=b&${p.name}[]=c`, `${p.name}=%E0%A4%A`, `${p.name}=%00`)
  }
  return out
}
