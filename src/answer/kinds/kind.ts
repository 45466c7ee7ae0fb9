// The interface every question type implements: detect → extract → verify → phrase.
import type { AnswerContext } from '../context.js';
import type { ArticleEvidence } from '../evidence.js';
import type { ArticleFacts } from '../facts.js';
import type { AnswerOptions } from '../options.js';
import type { Question } from '../question.js';

/** The evidence a kind reads: the scored articles, best first, and what it was scored with. */
export interface Evidence {
  q: Question;
  ctx: AnswerContext;
  options: AnswerOptions;
  /** Articles whose best sentence passed the evidence threshold, best first. */
  articles: ArticleEvidence[];
  best: ArticleEvidence;
  /** The best article and those that cover the question with it (or about as well, for kinds that aggregate). */
  support: ArticleEvidence[];
}

/** Something a kind read from the evidence: an item of the asked type, or a statement. */
export interface Found {
  /** As shown in the answer (printed spelling). */
  text: string;
  from: ArticleEvidence;
  /** Sentences (indexes into `from.facts.sentences`) that print it: they are quoted. */
  sentences: number[];
  /** Ranking among candidates, higher first. */
  score: number;
  /** Kind-specific detail (a title chain, a date …). */
  detail?: Record<string, string | null>;
}

/** A composed first line: pieces cited to their articles, joined, after an optional lead. */
export interface Phrased {
  parts: Array<{ text: string; from: ArticleEvidence; sentences: number[] }>;
  /** Between parts: 、 for items of a list, ； for statements. */
  joiner: string;
  /** Text before the parts (8月6日，市委书记某某调研了). */
  lead?: string;
}

export interface AnswerKind {
  readonly name: string;
  /** Whether this kind answers the question (the first kind of the registry that detects it does). */
  detect(q: Question): boolean;
  /** Bonus in [0, 1] for a sentence printing the kind of thing asked (a quantity for 多少 …), used in scoring. */
  bonus?(q: Question, facts: ArticleFacts, index: number): number;
  /** Candidates read from the evidence, best first. */
  extract(ev: Evidence): Found[];
  /** Shape and context checks: only items of the asked type, from sentences the question pins down. */
  verify(found: Found, ev: Evidence): boolean;
  /** The first line from the verified candidates; null when they make no answer. */
  phrase(found: Found[], ev: Evidence): Phrased | null;
  /**
   * When nothing verifies: `refuse` (the kind of fact asked is not printed near its subject) or `quote` the best
   * sentences.
   */
  whenEmpty: 'refuse' | 'quote' | ((ev: Evidence) => 'refuse' | 'quote');
  /** The sentences to quote when there is no short answer (the cause of a why-question …); default the best ones. */
  quote?(ev: Evidence): Array<{ from: ArticleEvidence; sentences: number[] }>;
  /** Several articles may each add to the answer (lists, activities). */
  aggregates?: boolean;
  /**
   * Whether the best article is evidence at all, for kinds whose questions are mostly frame words (某某这两天参加了哪些
   * 活动): replaces the coverage thresholds when given.
   */
  admits?(q: Question, best: ArticleEvidence): boolean;
}

/** A list of found items as one piece per item, each cited to its own article. */
export function itemsPhrase(found: Found[], lead?: string): Phrased {
  // Items that hold a 、 themselves (市委常委、宣传部部长某某) are told apart by ；.
  const joiner = found.some((f) => /[、：]/.test(f.text.replace(/《[^》]*》|“[^”]*”/g, ''))) ? '；' : '、';
  return { parts: found.map((f) => ({ text: f.text, from: f.from, sentences: f.sentences })), joiner, lead };
}
