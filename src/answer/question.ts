// The question as the answerer reads it: misspelt names resolved to printed ones, unknown names found, words weighed.
import { analyzeQuery, type QueryAnalysis } from '../retrieve/query.js';
import { jiebaCut, toSearchForm } from '../text/search-form.js';
import { LIGHT_WORDS } from '../text/question-words.js';
import { TITLE_RE } from '../text/persons.js';
import { factsOf, type ArticleFacts } from './facts.js';
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

/** The light words in search form, converted once. */
let lightForms: Set<string> | null = null;
const lightWords = (): Set<string> => (lightForms ??= new Set(LIGHT_WORDS.map(toSearchForm)));

/** Articles whose printed names a typed name is matched against. */
const NAME_POOL = 10;
/** Characters of a question's frame, not of a name: a stretch holding one is not matched by sound. */
const FRAME_CHARS_RE = /[的了是在有和与及什么多少哪谁几吗呢吧要将把被对给从到为]/;
/** Articles whose text other slipped words are matched against. */
const SOUND_POOL = 3;

/** An article's head and text as characters, with where each character stands: built once per article. */
const charIndexes = new WeakMap<ArticleFacts, { chars: string[]; at: Map<string, number[]> }>();
function charIndexOf(f: ArticleFacts): { chars: string[]; at: Map<string, number[]> } {
  let index = charIndexes.get(f);
  if (!index) {
    const chars = [...`${f.titleSf} ${f.sf}`];
    const at = new Map<string, number[]>();
    chars.forEach((c, i) => { const list = at.get(c); if (list) list.push(i); else at.set(c, [i]); });
    index = { chars, at };
    charIndexes.set(f, index);
  }
  return index;
}

/** A stretch of the articles' text that sounds exactly like the word (same pinyin, another spelling), or null. */
function soundAlike(word: string, pool: ArticleFacts[]): string | null {
  const typed = [...word];
  const n = typed.length;
  for (const f of pool) {
    const { chars, at } = charIndexOf(f);
    // A slip keeps the first or the last character: only stretches starting or ending like the word are heard.
    const starts = new Set([...(at.get(typed[0]) ?? []), ...(at.get(typed[n - 1]) ?? []).map((i) => i - n + 1)]);
    for (const i of [...starts].sort((a, b) => a - b)) {
      if (i < 0 || i + n > chars.length) continue;
      const w = chars.slice(i, i + n).join('');
      if (soundMatch(word, w) === 'same' && /^\p{Script=Han}+$/u.test(w)) return w;
    }
  }
  return null;
}

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
  const sfChars = [...sf];
  const windowsOf = new Map<number, string[]>();
  const stretches = (n: number): string[] => {
    let list = windowsOf.get(n);
    if (!list) {
      list = n >= 3 ? [...new Set(sfChars.map((_, i) => sfChars.slice(i, i + n).join('')).filter((w) => [...w].length === n))] : typed.persons.filter((p) => [...p].length === n);
      windowsOf.set(n, list);
    }
    return list;
  };
  for (const printed of printedNames) {
    const windows = stretches([...printed].length);
    for (const w of windows) {
      const match = soundMatch(w, printed);
      if (!match || !unprinted(w) || !/^\p{Script=Han}+$/u.test(w)) continue;
      const had = corrections.find((c) => c.typed === w);
      if (!had) corrections.push({ typed: w, printed, match });
      else if (had.match === 'near' && match === 'same') Object.assign(had, { printed, match });
    }
  }
  // Other words typed with a slip (某某热电场 for 热电厂): a word nobody prints, of three characters or more, that
  // sounds exactly like a stretch of the best retrieved articles.
  // Only whole stretches of the question's words (热/电场, not 河东|市行): a slip changes a word, not a boundary.
  const bounds = new Set<number>([0]);
  // Characters typed as a word of their own (叫, 讲): chosen one by one, not slipped inside a word.
  const alone = new Set<number>();
  let at = 0;
  for (const t of jiebaCut(sf)) { const n = [...t].length; if (n === 1) alone.add(at); at += n; bounds.add(at); }
  const chars = sfChars;
  for (const n of [3, 4]) {
    for (let i = 0; i + n <= chars.length; i++) {
      if (!bounds.has(i) || !bounds.has(i + n)) continue;
      const w = chars.slice(i, i + n).join('');
      if (!/^\p{Script=Han}+$/u.test(w) || FRAME_CHARS_RE.test(w) || corrections.some((c) => c.typed.includes(w) || w.includes(c.typed)) || !unprinted(w)) continue;
      const printed = soundAlike(w, pool.slice(0, SOUND_POOL));
      if (printed && ![...printed].some((c, k) => c !== chars[i + k] && alone.has(i + k))) corrections.push({ typed: w, printed, match: 'same' });
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
  const light = ctx.carried ? new Set([...lightWords(), ...ctx.carried]) : lightWords();
  const question = { analysis, typed, light, corrections, unknownNames, words: [] as Weighted };
  question.words = weightedWords(question, ctx.idf, ctx.df, options);
  return question;
}
