// Composing the answer: citation numbers by article, verbatim quotes, the first line, refusals that say what was searched.
import type { Citation } from '../domain.js';
import { clip, MAX_SENTENCE_CHARS } from '../text/sentences.js';
import type { AnswerContext } from './context.js';
import type { ArticleEvidence } from './evidence.js';
import type { Phrased } from './kinds/kind.js';
import type { AnswerOptions } from './options.js';
import type { Question } from './question.js';

export interface ExtractiveAnswer {
  found: boolean;
  answer: string;
  citations: Citation[];
}

/** The plain refusal (kept for callers that have no archive to describe). */
export const NOT_FOUND_ANSWER = '抱歉，报纸资料库中没有找到能回答这个问题的报道。';

/**
 * A refusal that says what was searched: the archive's papers and date range, and why nothing answers when known.
 * @example refusal({ papers: ['河东日报'], dates: ['2025-03-13', '2025-03-12'] }, '报上没有“某某”这个名字')
 * // '抱歉，在河东日报（2025-03-12至2025-03-13）中没有找到能回答这个问题的报道：报上没有“某某”这个名字。'
 */
export function refusal(archive: AnswerContext['archive'], reason?: string): ExtractiveAnswer {
  const papers = archive.papers.length > 4 ? `${archive.papers.slice(0, 4).join('、')}等${archive.papers.length}种报纸` : archive.papers.join('、');
  const dates = [...archive.dates].sort();
  const range = dates.length ? (dates[0] === dates[dates.length - 1] ? `${dates[0]}` : `${dates[0]}至${dates[dates.length - 1]}`) : '';
  const where = papers ? `在${papers}${range ? `（${range}）` : ''}中` : range ? `在${range}的报纸中` : '在报纸资料库中';
  const answer = `抱歉，${where}没有找到能回答这个问题的报道${reason ? `：${reason}` : ''}。`;
  return { found: false, answer, citations: [] };
}

interface Quote { text: string; start: number }

/** A point of an enumeration: 一是…, 二、…, （三）…, 1. …, ①…, ●…. */
const ENUMERATED_RE = /^(?:[一二三四五六七八九十]+是|[（(]?[一二三四五六七八九十\d]+[)）、.．]|[①-⑩]|[●■◆▲·•])/;

/** Longest quote shown, in characters: one sentence (see MAX_SENTENCE_CHARS); a longer one is cut at a clause, with …. */
export const QUOTE_CAP_CHARS = MAX_SENTENCE_CHARS;

/**
 * A verbatim quote of an article: the first listed sentence, joined by the listed sentences next to it while the
 * quote stays under `maxChars`; a very short sentence takes its successor along. Never longer than QUOTE_CAP_CHARS.
 */
export function quoteOf(ev: ArticleEvidence, sentences: number[], maxChars: number): Quote {
  const all = ev.facts.sentences;
  const wanted = new Set(sentences.filter((i) => i >= 0 && i < all.length));
  const first = sentences.find((i) => wanted.has(i)) ?? ev.index;
  let lo = first;
  let hi = first;
  const span = (a: number, b: number) => all[b].start + all[b].text.length - all[a].start;
  for (let grew = true; grew;) {
    grew = false;
    if (wanted.has(hi + 1) && span(lo, hi + 1) <= maxChars) { hi++; grew = true; }
    if (wanted.has(lo - 1) && span(lo - 1, hi) <= maxChars) { lo--; grew = true; }
  }
  if (lo === hi && all[lo].text.trim().length < 20 && all[lo + 1]) hi = lo + 1;
  // A sentence ending in a colon introduces what follows (…提醒广大群众：一是…；二是…): the points it announces are
  // quoted with it.
  if (/[：:]\s*$/.test(all[hi].text)) {
    while (all[hi + 1] && ENUMERATED_RE.test(all[hi + 1].text.trim()) && span(lo, hi + 1) <= 2 * maxChars) hi++;
  }
  const raw = ev.facts.article.text.slice(all[lo].start, all[hi].start + all[hi].text.length);
  const lead = raw.length - raw.trimStart().length;
  // Never a whole page line: a page printed without full stops still quotes one sentence's worth.
  return { text: clip(raw.trim(), QUOTE_CAP_CHARS), start: all[lo].start + lead };
}

function citationFor(ctx: AnswerContext, ev: ArticleEvidence, n: number, quote: Quote): Citation {
  const article = ev.facts.article;
  const part = ctx.partOf(article, quote.start);
  return {
    n, source: part.source, paper: part.paper, date: part.date, issue: part.issue, page: part.page,
    title: article.title, quote: quote.text, articleId: article.id,
  };
}

/**
 * The answer: the short answer or statement first (when a kind phrased one), then one verbatim quote per cited
 * article; without a phrase, 据《headline》报道：「quote」. Consecutive parts from one article share its [n].
 */
export function composeAnswer(
  ctx: AnswerContext, q: Question, options: AnswerOptions, phrased: Phrased | null, quoted: Array<{ from: ArticleEvidence; sentences: number[] }>,
): ExtractiveAnswer {
  const order: ArticleEvidence[] = [];
  const sentencesOf = new Map<ArticleEvidence, number[]>();
  const use = (from: ArticleEvidence, sentences: number[]) => {
    if (!sentencesOf.has(from)) { order.push(from); sentencesOf.set(from, []); }
    sentencesOf.get(from)!.push(...sentences);
  };
  for (const p of phrased?.parts ?? []) use(p.from, p.sentences);
  for (const x of quoted) if (!phrased || sentencesOf.has(x.from) || order.length < options.maxCitations) use(x.from, x.sentences);
  const cited = order.slice(0, options.maxCitations);
  const numberOf = new Map(cited.map((e, i) => [e, i + 1]));
  const citations = cited.map((e, i) => citationFor(ctx, e, i + 1, quoteOf(e, sentencesOf.get(e)!, options.maxQuoteChars)));
  const quotes = citations.map((c) => `「${c.quote}」[${c.n}]`);
  const lines: string[] = [];
  if (phrased) {
    const parts = phrased.parts.filter((p) => numberOf.has(p.from));
    const pieces: string[] = [];
    parts.forEach((p, i) => {
      const next = parts[i + 1];
      // Items of one article in a row share its number: A、B、C[1]; a statement always carries its own.
      const shared = next && next.from === p.from && phrased.joiner === '、';
      pieces.push(shared ? p.text : `${p.text}[${numberOf.get(p.from)}]`);
    });
    lines.push(`${phrased.lead ?? ''}${pieces.join(phrased.joiner)}。`);
  } else {
    lines.push(`据《${cited[0].facts.article.title}》报道：${quotes.shift()}`);
  }
  const notes = q.corrections
    .filter((c) => cited.some((e) => e.facts.sf.includes(c.printed) || e.facts.titleSf.includes(c.printed)))
    .map((c) => `“${c.printed}”`);
  if (notes.length) lines.push(`（报上写作${[...new Set(notes)].join('、')}。）`);
  lines.push(...quotes);
  return { found: true, answer: lines.join('\n'), citations };
}
