/**
 * Rich-text facets for Bluesky: our facets use string (UTF-16) offsets, Bluesky's use UTF-8 byte
 * offsets and mentions point at DIDs, not handles.
 */
import { type Agent, type AppBskyRichtextFacet, RichText } from '@atproto/api'
import type { PostFacet } from '../network.port.js'

const encoder = new TextEncoder()

function bytes(s: string): number {
  return encoder.encode(s).length
}

/** Converts our facets to Bluesky's, resolving mentioned handles; unresolvable mentions are dropped. */
export async function toBlueskyFacets(
  agent: Agent,
  text: string,
  facets: PostFacet[] | undefined,
): Promise<AppBskyRichtextFacet.Main[]> {
  if (facets === undefined) {
    const rt = new RichText({ text })
    await rt.detectFacets(agent)
    // @NOTE detectFacets leaves `did: ''` when a handle does not resolve, which the PDS rejects.
    return (rt.facets ?? []).filter((f) =>
      f.features.every((x) => !('did' in x) || (typeof x.did === 'string' && x.did.startsWith('did:'))),
    )
  }
  const out: AppBskyRichtextFacet.Main[] = []
  for (const f of facets) {
    const index = { byteStart: bytes(text.slice(0, f.start)), byteEnd: bytes(text.slice(0, f.end)) }
    if (f.type === 'link')
      out.push({ index, features: [{ $type: 'app.bsky.richtext.facet#link', uri: f.value }] })
    else if (f.type === 'hashtag')
      out.push({
        index,
        features: [{ $type: 'app.bsky.richtext.facet#tag', tag: f.value.replace(/^#/, '') }],
      })
    else {
      const did = await agent.com.atproto.identity
        .resolveHandle({ handle: f.value.replace(/^@/, '') })
        .then((r) => r.data.did)
        .catch(() => undefined)
      if (did) out.push({ index, features: [{ $type: 'app.bsky.richtext.facet#mention', did }] })
    }
  }
  return out.sort((a, b) => a.index.byteStart - b.index.byteStart)
}
