import type { App } from '../../src/http/env.js'

export interface RouteInfo {
  method: string
  /** OpenAPI path with {params}. */
  path: string
  params: string[]
  hasBody: boolean
  bodyProperties: Record<string, { type?: string }>
}

/** Every documented API route, read from the app's own OpenAPI document. */
export function documentedRoutes(app: App): RouteInfo[] {
  const doc = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: 't', version: '0' },
  }) as unknown as {
    paths: Record<
      string,
      Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>
    >
    components?: { schemas?: Record<string, unknown> }
  }
  const resolve = (s: unknown): { properties?: Record<string, { type?: string }> } => {
    const ref = (s as { $ref?: string })?.$ref
    if (ref)
      return (doc.components?.schemas?.[ref.split('/').pop()!] ?? {}) as {
        properties?: Record<string, { type?: string }>
      }
    return (s ?? {}) as { properties?: Record<string, { type?: string }> }
  }
  const out: RouteInfo[] = []
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const schema = op.requestBody?.content?.['application/json']?.schema
      out.push({
        method: method.toUpperCase(),
        path,
        params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
        hasBody: schema !== undefined,
        bodyProperties: resolve(schema).properties ?? {},
      })
    }
  }
  return out
}

export function fillPath(path: string, values: Record<string, string>, fallback: string): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(values[name] ?? fallback))
}
