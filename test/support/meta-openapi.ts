/**
 * Turns Meta's Graph API node specs (../shared/specs/meta/*.json, the facebook-business-sdk-codegen format,
 * read unchanged) into one OpenAPI 3.0 document that Prism can serve and validate requests against (#20).
 *
 * Meta's format is one file per node type: `fields` (name, type) and `apis` (method, `endpoint` = the edge
 * name or absent for the node itself, `params` with name/type/required, `return` = a node type). What the
 * conversion assumes, each because the codegen format leaves it implicit:
 * - Paths: a node operation is `/{id}` and an edge is `/{id}/<edge>` (Graph ids are opaque, `me` included).
 *   Several nodes share a template (`/{id}/comments` on Post, PagePost, Photo, Comment, IGMedia): their
 *   query parameters are merged and their request bodies and responses become `anyOf` the nodes' schemas.
 * - Parameters: GET and DELETE take them in the query; POST takes them in a body, form-encoded (what the
 *   SDKs send) or JSON. Bodies are closed (`additionalProperties: false`), so a misspelt field is a violation.
 *   Every operation also accepts the Graph-wide parameters the node specs leave out: `access_token`,
 *   `appsecret_proof`, `fields` (with field expansion), `limit`, the paging `after`, `before`, `since`, `until`,
 *   `summary`, `pretty`.
 * - Types: string, bool, int, unsigned int (minimum 0), float, datetime (ISO 8601 string or unix seconds),
 *   `list<T>`, map and Object. The enum types (`pagefeed_with_enum_param`, `page_attire`…) live in a file
 *   that was not copied, so they are strings. In a form body an Object, map or list may be JSON-encoded
 *   text, as the SDKs send it (`recipient={"id":"…"}`), so there it is `anyOf` the type and a string.
 * - Binary uploads: the SDKs attach files outside the parameter list, so photo edges (`photos`) get the
 *   multipart `source` part that Meta documents for uploads.
 * - Responses: a GET of a node returns its fields (nested nodes as `{ id }` objects, no recursion); a GET of
 *   an edge returns `{ data: [T], paging }`; a POST to an edge creates and returns `{ id }` (photos add
 *   `post_id`, feed posts return the new post's id, not the `Page` the codegen names); a POST to a node or
 *   a DELETE returns `{ success }`. Errors are Graph's `{ error: { message, type, code, … } }`.
 * - Auth: the token as `Authorization: Bearer` or `access_token` in the query.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const META_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/specs/meta')

type Schema = Record<string, unknown>

interface MetaParam {
  name: string
  type: string
  required?: boolean
}
interface MetaApi {
  method: string
  endpoint?: string
  name?: string
  return?: string
  params?: MetaParam[]
}
interface MetaNode {
  apis: MetaApi[]
  fields: { name: string; type: string }[]
}

/** The edges the Facebook and Instagram adapters (and connecting a channel) use. */
export const ADAPTER_EDGES = [
  'feed',
  'posts',
  'published_posts',
  'visitor_posts',
  'ratings',
  'comments',
  'replies',
  'likes',
  'photos',
  'media',
  'media_publish',
  'mentions',
  'children',
  'tags',
  'conversations',
  'messages',
  'blocked',
  'accounts',
  'instagram_accounts',
  'subscribed_apps',
  'picture',
] as const

/** Reads every node file of the Meta spec folder (by default ../shared/specs/meta). */
export function readMetaSpecs(dir = META_DIR): Map<string, MetaNode> {
  const nodes = new Map<string, MetaNode>()
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort())
    nodes.set(file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, file), 'utf8')) as MetaNode)
  return nodes
}

const SCALARS: Record<string, Schema> = {
  string: { type: 'string' },
  bool: { type: 'boolean' },
  int: { type: 'integer' },
  'unsigned int': { type: 'integer', minimum: 0 },
  float: { type: 'number' },
  datetime: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
  map: { type: 'object' },
  Object: { type: 'object' },
  list: { type: 'array' },
  file: { type: 'string', format: 'binary' },
}

