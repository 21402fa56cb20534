/**
 * Language identification by stop-word profiles. Short social posts are too short for character
 * n-gram models shipped without weights, but nearly every sentence contains a few function words,
 * and those differ clearly between languages. Stop-word lists are hand-written common function words.
 */
import type { Token } from './tokenize.js'

const PROFILES: Record<string, string> = {
  en: `the a an and or but of to in on at for with from by is are was were be been being am i me my
    mine you your yours u ur he she it its we our they their them this that these those what which who
    why how when where there here not no do does did don't doesn't didn't can can't will won't would
    could should have has had just so if about out up get got been thanks thank please very still
    again after before because really all any some one im i'm it's that's yes ok as than then also only
    even now always more most other such too much many off over into through been being our us`,
  es: `el la los las un una unos unas y o pero de del al en con por para es son fue ser estar está
    están estoy muy mi mis tu tus su sus que qué como cómo cuando cuándo donde dónde porque por qué no
    sí se lo le les me te nos hay gracias hola ya todo todos esta este esto eso pero más también
    vuelo mucho nada tengo tiene hace ni sin sobre desde hasta`,
  fr: `le la les un une des et ou mais de du au aux en dans avec pour par sur est sont était être avoir
    je tu il elle nous vous ils elles mon ma mes ton ta tes son sa ses notre votre leur que qui quoi
    comment quand où pourquoi ne pas plus très merci bonjour oui non ce cette ces c'est j'ai
    il y a aussi tout tous rien encore déjà`,
  de: `der die das den dem des ein eine einen einem einer und oder aber von zu im in mit für auf aus ist
    sind war waren sein haben hat habe ich du er sie es wir ihr mein meine dein deine sein unser euer
    nicht kein keine was wer wie wann wo warum ja nein danke bitte sehr noch schon auch nur auch
    immer mal doch heute dass hier`,
  pt: `o a os as um uma uns umas e ou mas de do da dos das no na nos nas em com por para é são foi ser
    estar está estou eu você vocês ele ela nós eles elas meu minha seu sua que como quando onde por
    quê porque não sim muito obrigado obrigada olá já tudo isso isto mais também voo nada tenho
    tem fazer até`,
  it: `il lo la i gli le un uno una e o ma di del della dei delle al alla in con per su è sono era
    essere avere ho hai ha io tu lui lei noi voi loro mio mia tuo tua suo sua che chi come quando dove
    perché non sì molto grazie ciao già tutto questo questa quello anche più ancora niente sempre
    volo ci`,
  nl: `de het een en of maar van voor met op in aan uit bij is zijn was waren ben heb hebt heeft hebben
    ik jij je u hij zij ze wij we jullie mijn jouw uw zijn haar ons onze dat die dit deze wat wie hoe
    wanneer waar waarom niet geen ja nee dank bedankt alstublieft graag erg nog al ook alleen
    altijd er naar om te vlucht`,
}

const LANGUAGES = Object.keys(PROFILES)

// @NOTE One map word → languages (instead of a set per language) so each token costs one lookup.
const WORD_LANGUAGES = new Map<string, number[]>()
for (const [i, lang] of LANGUAGES.entries()) {
  for (const w of PROFILES[lang]!.split(/\s+/)) {
    if (!w) continue
    const langs = WORD_LANGUAGES.get(w) ?? []
    if (!langs.includes(i)) langs.push(i)
    WORD_LANGUAGES.set(w, langs)
  }
}

// Characters that only (or mostly) occur in one language give a strong hint.
const CHAR_HINTS: [RegExp, string, number][] = [
  [/[ñ¿¡]/, 'es', 2],
  [/[ãõ]|ção|ções/, 'pt', 2],
  [/ß|[äöü]/, 'de', 1.5],
  [/[œ]|[èêë]|\bç|ç[aou]/, 'fr', 1],
  [/\bij\b|ij[kn]|\bgeen\b/, 'nl', 1],
  [/\b(perché|però|più|città)\b/, 'it', 1.5],
]

/** Detected language code (ISO 639-1) or 'und' when the evidence is too weak. */
export function detectLanguage(tokens: readonly Token[], lower: string): string {
  const scores = new Array<number>(LANGUAGES.length).fill(0)
  let words = 0
  for (const t of tokens) {
    if (t.kind !== 'word') continue
    words++
    const langs = WORD_LANGUAGES.get(t.text)
    if (langs) for (const i of langs) scores[i]!++
  }
  for (const [re, lang, weight] of CHAR_HINTS) {
    if (re.test(lower)) scores[LANGUAGES.indexOf(lang)]! += weight
  }
  let best = 'und'
  let top = 0
  let second = 0
  for (const [i, s] of scores.entries()) {
    if (s > top) {
      second = top
      top = s
      best = LANGUAGES[i]!
    } else if (s > second) second = s
  }
  // @NOTE Unsure means: fewer than 2 points of evidence, or a tie/near-tie between two languages
  // (shared function words like "de", "in", "a" score for several at once).
  // @NOTE A single function word decides for a one- or two-word post, and for English when no other
  // language scored at all ("love the new seats"): short English posts with one function word are
  // common on social networks, while one stray "as" or "de" is weak evidence for anything else.
  if (top < 2 && !(top >= 1 && (words <= 2 || (best === 'en' && second === 0)))) return 'und'
  if (top - second < 1) return 'und'
  return best
}
