// Extractive answers without an LLM: find the evidence, let the question's kind read its answer, cite verbatim quotes.
import { toSearchForm } from '../text/search-form.js';
import { contrastSiblings, SUPERLATIVE_EVIDENCE_RE } from '../text/question-words.js';
import { issueReports, mentionsDate } from '../retrieve/date-match.js';
import { composeAnswer, refusal, type ExtractiveAnswer } from './compose.js';
import type { AnswerContext } from './context.js';
import { coverage, scoreArticle, type ArticleEvidence } from './evidence.js';
import { KINDS, QUOTE_KIND } from './kinds/index.js';
import { neighbourOf } from './kinds/shared.js';
import type { AnswerKind, Evidence } from './kinds/kind.js';
import { DEFAULT_ANSWER_OPTIONS, type AnswerOptions } from './options.js';
import { resolveQuestion, type Question } from './question.js';
import { analyzeQuery } from '../retrieve/query.js';

export type { AnswerContext } from './context.js';
export { NOT_FOUND_ANSWER, type ExtractiveAnswer } from './compose.js';
export type { AnswerOptions } from './options.js';

/** The first registered kind that detects the question; quoting when none does. */
export function kindOf(q: Question): AnswerKind {
  return KINDS.find((k) => k.detect(q)) ?? QUOTE_KIND;
}

/**
 * Articles that may answer: of the asked day when the question names one (printed in the text, or reported in that
 * day's or the next day's issue), of the named city's paper or printing the city, and printing the asked specifier
 * (二期) rather than only a sibling of it (一期).
 */
function admissible(ctx: AnswerContext, q: Question, n: number): AnswerContext['hits'] {
  const { dates, cities, contrasts } = q.analysis;
  let hits = ctx.hits.slice(0, dates.length ? 2 * n : n);
  if (dates.length) {
    // Another day's article is not evidence, however well it matches.
    hits = hits.filter((h) => issueReports(h.article.date, dates) || h.article.parts.some((p) => issueReports(p.date, dates)) || mentionsDate(toSearchForm(h.article.text), dates));
  }
  if (cities.length) {
    // 河西市卫健委主任 is not answered by another city's paper printing 市卫健委主任.
    // 甲市和乙市的…分别是谁 asks about each city: an article of either will do.
    const each = cities.length > 1 && q.analysis.plural;
    const ofCity = (h: AnswerContext['hits'][number], c: (typeof cities)[number]) => h.article.paper === c.paper || toSearchForm(h.article.text + h.article.title).includes(c.city);
    hits = hits.filter((h) => (each ? cities.some((c) => ofCity(h, c)) : cities.every((c) => ofCity(h, c))));
  }
  for (const specifier of contrasts) {
    hits = hits.filter((h) => {
      const sf = toSearchForm(`${h.article.title} ${h.article.text}`);
      return sf.includes(specifier) || !contrastSiblings(specifier).test(sf);
    });
  }
  return hits.slice(0, n);
}

/** Why an answer would be a guess, or null: the question names someone nobody prints. */
function unknownNameReason(q: Question): string | null {
  const u = q.unknownNames[0];
  if (!u) return null;
  return u.nearest ? `报上没有“${u.typed}”这个名字（只有“${u.nearest}”）` : `报上没有“${u.typed}”这个名字`;
}

/**
 * Answers from the retrieved articles: the question's kind (registered in src/answer/kinds) reads the short answer,
 * else the best sentences are quoted. Returns found:false, saying what was searched, when the evidence is not there.
 */
