/**
 * The general-purpose sentiment libraries that ADR 0026 compared, behind one shape, so that the
 * classify benchmark scores them on the same texts as Townhall. devDependencies except
 * vader-sentiment (whose lexicon triage ships on); only the benchmark imports this file.
 */
import { createRequire } from 'node:module'

/** Three-class reading by a library, from its own score with its documented neutral band. */
export type LibrarySentiment = 'positive' | 'neutral' | 'negative'

/** A compared library. */
export interface SentimentLibrary {
  name: string
  classify(text: string): LibrarySentiment
}

const require = createRequire(import.meta.url)

function band(score: number, eps: number): LibrarySentiment {
  if (score >= eps) return 'positive'
  if (score <= -eps) return 'negative'
  return 'neutral'
}

/** Loads the four libraries (the wink model takes about a second). */
export function loadLibraries(): SentimentLibrary[] {
  const vader = require('vader-sentiment').SentimentIntensityAnalyzer as {
    polarity_scores(t: string): { compound: number }
  }
  const Afinn = require('sentiment') as new () => { analyze(t: string): { score: number } }
  const afinn = new Afinn()
  const winkSentiment = require('wink-sentiment') as (t: string) => { normalizedScore: number }
  const winkNLP = require('wink-nlp') as (model: unknown) => {
    readDoc(t: string): { out(what: unknown): number }
    its: { sentiment: unknown }
  }
  const nlp = winkNLP(require('wink-eng-lite-web-model'))
  return [
    // VADER's documented thresholds: compound ≥ 0.05 positive, ≤ -0.05 negative.
    { name: 'vader', classify: (t) => band(vader.polarity_scores(t).compound, 0.05) },
    // AFINN-165 sums integer valences: any non-zero sum is a polarity.
    { name: 'afinn', classify: (t) => band(afinn.analyze(t).score, 0.5) },
    { name: 'wink_sentiment', classify: (t) => band(winkSentiment(t).normalizedScore, 1e-9) },
    { name: 'wink_nlp', classify: (t) => band(nlp.readDoc(t).out(nlp.its.sentiment), 1e-9) },
  ]
}
