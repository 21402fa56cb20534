import type { App } from '../../src/http/env.js'

/** A JSON Schema node as the OpenAPI 3.1 document holds it (refs point into `components.schemas`). */
export type SchemaNode = Record<string, unknown>

export interface ParamInfo {
  name: string
  in: 'path' | 'query'
  required: boolean
  schema: SchemaNode
}

export interface RouteInfo {
  method: string
  /** OpenAPI path with {params}. */
  path: string
  params: string[]
  hasBody: boolean
  bodyProperties: Record<string, { type?: string }>
  /** Path and query parameters with their schemas. */
  parameters: ParamInfo[]
  /** The JSON request body's schema, refs unresolved (see `components`). */
  bodySchema: SchemaNode | undefined
  /** Whether the body itself is required (an optional body may be left out). */
  bodyRequired: boolean
}

export interface ApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ name: string; in: string; required?: boolean; schema?: SchemaNode }>
        requestBody?: { required?: boolean; content?: Record<string, { schema?: SchemaNode }> }
      }
    >
  >
  components?: { schemas?: Record<string, SchemaNode> }
}

/** The app's own OpenAPI document, built in-process (the same one `/api/openapi.json` serves). */
export function apiDocument(app: App): ApiDocument {
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: 't', version: '0' },
  }) as unknown as ApiDocument
}

/** Follows a `#/components/schemas/X` reference; other nodes come back as they are. */
export function resolveRef(doc: ApiDocument, s: unknown): SchemaNode {
  const ref = (s as { $ref?: string } | undefined)?.$ref
  if (ref) return resolveRef(doc, doc.components?.schemas?.[ref.split('/').pop()!] ?? {})
  return (s ?? {}) as SchemaNode
}

/** Every documented API route, read from the app's own OpenAPI document. */
export function documentedRoutes(app: App, doc: ApiDocument = apiDocument(app)): RouteInfo[] {
  const out: RouteInfo[] = []
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const schema = op.requestBody?.content?.['application/json']?.schema
      const props = (resolveRef(doc, schema).properties ?? {}) as Record<string, unknown>
      out.push({
        method: method.toUpperCase(),
        path,
        params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
        hasBody: schema !== undefined,
        bodyProperties: Object.fromEntries(
          Object.entries(props).map(([k, v]) => [k, resolveRef(doc, v) as { type?: string }]),
        ),
        parameters: (op.parameters ?? [])
          .filter((p) => p.in === 'path' || p.in === 'query')
          .map((p) => ({
            name: p.name,
            in: p.in as 'path' | 'query',
            required: p.required === true,
            schema: resolveRef(doc, p.schema),
          })),
        bodySchema: schema,
        bodyRequired: op.requestBody?.required === true,
      })
    }
  }
  return out
}

export function fillPath(path: string, values: Record<string, string>, fallback: string): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(values[name] ?? fallback))
}
