/**
 * Hand-written valences (-4..+4) of the emoji people use in public posts to brands. VADER's
 * JavaScript port carries the word and emoticon lexicon but no emoji, so the emoji are ours.
 *
 * Provenance: written by the Townhall maintainers from the emoji's usual meaning (AGPL-3.0), not
 * derived from any dataset. 🙄 😒 are not here: they are sarcasm markers (lexicon-cues.ts).
 */

const SPEC = `
3: 😍 🥰 😘 ❤ 💕 💖 💗 💓 💞 💘 💝 🤩 🥳 🎉 🎊 🏆 🙌 💯 😻
2: 😊 😀 😁 😃 😄 😆 🙂 ☺ 😌 😎 😇 🤗 👍 👏 💙 💚 💛 💜 🧡 🤍 🖤 ✨ 🌟 ⭐ 🔥 💪 🙏 👌 ✅ 🥂 🍾 😋 😹 😸
1: 😂 🤣 😉 😅 🤞 ☀ 🌈 🌸 🌞 😺
-1: 🤔 😐 😑 😶 😬 😕 🫤 😮 😯 ⏳ ⌛ 🐌
-2: 😟 🙁 ☹ 😞 😔 😢 😥 😓 😩 😫 😤 😖 😣 😪 🥺 😰 😨 😱 👎 💔 ❌ 🚫 🤦 🤷 😿 🙀 🤢 🤮
-3: 😠 😡 🤬 😭 💩 🖕 👿 😾
`

/** Emoji → valence. Keys carry no variation selector (the tokenizer drops U+FE0F). */
export const EMOJI_VALENCE: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>()
  let level = 0
  for (const raw of SPEC.split(/\s+/)) {
    if (raw === '') continue
    const m = /^(-?[1-4]):$/.exec(raw)
    if (m) level = Number(m[1])
    else map.set(raw.replace(/\uFE0F/g, ''), level)
  }
  return map
})()
