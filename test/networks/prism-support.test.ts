import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PrismServer, specPath, startPrism } from '../support/prism.js'

// The contract tests rely on this helper counting what Prism's validator refuses; prove it does.
describe('test/support/prism against X’s published document', () => {
  let prism: PrismServer
  beforeAll(async () => {
    prism = await startPrism({ spec: specPath('x-openapi.json') })
  })
  afterAll(async () => {
    await prism?.stop()
  })

  const post = (body: unknown, auth = true) =>
    fetch(`${prism.url}/2/tweets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: 'Bearer t' } : {}) },
      body: JSON.stringify(body),
    })

  it('answers a valid request from the schema and flags nothing', async () => {
    const res = await post({ text: 'hello' })
    expect(res.status).toBe(201)
    const body = (await res.json()) as { data: { id: string } }
    expect(body.data.id).toMatch(/^[0-9]{1,19}$/)
    expect(prism.violations()).toBe(0)
    expect(prism.requests()).toBe(1)
  })

  it('counts a wrong body type, a missing token, a bad query and an unknown route', async () => {
    prism.resetCounts()
    expect((await post({ text: 5 })).status).toBe(422)
    expect((await post({ text: 'x' }, false)).status).toBe(401)
    const bad = await fetch(`${prism.url}/2/users/123/mentions?max_results=1000`, {
      headers: { authorization: 'Bearer t' },
    })
    expect(bad.status).toBe(422)
    const unknown = await fetch(`${prism.url}/2/no-such-thing`, { headers: { authorization: 'Bearer t' } })
    expect(unknown.status).toBe(404)
    await new Promise((r) => setTimeout(r, 200)) // the log lines arrive on a pipe
    expect(prism.violations()).toBe(4)
    const messages = prism.violationMessages().join('\n')
    expect(messages).toContain('request.body.text')
    expect(messages).toContain('Invalid security scheme')
    expect(messages).toContain('max_results')
    expect(messages).toContain('NO_PATH_MATCHED_ERROR')
  })
})
