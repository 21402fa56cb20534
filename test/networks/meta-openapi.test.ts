import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { metaOpenApi, readMetaSpecs, writeMetaOpenApi } from '../support/meta-openapi.js'
import { type PrismServer, startPrism } from '../support/prism.js'

type Obj = Record<string, unknown>

/** The value at `path` (keys separated by spaces) inside the document. */
function dig(o: unknown, path: string): unknown {
  let v = o
  for (const k of path.split(' ')) v = (v as Obj | undefined)?.[k]
  return v
}

describe("Meta's node specs as an OpenAPI document", () => {
  const doc = metaOpenApi()

  test('covers the edges the adapters use, with the node operations on /{id}', () => {
    for (const p of [
      '/{id}',
      '/{id}/feed',
      '/{id}/visitor_posts',
      '/{id}/ratings',
      '/{id}/comments',
      '/{id}/media',
    ])
      expect(Object.keys(dig(doc, 'paths') as Obj)).toContain(p)
    expect(
      dig(doc, 'paths /{id}/media_publish post requestBody content application/json schema required'),
    ).toEqual(['creation_id'])
    expect(
      dig(doc, 'paths /{id}/ratings get responses 200 content application/json schema properties data items'),
    ).toEqual({ $ref: '#/components/schemas/Recommendation' })
  })

  test('a template several nodes share takes any of their bodies', () => {
    const anyOf = dig(
      doc,
      'paths /{id} post requestBody content application/x-www-form-urlencoded schema anyOf',
    ) as Obj[]
    const owners = dig(doc, 'paths /{id} post summary') as string
    expect(owners).toContain('IGComment')
    expect(owners).toContain('Comment')
    const hide = anyOf.find((s) => (s.required as string[] | undefined)?.includes('hide'))
    expect(dig(hide, 'properties hide')).toEqual({ type: 'boolean' })
    expect(hide?.additionalProperties).toBe(false)
  })

  test('every node file becomes a schema with its fields', () => {
    const nodes = readMetaSpecs()
    expect(nodes.size).toBe(13)
    expect(dig(doc, 'components schemas IGComment properties text')).toEqual({ type: 'string' })
    expect(dig(doc, 'components schemas Comment properties like_count')).toEqual({
      type: 'integer',
      minimum: 0,
    })
  })

  describe('served by Prism', () => {
    let prism: PrismServer
    beforeAll(async () => {
      prism = await startPrism({
        spec: writeMetaOpenApi(`${process.env.TMPDIR ?? '/tmp'}/meta-openapi-${process.pid}.json`),
      })
    })
    afterAll(async () => prism?.stop())

    const form = (path: string, body: string) =>
      fetch(prism.url + path, {
        method: 'POST',
        headers: { authorization: 'Bearer t', 'content-type': 'application/x-www-form-urlencoded' },
        body,
      })

    test('a request the spec allows passes; a misspelt field is a violation', async () => {
      expect((await form('/1/feed', 'message=hi&link=https%3A%2F%2Fexample.com')).status).toBe(200)
      expect((await form('/1/media_publish', 'creation_id=17895695668004550')).status).toBe(200)
      expect(prism.violations()).toBe(0)
      expect((await form('/1/feed', 'mesage=hi')).status).toBe(422)
      expect(prism.violations()).toBe(1)
      expect(prism.violationMessages()[0]).toContain("found 'mesage'")
    })
  })
})
