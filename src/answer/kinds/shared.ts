// Helpers the kinds share: which sentences the question pins down, where in a sentence the answer sits.
import { coverage, presence, type ArticleEvidence, type Weighted } from '../evidence.js';
import type { Question } from '../question.js';
import type { ActivityEvent } from '../events.js';
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

/**
 * Sentences of the best article a short answer may come from, best first: the best sentence, its neighbours, then
 * sentences the question pins down nearly as well (`ratio` of the best one). The evidence scorer's choice comes first;
 * a kind moves away from it only to a sentence about as good.
 */
export function nearBest(ev: Evidence, ratio = 0.9, ae: ArticleEvidence = ev.best): number[] {
  const i = ae.index;
  const top = ae.scoped[i];
  // A neighbour counts with the sentence before it (该项目总投资… after the sentence naming the project).
  const topPin = pinned(ae, i, ev.q);
  const near = [i, i - 1, i + 1].filter((k) => k >= 0 && k < ae.facts.sentences.length && (k === i || pinned(ae, k, ev.q) >= topPin * 0.6));
  const others = ae.scoped.map((v, k) => ({ v, k })).filter((x) => !near.includes(x.k) && x.v >= top * ratio).sort((a, b) => b.v - a.v).map((x) => x.k);
  return [...near, ...others];
}

/**
 * The subject of a fact question: its naming words, without what is asked about (总投资, 床位), the kind asked for,
 * the paper's city and words of time.
 */
export function subjectWords(q: Question, also: readonly string[] = []): Weighted {
  const skip = [...q.analysis.focus, ...q.analysis.category, ...also];
  return q.words.filter((w) => !w.city && w.weight > 1 && !w.words.some((x) => skip.some((s) => s.includes(x) || x.includes(s))));
}

/** A clause that refers back to its subject (该项目…, 项目设置…, 其…): the subject is printed before it. */
const ANAPHOR_RE = /^(?:该|其|这|此|本|全|)(?:项目|工程|园区?|医院|公司|企业|基地|中心|馆|学校|工厂|机构|设施|活动|赛事|大会|会议|基金|计划|线路|工地|村|镇|区|市)/;

/**
 * What a fact printed at `index` of sentence `i` is said about: its clause, the sentence's words before the clause, the
 * headline, and — when the clause refers back (该项目…) — the sentence before it in the paragraph.
 */
export function factContext(ae: ArticleEvidence, i: number, index: number): string {
  return factParts(ae, i, index).join(' ');
}

/** The parts of {@link factContext}: headline, the sentence before the clause, the clause, the referred-back sentence. */
export function factParts(ae: ArticleEvidence, i: number, index: number): [string, string, string, string] {
  const s = ae.facts.sentences[i];
  const start = Math.max(s.sf.lastIndexOf('，', index - 1), s.sf.lastIndexOf('；', index - 1), s.sf.lastIndexOf(',', index - 1)) + 1;
  const endRel = s.sf.slice(index).search(/[，,；。]/);
  const clause = s.sf.slice(start, endRel < 0 ? s.sf.length : index + endRel);
  const prev = ae.facts.sentences[i - 1];
  const back = ANAPHOR_RE.test(clause.replace(/^(?:目前|现在|今年|其中|同时|此外|另外)/, '')) || start === 0;
  // Clauses before this one in the sentence name its subject too (…白鹭新区人民医院项目，设置床位800张).
  const before = s.sf.slice(0, start);
  return [ae.facts.titleSf, before, clause, back && prev && prev.paragraph === s.paragraph ? prev.sf : ''];
}

/**
 * The neighbour quoted with a best sentence: the one in its paragraph that prints more of the question, when it prints
 * any (the answer often sits in the sentence after the one that names the subject).
 */
export function neighbourOf(ae: ArticleEvidence, q: Question): number[] {
  const s = ae.facts.sentences;
  const i = ae.index;
  const scored = [i - 1, i + 1]
    .filter((k) => s[k] && s[k].paragraph === s[i].paragraph)
    .map((k) => ({ k, c: coverage(s[k].sf, q.words, '', ae.implicit) }))
    .sort((a, b) => b.c - a.c);
  return scored[0] && scored[0].c > 0 ? [scored[0].k] : [];
}

/** An event on a day the question names (any event when it names none, or when the event's day is not printed). */
export function onAskedDay(q: Question, e: Pick<ActivityEvent, 'monthDay'>): boolean {
  return !q.analysis.dates.length || !e.monthDay || q.analysis.dates.some((d) => d.month === e.monthDay!.month && d.day === e.monthDay!.day);
}
