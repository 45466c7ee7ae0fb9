// Helpers the kinds share: which sentences the question pins down, where in a sentence the answer sits.
import { coverage, presence, type ArticleEvidence, type Weighted } from '../evidence.js';
import type { Question } from '../question.js';
import type { Evidence } from './kind.js';

/**
 * How well the question's words are printed by a sentence together with its headline and the sentence before it in
 * the same paragraph (该项目… refers back to it): the share of the question that sentence can answer for.
 */
export function pinned(ae: ArticleEvidence, i: number, q: Question): number {
  const s = ae.facts.sentences;
  const prev = s[i - 1] && s[i - 1].paragraph === s[i].paragraph ? s[i - 1].sf : '';
  return coverage(`${ae.facts.titleSf} ${prev} ${s[i].sf}`, q.words, '', ae.implicit);
}

/** Sentences of an article the question pins down about as well as its best one, best first. */
export function pinnedSentences(ae: ArticleEvidence, q: Question, ratio = 0.8): number[] {
  const scores = ae.facts.sentences.map((_, i) => pinned(ae, i, q));
  const top = Math.max(0, ...scores);
  return scores.map((v, i) => ({ v, i })).filter((x) => x.v >= top * ratio && x.v > 0).sort((a, b) => b.v - a.v || a.i - b.i).map((x) => x.i);
}

/** The articles of the evidence that support an answer about as well as the best one. */
export function supporting(ev: Evidence): ArticleEvidence[] {
  return ev.support;
}

/** Position in a search-form sentence of the rarest question word it prints (where the answer is usually printed). */
export function anchorOf(sf: string, words: Weighted): number {
  let best = -1;
  let bestWeight = -1;
  for (const w of words) {
    for (const { form } of w.forms) {
      const at = sf.indexOf(form);
      if (at >= 0 && w.weight > bestWeight) { best = at + form.length / 2; bestWeight = w.weight; }
    }
  }
  return best < 0 ? sf.length / 2 : best;
}

/** Share of a word list's weight a text prints (presence with abbreviations). */
export function share(text: string, words: Weighted): number {
  const total = words.reduce((n, w) => n + w.weight, 0);
  return total ? words.reduce((n, w) => n + w.weight * presence(text, w), 0) / total : 0;
}

/** The question's weighted words that belong to a phrase of it (its predicate, its subject …). */
export function wordsOf(q: Question, phrase: string): Weighted {
  return q.words.filter((w) => w.words.some((x) => phrase.includes(x)));
}

/** Whether the question (as analysed, with printed spellings) contains the text. */
export function asks(q: Question, text: string): boolean {
  return q.analysis.searchForm.includes(text);
}