/** The JSON Schema of one Meta type. `form`: as a value in a form body (structured values may be JSON text). */
function typeSchema(type: string, nodes: Map<string, MetaNode>, form: boolean): Schema {
  const list = /^list<(.+)>$/.exec(type)
  let schema: Schema
  if (list) schema = { type: 'array', items: typeSchema(list[1] as string, nodes, false) }
  else if (SCALARS[type]) schema = SCALARS[type] as Schema
  // @NOTE a node type named as a value is a reference to one: an object with its id.
  else if (/^[A-Z]/.test(type))
    schema = nodes.has(type) ? { type: 'object', properties: { id: { type: 'string' } } } : { type: 'object' }
  else schema = { type: 'string' } // an enum type whose values are not in the copied files
  const structured = schema.type === 'object' || schema.type === 'array'
  return form && structured ? { anyOf: [schema, { type: 'string' }] } : schema
}

function bodySchema(api: MetaApi, nodes: Map<string, MetaNode>, form: boolean): Schema {
  const properties: Record<string, Schema> = {
    access_token: { type: 'string' },
    appsecret_proof: { type: 'string' },
  }
  for (const p of api.params ?? []) properties[p.name] = typeSchema(p.type, nodes, form)
  if (api.endpoint === 'photos') properties.source = { type: 'string', format: 'binary' }
  const required = (api.params ?? []).filter((p) => p.required).map((p) => p.name)
  return { type: 'object', properties, additionalProperties: false, ...(required.length ? { required } : {}) }
}

function nodeSchema(node: MetaNode, nodes: Map<string, MetaNode>): Schema {
  const properties: Record<string, Schema> = {}
  for (const f of node.fields) properties[f.name] = typeSchema(f.type, nodes, false)
  return { type: 'object', properties }
}

function returnSchema(ret: string | undefined, nodes: Map<string, MetaNode>): Schema {
  return ret && nodes.has(ret) ? { $ref: `#/components/schemas/${ret}` } : { type: 'object' }
}

const COMMON_QUERY = [
  'access_token',
  'appsecret_proof',
  'fields',
  'after',
  'before',
  'since',
  'until',
  'summary',
  'pretty',
].map((name) => ({
  name,
  in: 'query',
  required: false,
  schema: { type: 'string' },
}))
const LIMIT = { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 0 } }

function responseOf(api: MetaApi, nodes: Map<string, MetaNode>): Schema {
  const method = api.method.toUpperCase()
  if (method === 'DELETE' || (method === 'POST' && !api.endpoint))
    return { type: 'object', properties: { success: { type: 'boolean' } }, required: ['success'] }
  if (method === 'POST') {
    const properties: Record<string, Schema> = { id: { type: 'string' } }
    if (api.endpoint === 'photos') properties.post_id = { type: 'string' }
    return { type: 'object', properties }
  }
  if (!api.endpoint) return returnSchema(api.return, nodes)
  return {
    type: 'object',
    properties: {
      data: { type: 'array', items: returnSchema(api.return, nodes) },
      paging: {
        type: 'object',
        properties: {
          cursors: { type: 'object', properties: { before: { type: 'string' }, after: { type: 'string' } } },
          next: { type: 'string' },
          previous: { type: 'string' },
        },
      },
      summary: { type: 'object' },
    },
    required: ['data'],
  }
}

const oneOrAny = (schemas: Schema[]): Schema =>
  schemas.length === 1 ? (schemas[0] as Schema) : { anyOf: schemas }

export interface MetaOpenApiOptions {
  /** Edges to include; every edge of every node when 'all'. Default: the adapters' edges. */
  edges?: readonly string[] | 'all'
  /** Server URL written into the document (Prism ignores it). */
  server?: string
}

