import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, api, setCsrfToken } from '../../web/src/api.js'

/** The web client keeps the whole RFC 9457 problem body, extension members included. */
describe('web api: ApiError', () => {
  afterEach(() => vi.unstubAllGlobals())

  const answer = (status: number, body: string, type = 'application/problem+json') =>
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(body, { status, headers: { 'content-type': type } })),
    )

  const failure = async (): Promise<ApiError> => {
    try {
      await api.login({ email: 'ann@example.com', password: 'not-her-password' })
    } catch (e) {
      if (e instanceof ApiError) return e
      throw e
    }
    throw new Error('the request did not fail')
  }

  it('keeps type, title, detail, field errors and extension members', async () => {
    const newMessages = [{ id: 'm2', direction: 'in', text: 'are you there?' }]
    answer(
      409,
      JSON.stringify({
        type: 'urn:townhall:problem:conflict',
        title: 'Conflict',
        status: 409,
        detail: 'New activity arrived',
        errors: [{ field: 'lastSeenMessageId', reason: 'is not the latest message' }],
        newMessages,
        requestId: 'r-1',
      }),
    )
    const e = await failure()
    expect([e.status, e.type, e.title, e.detail]).toEqual([
      409,
      'urn:townhall:problem:conflict',
      'Conflict',
      'New activity arrived',
    ])
    expect(e.fields).toEqual({ lastSeenMessageId: 'is not the latest message' })
    expect(e.member('newMessages')).toEqual(newMessages)
    expect(e.member('requestId')).toBe('r-1')
    expect(e.problem.status).toBe(409)
  })

  it('has an empty problem when the body is not a problem document', async () => {
    answer(502, '<html>bad gateway</html>', 'text/html')
    const e = await failure()
    expect([e.status, e.title, e.type]).toEqual([502, 'The server had a problem', 'about:blank'])
    expect(e.problem).toEqual({})
    expect(e.member('newMessages')).toBeUndefined()
  })

  it('ignores a JSON body that is not an object', async () => {
    answer(400, '["nope"]', 'application/json')
    const e = await failure()
    expect(e.problem).toEqual({})
    expect(e.errors).toEqual([])
  })
  it('sends the CSRF token on writes, encodes path parameters, and reads a 204 as undefined', async () => {
    const seen: Request[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) => {
        seen.push(req)
        return new Response(null, { status: 204 })
      }),
    )
    setCsrfToken('csrf-1')
    try {
      expect(await api.removeMember('w 1', 'm/2')).toBeUndefined()
    } finally {
      setCsrfToken('')
    }
    expect(seen.map((r) => [r.method, new URL(r.url).pathname, r.headers.get('x-csrf-token')])).toEqual([
      ['DELETE', '/api/workspaces/w%201/members/m%2F2', 'csrf-1'],
    ])
  })

  it('turns an unreachable server into a network ApiError', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('fetch failed')
      }),
    )
    const e = await failure()
    expect([e.status, e.type, e.title]).toEqual([0, 'network', 'Cannot reach Townhall'])
  })
})
