// The question as the answerer reads it: misspelt names resolved to printed ones, unknown names found, words weighed.
import { analyzeQuery, type QueryAnalysis } from '../retrieve/query.js';
import { toSearchForm } from '../text/search-form.js';
import { LIGHT_WORDS } from '../text/question-words.js';
import { TITLE_RE } from '../text/persons.js';
import { factsOf } from './facts.js';
import { weightedWords, type Weighted } from './evidence.js';
import { isNearMiss, soundMatch, type SoundMatch } from './names.js';
import type { AnswerOptions } from './options.js';
import type { AnswerContext } from './context.js';

export interface Question {
  /** The analysis with misspelt names replaced by their printed spelling (what the evidence is matched against). */
  analysis: QueryAnalysis;
  /** The analysis of the question as typed. */
  typed: QueryAnalysis;
  words: Weighted;
  /** Question words that weigh little (现在, 这两天). */
  light: Set<string>;
  /** Names typed with an input-method slip and the printed spelling they stand for. */
  corrections: Array<{ typed: string; printed: string; match: Exclude<SoundMatch, null> }>;
  /** Names the question spells that no retrieved article prints, under any tolerated spelling. */
  unknownNames: Array<{ typed: string; nearest: string | null }>;
}

/** Articles whose printed names a typed name is matched against. */
const NAME_POOL = 10;

/**
 * Reads a question against the retrieved articles: a name nobody prints but that sounds like a printed one (same
 * pinyin, or one syllable off by a fuzzy initial or final) is taken for it, the exact sound first; a name one
 * character off a printed one, or a titled name nobody prints, is unknown.
 */
export function resolveQuestion(ctx: AnswerContext, options: AnswerOptions): Question {
  const typed = ctx.analysis;
  const pool = ctx.hits.slice(0, NAME_POOL).map((h) => factsOf(h.article));
  const printedIn = (s: string) => pool.some((f) => f.sf.includes(s) || f.titleSf.includes(s));
  const unprinted = (s: string) => ctx.df(s) === 0 && !printedIn(s);
  const printedNames = [...new Set(pool.flatMap((f) => [...f.persons.keys()]))];
  const corrections: Question['corrections'] = [];
  const sf = typed.searchForm;
  // A typed name (or, for names of three characters and more, any stretch of the question) that sounds like a
  // printed name the archive does not spell that way.
  for (const printed of printedNames) {
    const n = [...printed].length;
    const windows = n >= 3 ? [...new Set([...sf].map((_, i) => [...sf].slice(i, i + n).join('')).filter((w) => [...w].length === n))] : typed.persons.filter((p) => [...p].length === n);
    for (const w of windows) {
      const match = soundMatch(w, printed);
      if (!match || !unprinted(w) || !/^\p{Script=Han}+$/u.test(w)) continue;
      const had = corrections.find((c) => c.typed === w);
      if (!had) corrections.push({ typed: w, printed, match });
      else if (had.match === 'near' && match === 'same') Object.assign(had, { printed, match });
    }
  }
  const corrected = corrections.reduce((text, c) => text.split(c.typed).join(c.printed), sf);
  const analysis = corrections.length
    ? analyzeQuery(corrected, { today: ctx.archive.dates[0] ?? null, papers: ctx.archive.papers })
    : typed;
  const unknownNames: Question['unknownNames'] = [];
  for (const name of typed.persons) {
    if (corrections.some((c) => c.typed === name) || !unprinted(name)) continue;
    const nearest = printedNames.find((p) => isNearMiss(name, p)) ?? null;
    const titled = new RegExp(`(?:${TITLE_RE.source})${name}|${name}(?:${TITLE_RE.source})`).test(sf);
    if (nearest || titled) unknownNames.push({ typed: name, nearest });
  }
  const light = new Set(LIGHT_WORDS.map(toSearchForm));
  const question = { analysis, typed, light, corrections, unknownNames, words: [] as Weighted };
  question.words = weightedWords(question, ctx.idf, ctx.df, options);
  return question;
}
