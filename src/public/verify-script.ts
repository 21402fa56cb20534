/**
 * The giveaway page's in-browser check (served as /p/<slug>/verify.js, same origin, so the page's
 * CSP allows it). With WebCrypto it recomputes, from the published record, what draw.ts computes:
 * the commitment, the list hash, the beacon randomness from its signature, and the ranking, and says
 * whether the published winners are its top. The BLS signature itself is checked by the server and by
 * `townhall giveaway verify` (drand-client); the page says so. Without JavaScript the server's checks
 * are on the page already.
 */
export const VERIFY_SCRIPT = `(() => {
  const box = document.getElementById('browser-check')
  if (!box || !window.crypto || !crypto.subtle) return
  const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('')
  const bytes = (h) => new Uint8Array((h.match(/../g) || []).map((x) => parseInt(x, 16)))
  const sha = async (data) => hex(await crypto.subtle.digest('SHA-256', data))
  const canon = (v) => {
    if (v === null || typeof v !== 'object') return JSON.stringify(v)
    if (Array.isArray(v)) return '[' + v.map(canon).join(',') + ']'
    return '{' + Object.keys(v).filter((k) => v[k] !== undefined).sort().map((k) => JSON.stringify(k) + ':' + canon(v[k])).join(',') + '}'
  }
  const say = (lines, ok) => {
    box.innerHTML = ''
    const h = document.createElement('h3')
    h.textContent = ok ? 'Recomputed in your browser: the draw holds' : 'Recomputed in your browser: the draw does NOT hold'
    box.appendChild(h)
    const ul = document.createElement('ul')
    for (const [good, text] of lines) {
      const li = document.createElement('li')
      li.className = good ? 'ok' : 'fail'
      li.textContent = (good ? 'Holds: ' : 'Fails: ') + text
      ul.appendChild(li)
    }
    box.appendChild(ul)
  }
  fetch(box.dataset.record).then((r) => r.json()).then(async (rec) => {
    if (!rec.seed || !rec.entries) return say([[true, 'the draw has not been made yet']], true)
    const lines = []
    lines.push([(await sha(bytes(rec.seed))) === rec.commitment, 'SHA-256 of the seed is the commitment'])
    const list = rec.entries.map((e) => ({ id: e.id, network: e.network, handle: e.handle })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    const listHash = await sha(new TextEncoder().encode(canon(list)))
    lines.push([listHash === rec.listHash, 'the ' + list.length + ' entries hash to the published list hash'])
    let key = bytes(rec.seed)
    if (rec.mode === 'beacon' && rec.beacon) {
      lines.push([(await sha(bytes(rec.beacon.signature))) === rec.beacon.randomness, 'the beacon randomness is SHA-256 of its signature (the BLS signature is checked by the server and the CLI)'])
      const k = new Uint8Array(64)
      k.set(bytes(rec.seed), 0)
      k.set(bytes(rec.beacon.randomness), 32)
      key = k
    }
    const hk = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
    const scored = []
    for (const e of list) scored.push({ id: e.id, score: hex(await crypto.subtle.sign('HMAC', hk, new TextEncoder().encode(listHash + ':' + e.id))) })
    scored.sort((a, b) => (a.score < b.score ? -1 : a.score > b.score ? 1 : a.id < b.id ? -1 : 1))
    const seen = new Set()
    const order = scored.filter((r) => { const p = r.id.split('#')[0]; if (seen.has(p)) return false; seen.add(p); return true })
    const top = order.slice(0, rec.picked.length).map((r) => r.id)
    lines.push([top.every((id, i) => id === rec.picked[i]), 'the published winners are the top ' + rec.picked.length + ' of the ranking'])
    say(lines, lines.every((l) => l[0]))
  }).catch((err) => say([[false, 'could not check: ' + err.message]], false))
})()
`
