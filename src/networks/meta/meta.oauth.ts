/**
 * Connecting Facebook Pages and Instagram professional accounts: Facebook Login (authorization code,
 * PKCE, the Meta app's secret in the token request), then the Page access token of the Page the person
 * picks (from `/me/accounts`), or the Instagram account linked to that Page. One Meta app serves both.
 */
import { NetworkError } from '../network.port.js'
import type {
  OAuthAccountChoice,
  OAuthEndpoints,
  OAuthGrant,
  OAuthProvider,
  OAuthProviderIo,
} from '../oauth/oauth.provider.js'
import { DEFAULT_GRAPH_URL } from './graph.client.js'

export const META_DEFAULTS: OAuthEndpoints = {
  authorizationUrl: 'https://www.facebook.com/v25.0/dialog/oauth',
  tokenUrl: 'https://graph.facebook.com/v25.0/oauth/access_token',
  apiBaseUrl: DEFAULT_GRAPH_URL,
}

/** Where Meta delivers webhooks for the app (Settings shows the full URL). */
export const META_WEBHOOK_PATH = '/api/webhooks/meta'

export const FACEBOOK_SCOPES = [
  'pages_show_list',
  'pages_manage_posts',
  'pages_read_engagement',
  'pages_read_user_content',
  'pages_manage_engagement',
  'pages_manage_metadata',
  'pages_messaging',
]
export const INSTAGRAM_SCOPES = [
  'pages_show_list',
  'pages_read_engagement',
  'instagram_basic',
  'instagram_content_publish',
  'instagram_manage_comments',
  'instagram_manage_messages',
]

const REASONS: Record<string, string> = {
  pages_show_list: 'list the Pages you manage, so you can pick one',
  pages_manage_posts: 'publish, edit and delete posts as the Page',
  pages_read_engagement: "read the Page's posts, comments, reactions and followers",
  pages_read_user_content: 'read visitor posts on the Page and recommendations (reviews)',
  pages_manage_engagement: 'reply to, like, hide and delete comments as the Page',
  pages_manage_metadata: 'subscribe the Page to webhooks, so comments and messages arrive at once',
  pages_messaging: 'read and answer Messenger conversations',
  instagram_basic: 'read the Instagram account and its media',
  instagram_content_publish: 'publish posts and carousels',
  instagram_manage_comments: 'read, reply to, hide and delete comments; see where the account is tagged',
  instagram_manage_messages: 'read and answer Instagram direct messages',
}

interface MetaPage {
  id: string
  name?: string
  username?: string
  access_token?: string
  category?: string
  followers_count?: number
  picture?: { data?: { url?: string } }
  instagram_business_account?: {
    id: string
    username?: string
    name?: string
    profile_picture_url?: string
    followers_count?: number
  }
}

/**
 * The long-lived user token for a short-lived one (about 60 days instead of an hour); Page tokens read
 * with it do not expire. Where the token endpoint does not offer the exchange (a test authorization
 * server), the grant's own token is used: its Page tokens then end with it, and the channel turns
 * Needs reconnect on Graph's 190, never silently.
 */
async function longLived(grant: OAuthGrant, io: OAuthProviderIo): Promise<string> {
  const url = new URL(io.app.endpoints.tokenUrl)
  url.searchParams.set('grant_type', 'fb_exchange_token')
  url.searchParams.set('client_id', io.app.clientId)
  url.searchParams.set('client_secret', io.app.clientSecret)
  url.searchParams.set('fb_exchange_token', grant.accessToken)
  try {
    const res = await io.fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(20_000),
    })
    const body = (await res.json().catch(() => undefined)) as { access_token?: string } | undefined
    return res.ok && typeof body?.access_token === 'string' ? body.access_token : grant.accessToken
  } catch {
    return grant.accessToken
  }
}

/** The Pages (with their tokens) the person's grant reaches. */
async function pagesOf(grant: OAuthGrant, io: OAuthProviderIo): Promise<{ pages: MetaPage[]; api: string }> {
  const token = await longLived(grant, io)
  const api = io.app.endpoints.apiBaseUrl.replace(/\/+$/, '')
  const url = new URL(`${api}/me/accounts`)
  url.searchParams.set(
    'fields',
    'id,name,username,access_token,category,followers_count,picture{url},instagram_business_account{id,username,name,profile_picture_url,followers_count}',
  )
  url.searchParams.set('limit', '100')
  const res = await io.fetch(url, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    signal: AbortSignal.timeout(20_000),
  })
  const body = (await res.json().catch(() => undefined)) as { data?: MetaPage[] } | undefined
  if (!res.ok || !Array.isArray(body?.data))
    throw new NetworkError(
      { kind: 'auth-expired' },
      `Facebook did not list the Pages for this login (${res.status})`,
    )
  return { pages: body.data.filter((p) => typeof p.access_token === 'string'), api }
}

function provider(
  network: 'facebook' | 'instagram',
  label: string,
  scopes: string[],
  choose: (pages: MetaPage[], api: string) => OAuthAccountChoice[],
  none: string,
): OAuthProvider {
  return {
    network,
    app: 'meta',
    label,
    defaults: META_DEFAULTS,
    scopes,
    scopeReasons: Object.fromEntries(scopes.map((s) => [s, REASONS[s] ?? s])),
    scopeSeparator: ',',
    pkce: true,
    clientAuth: 'post',
    // @NOTE Page tokens read with a long-lived user token do not expire; a revoked one answers 190 (Needs reconnect).
    refreshable: false,
    webhookPath: META_WEBHOOK_PATH,
    portalUrl: 'https://developers.facebook.com/apps/',
    async accounts(grant, io) {
      const { pages, api } = await pagesOf(grant, io)
      const choices = choose(pages, api)
      if (choices.length === 0)
        throw new NetworkError({ kind: 'invalid-content', field: 'permissions', reason: none }, none)
      return choices
    },
  }
}

export const FACEBOOK_OAUTH = provider(
  'facebook',
  'Facebook Page',
  FACEBOOK_SCOPES,
  (pages, api) =>
    pages.map((p) => ({
      remoteId: p.id,
      handle: p.username ?? p.id,
      displayName: p.name ?? null,
      avatarUrl: p.picture?.data?.url ?? null,
      followerCount: p.followers_count ?? null,
      description: `Facebook Page${p.category ? ` · ${p.category}` : ''}`,
      credentials: { pageAccessToken: p.access_token },
      settings: { pageId: p.id, graphUrl: api },
    })),
  'This login manages no Facebook Page, or did not grant Townhall access to one. Log in again and pick a Page.',
)

export const INSTAGRAM_OAUTH = provider(
  'instagram',
  'Instagram',
  INSTAGRAM_SCOPES,
  (pages, api) =>
    pages.flatMap((p) => {
      const ig = p.instagram_business_account
      if (!ig) return []
      return [
        {
          remoteId: ig.id,
          handle: ig.username ?? ig.id,
          displayName: ig.name ?? null,
          avatarUrl: ig.profile_picture_url ?? null,
          followerCount: ig.followers_count ?? null,
          description: `Instagram professional account · linked to ${p.name ?? p.id}`,
          credentials: { pageAccessToken: p.access_token },
          settings: { igUserId: ig.id, pageId: p.id, graphUrl: api },
        },
      ]
    }),
  'None of the Pages this login manages has an Instagram professional account linked. Link one in Meta Business Suite, then connect again.',
)
