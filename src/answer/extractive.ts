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
  // 甲多少？乙多少？: each question on its own, from the same articles.
  const asked = splitQuestions(q.analysis.searchForm);
  if (asked) return answerEach(ctx, o, asked);
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
  // 市儿童医院新院区有多少床位, asked of several cities' papers without naming one: when another paper's article
  // answers about as well, each paper answers from its own articles, labelled, rather than one standing for both.
  if (best && SINGLE_FACT_KINDS.has(kind.name) && !q.analysis.cities.length && !q.analysis.papers.length) {
    const paper = best.facts.article.paper;
    const rival = scored.find((s) => s.facts.article.paper !== paper && s.score >= best.score * o.rivalPaperRatio && s.evidenceCoverage >= o.minSentenceCoverage);
    const other = rival?.facts.article.paper;
    if (paper && other) {
      const parts = [paper, other].map((p) => ({ label: p, asked: '', answer: answerFrom(ctx, o, q, kind, scored.filter((s) => s.facts.article.paper === p)) }));
      const firsts = parts.map((p) => p.answer.found && p.answer.answer.split('\n')[0].replace(/\[\d+\]/g, ''));
      if (firsts[0] && firsts[1] && firsts[0] !== firsts[1]) return combineAnswers(ctx, parts);
    }
  }
  return answerFrom(ctx, o, q, kind, scored);
}