export function answerExtractively(ctx: AnswerContext, options: Partial<AnswerOptions> = {}): ExtractiveAnswer {
  const o: AnswerOptions = { ...DEFAULT_ANSWER_OPTIONS, ...options };
  const q = resolveQuestion(ctx, o);
  const unknown = unknownNameReason(q);
  if (unknown) return refusal(ctx.archive, unknown);
  const kind = kindOf(q);
  // 甲和乙分别… asked of a kind that reads one fact: each subject is asked on its own, from the same articles.
  const subjects = SINGLE_FACT_KINDS.has(kind.name) ? splitSubjects(q.analysis.searchForm) : null;
  if (subjects) return answerEach(ctx, o, subjects);
  // Answers gathered across articles read more of them (each activity, each actor may be printed in another one).
  const top = admissible(ctx, q, kind.aggregates ? o.aggregateArticles : o.articles);
  if (!top.length || !q.words.length) return refusal(ctx.archive);
  const bonus = (facts: Parameters<NonNullable<AnswerKind['bonus']>>[1], i: number) => kind.bonus?.(q, facts, i) ?? 0;
  const scored = top
    .map((h, i) => scoreArticle(q, h, i, top[0].score, bonus, o))
    .filter((s): s is ArticleEvidence => s !== null)
    .sort((a, b) => b.score - a.score);
  const gated = kind.admits !== undefined;
  // A kind with its own gate (mentions of a name) reads the best of the articles it admits.
  const best = gated ? scored.find((s) => kind.admits!(q, s)) : scored[0];
  // The headline scopes the sentences under it: 城乡居民医保开始缴费 over …缴费截止时间为… says what the sentence is about.
  const covered = best ? Math.max(best.evidenceCoverage, best.scoped[best.index]) : 0;
  if (!best || (!gated && covered < o.minSentenceCoverage)) return refusal(ctx.archive);
  const support = [best];
  const aggregating = kind.aggregates === true;
  if (!gated && best.contextCoverage < (aggregating ? o.minContextCoverage + 0.1 : o.minContextCoverage)) {
    // A question about several things (…人才和作家) can be covered by several articles together.
    let window = best.window;
    for (const s of aggregating ? scored.slice(1, 4) : []) {
      if (s.evidenceCoverage < o.minSupportCoverage || coverage(window + s.window, q.words) <= coverage(window, q.words)) continue;
      support.push(s);
      window += s.window;
    }
    if (coverage(window, q.words, '', best.implicit) < o.minContextCoverage) return refusal(ctx.archive);
  }
  const articles = scored.filter((s) => s === best || (gated ? kind.admits!(q, s) : s.evidenceCoverage >= o.minSupportCoverage));
  if (aggregating) {
    for (const s of articles) {
      if (support.length >= o.maxCitations) break;
      if (!support.includes(s) && s.score >= best.score * o.aggregateRatio && s.contextCoverage >= o.minContextCoverage) support.push(s);
    }
  }
  const ev: Evidence = { q, ctx, options: o, articles, best, support };
  const found = kind.extract(ev).filter((f) => kind.verify(f, ev));
  const phrased = found.length ? kind.phrase(found, ev) : null;
  // A short answer read next to the best sentence is quoted together with it, when the two fit one quote.
  for (const p of phrased?.parts ?? []) if (p.from === best && !p.sentences.includes(best.index)) p.sentences = [...p.sentences, best.index];
  // …and, for a single short answer, with the best sentence's better neighbour: the quote shows the sentence or two
  // the answer rests on.
  if (phrased && phrased.parts.length === 1 && phrased.parts[0].from === best) phrased.parts[0].sentences = [...phrased.parts[0].sentences, ...neighbourOf(best, q)];
  const empty = typeof kind.whenEmpty === 'function' ? kind.whenEmpty(ev) : kind.whenEmpty;
  if (!phrased && empty === 'refuse') return refusal(ctx.archive);
  // Without a short answer, the best sentence is quoted with its better neighbour: the best sentence or two.
  const quoted = phrased ? [] : kind.quote?.(ev) ?? support.map((s) => ({ from: s, sentences: [s.index, ...neighbourOf(s, q)] }));
  const evidenceOf = phrased ? phrased.parts : quoted;
  if (q.analysis.superlative && !evidenceOf.some((p) => p.sentences.some((i) => SUPERLATIVE_EVIDENCE_RE.test(p.from.facts.sentences[i]?.sf ?? '')))) {
    // 哪个投资最多 is not answered by a sentence that ranks nothing.
    return refusal(ctx.archive);
  }
  return composeAnswer(ctx, q, o, phrased, quoted);
}


/**
 * Kinds that state one short fact of one subject: a question about two subjects (甲和乙分别投资多少) is split for them.
 * Quoting kinds are not: one quote often answers for both.
 */
const SINGLE_FACT_KINDS = new Set(['number', 'when', 'where', 'who', 'role']);

/**
 * The subjects of 甲和乙分别/各… and the question asked of each: 甲项目和乙项目分别投资多少 → [甲项目投资多少, 乙项目投资多少].
 * Null when the question is not of that shape.
 */
export function splitSubjects(searchForm: string): Array<{ label: string; question: string }> | null {
  const m = searchForm.match(/^(.*?)([\p{Script=Han}\w“”《》·]{2,24}?)(?:和|与|及|、)([\p{Script=Han}\w“”《》·]{2,24}?)(?:分别|各自|各)(.+)$/u);
  if (!m) return null;
  const [, lead, a, b, rest] = m;
  if (!rest.replace(/[？?。\s]/g, '')) return null;
  return [a, b].map((label) => ({ label, question: `${lead}${label}${rest}` }));
}

/** Answers each subject's question from the same articles, and puts the answers together, each with its citations. */
function answerEach(ctx: AnswerContext, o: AnswerOptions, subjects: Array<{ label: string; question: string }>): ExtractiveAnswer {
  const parts = subjects.map((s) => ({
    label: s.label,
    answer: answerExtractively({ ...ctx, analysis: analyzeQuery(s.question, { today: ctx.archive.dates[0] ?? null, papers: ctx.archive.papers }) }, o),
  }));
  if (!parts.some((p) => p.answer.found)) return refusal(ctx.archive);
  const citations: ExtractiveAnswer['citations'] = [];
  const firsts: string[] = [];
  const rest: string[] = [];
  for (const p of parts) {
    if (!p.answer.found) { firsts.push(`${p.label}：报上没有找到`); continue; }
    // Renumber this answer's citations after the ones already taken; a citation of the same article is shared.
    const map = new Map<number, number>();
    for (const c of p.answer.citations) {
      const had = citations.find((x) => x.articleId === c.articleId && x.quote === c.quote);
      const n = had?.n ?? citations.length + 1;
      if (!had) citations.push({ ...c, n });
      map.set(c.n, n);
    }
    const lines = p.answer.answer.replace(/\[(\d+)\]/g, (_, d) => `[${map.get(Number(d)) ?? d}]`).split('\n');
    const first = lines[0].startsWith('据《') ? `据《${p.answer.citations[0].title}》[${map.get(1)}]` : lines[0].replace(/。$/, '');
    firsts.push(`${p.label}：${first}`);
    rest.push(...lines.slice(1).filter((l) => l.startsWith('「') && !rest.includes(l)), ...(lines[0].startsWith('据《') ? [lines[0].replace(/^据《[^》]*》报道：/, '')] : []));
  }
  return { found: true, answer: [`${firsts.join('；')}。`, ...rest].join('\n'), citations };
}