/** The OpenAPI 3.0 document for Meta's node specs. Pure: the same specs give the same document. */
export function metaOpenApi(nodes = readMetaSpecs(), opts: MetaOpenApiOptions = {}): Schema {
  const edges = opts.edges ?? ADAPTER_EDGES
  type Op = { nodes: string[]; apis: MetaApi[] }
  const ops = new Map<string, Map<string, Op>>()
  for (const [name, node] of nodes) {
    for (const api of node.apis) {
      if (api.endpoint && edges !== 'all' && !edges.includes(api.endpoint)) continue
      const path = api.endpoint ? `/{id}/${api.endpoint}` : '/{id}'
      const method = api.method.toLowerCase()
      const byMethod = ops.get(path) ?? new Map<string, Op>()
      ops.set(path, byMethod)
      const op = byMethod.get(method) ?? { nodes: [], apis: [] }
      op.nodes.push(name)
      op.apis.push(api)
      byMethod.set(method, op)
    }
  }
  const paths: Record<string, Schema> = {}
  for (const [path, byMethod] of [...ops].sort(([a], [b]) => a.localeCompare(b))) {
    const item: Schema = {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
    }
    for (const [method, op] of byMethod) {
      const query = new Map<string, Schema>()
      for (const p of COMMON_QUERY) query.set(p.name, p)
      query.set('limit', LIMIT)
      const operation: Schema = {
        operationId: `${method}_${path.replace(/[{}]/g, '').replace(/\//g, '_')}`,
        summary: `${method.toUpperCase()} ${path} (${op.nodes.join(', ')})`,
        responses: {
          '200': {
            description: 'OK',
            content: { 'application/json': { schema: oneOrAny(op.apis.map((a) => responseOf(a, nodes))) } },
          },
          default: { description: 'Graph error', content: { 'application/json': { schema: GRAPH_ERROR } } },
        },
      }
      if (method === 'post') {
        operation.requestBody = {
          required: false,
          content: {
            'application/x-www-form-urlencoded': {
              schema: oneOrAny(op.apis.map((a) => bodySchema(a, nodes, true))),
            },
            'multipart/form-data': { schema: oneOrAny(op.apis.map((a) => bodySchema(a, nodes, true))) },
            'application/json': { schema: oneOrAny(op.apis.map((a) => bodySchema(a, nodes, false))) },
          },
        }
      } else {
        for (const api of op.apis)
          for (const p of api.params ?? [])
            if (!query.has(p.name))
              query.set(p.name, {
                name: p.name,
                in: 'query',
                required: false,
                schema: typeSchema(p.type, nodes, true),
              })
      }
      operation.parameters = [...query.values()]
      item[method] = operation
    }
    paths[path] = item
  }
  const schemas: Record<string, Schema> = {}
  for (const [name, node] of nodes) schemas[name] = nodeSchema(node, nodes)
  schemas.GraphError = GRAPH_ERROR
  return {
    openapi: '3.0.3',
    info: {
      title: 'Meta Graph API v25 (converted from facebook-business-sdk-codegen node specs)',
      version: '25.0',
    },
    servers: [{ url: opts.server ?? 'https://graph.facebook.com/v25.0' }],
    security: [{ bearer: [] }, { accessToken: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        accessToken: { type: 'apiKey', in: 'query', name: 'access_token' },
      },
      schemas,
    },
    paths,
  }
}

const GRAPH_ERROR: Schema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        message: { type: 'string' },
        type: { type: 'string' },
        code: { type: 'integer' },
        error_subcode: { type: 'integer' },
        fbtrace_id: { type: 'string' },
      },
      required: ['message', 'code'],
    },
  },
  required: ['error'],
}

/** Writes the converted document to `file` (for `startPrism({ spec: file })`) and returns the path. */
export function writeMetaOpenApi(file: string, opts?: MetaOpenApiOptions): string {
  writeFileSync(file, JSON.stringify(metaOpenApi(readMetaSpecs(), opts), null, 1))
  return file
}