/** The answer a kind reads from the scored articles (best first): the evidence gates, extraction, the quote. */
function answerFrom(ctx: AnswerContext, o: AnswerOptions, q: Question, kind: AnswerKind, scored: ArticleEvidence[]): ExtractiveAnswer {
  const gated = kind.admits !== undefined;
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

/** Interrogatives and the measure word after them, struck from a question to leave what it is about. */
const ASKING_RE = /(?:哪|几)[一二两三四五六七八九十\d]*(?:个|位|家|所|支|种|项|段|条|座|天|年|月|些|名|例|次|批)?|多少(?:钱|个|位|家|人次|人|次|例|元)?|是谁|谁|什么时候|什么|何时|何地|怎么样|怎么|怎样|如何|为什么|吗|呢/g;

/** A part of a message that asks something (a clause before ； may only set the scene). */
const ASKS_RE = /谁|哪|什么|多少|多[大长高重远久]|几|何|怎|如何|为什么|吗|呢|是否/;

/** A later question that refers back to the answer of the one before (…，那一段…, …，该项目…), after its carried subject. */
const BACK_REFERENCE_RE = /，(?:那|这|该)一?(?:个|位|家|所|支|种|项|段|条|座|批)?/;

/** A follow-up that goes over the first answer's items (…分别是什么, 各…): the question is one question, not two. */
const DISTRIBUTING_RE = /^(?:分别|各自|各|都|又都)/;

/**
 * The questions of a question asked in several (雾滨转运站花了多少钱？中央补助了多少？), each later one with what the
 * first is about (雾滨转运站花了，中央补助了多少？). Null for a single question, or when a follow-up only distributes
 * over the first one's answer.
 */
export function splitQuestions(searchForm: string): Array<{ label: string; question: string; carried?: string }> | null {
  // A question mark inside a title (《…吗？》) ends no question.
  const parts = searchForm.split(/(?<=^(?:[^《]|《[^》]*》)*)[？?；;]+/).map((s) => s.trim()).filter((s) => /\p{Script=Han}{2}/u.test(s));
  if (parts.length < 2 || parts.some((s, i) => !ASKS_RE.test(s) || (i > 0 && DISTRIBUTING_RE.test(s)))) return null;
  const about = parts[0].replace(ASKING_RE, '').replace(/[：:，,]+$/, '');
  return parts.map((s, i) => (i === 0 ? { label: '', question: `${s}？` } : { label: '', question: `${about}，${s}？`, carried: `${about}，` }));
}

/** The short answer an answer opens with (渔港段[1]。 → 渔港段), or null when it quotes. */
function shortAnswerOf(answer: ExtractiveAnswer): string | null {
  if (!answer.found) return null;
  const first = answer.answer.split('\n')[0];
  if (first.startsWith('据《')) return null;
  const plain = first.replace(/\[\d+\]/g, '').replace(/[。；]$/, '');
  return [...plain].length <= 12 && !/[，、；]/.test(plain) ? plain : null;
}

/** Answers each subject's question from the same articles, and puts the answers together, each with its citations. */
function answerEach(ctx: AnswerContext, o: AnswerOptions, subjects: Array<{ label: string; question: string; carried?: string }>): ExtractiveAnswer {
  const parts: Array<{ label: string; question: string; asked: string; answer: ExtractiveAnswer }> = [];
  for (const s of subjects) {
    // 那一段的封闭公告… asks about the answer before it.
    const before = parts.length ? shortAnswerOf(parts[parts.length - 1].answer) : null;
    const question = before && !s.label ? s.question.replace(BACK_REFERENCE_RE, `，${before}`) : s.question;
    const analyze = (text: string) => analyzeQuery(text, { today: ctx.archive.dates[0] ?? null, papers: ctx.archive.papers });
    const asked = question.slice(s.carried?.length ?? 0).replace(/？$/, '');
    if (!s.carried) {
      parts.push({ label: s.label, question, asked, answer: answerExtractively({ ...ctx, analysis: analyze(question) }, o) });
      continue;
    }
    // A follow-up is read on its own words first (新增几例重症 may be printed in another article than the first
    // answer); when they do not pin an answer down, with the subject carried over, weighing little: the
    // follow-up's own words pick its sentence.
    const own = analyze(`${asked}？`);
    const alone = answerExtractively({ ...ctx, analysis: own }, o);
    if (alone.found) { parts.push({ label: s.label, question, asked, answer: alone }); continue; }
    const analysis = analyze(question);
    const carried = new Set(analysis.words.filter((w) => !own.words.includes(w)));
    parts.push({ label: s.label, question, asked, answer: answerExtractively({ ...ctx, analysis, carried }, o) });
  }
  return combineAnswers(ctx, parts);
}

/**
 * Answers put together: each part's first line after its label, one numbering of the citations (an article's quote
 * cited once), each quote shown once; a part the archive does not answer says so.
 */
function combineAnswers(ctx: AnswerContext, parts: Array<{ label: string; asked: string; answer: ExtractiveAnswer }>): ExtractiveAnswer {
  if (!parts.some((p) => p.answer.found)) return refusal(ctx.archive);
  const citations: ExtractiveAnswer['citations'] = [];
  const firsts: string[] = [];
  const rest: string[] = [];
  for (const p of parts) {
    if (!p.answer.found) { firsts.push(`${p.label || `“${p.asked}”`}：报上没有找到`); continue; }
    // Renumber this answer's citations after the ones already taken; a citation of the same article is shared.
    const map = new Map<number, number>();
    for (const c of p.answer.citations) {
      // …and so is one whose quote an earlier citation of the article already holds.
      const had = citations.find((x) => x.articleId === c.articleId && x.quote.includes(c.quote));
      const n = had?.n ?? citations.length + 1;
      if (!had) citations.push({ ...c, n });
      map.set(c.n, n);
    }
    const lines = p.answer.answer.replace(/\[(\d+)\]/g, (_, d) => `[${map.get(Number(d)) ?? d}]`).split('\n');
    const first = lines[0].startsWith('据《') ? `据《${p.answer.citations[0].title}》[${map.get(1)}]` : lines[0].replace(/。$/, '');
    firsts.push(p.label ? `${p.label}：${first}` : first);
    const quotes = [...lines.slice(1).filter((l) => l.startsWith('「')), ...(lines[0].startsWith('据《') ? [lines[0].replace(/^据《[^》]*》报道：/, '')] : [])];
    // A quote another part already shows (the same sentence, or within a longer quote) is shown once.
    for (const quote of quotes) {
      const inner = quote.replace(/^「|」(?:\[\d+\])*$/g, '');
      if (!rest.some((r) => r.includes(inner))) rest.push(quote);
    }
  }
  return { found: true, answer: [`${firsts.join('；')}。`, ...rest].join('\n'), citations };
}
