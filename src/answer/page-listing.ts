// Questions about what an issue or page printed (今天头版有哪些报道？): answered from the issue's article list.
import type { Article, Citation } from '../domain.js';
import { splitSentences } from '../text/sentences.js';
import { parseNumber } from '../ingest/metadata.js';
import type { QueryAnalysis } from '../retrieve/query.js';
import type { ExtractiveAnswer } from './extractive.js';

const PAGE_RE = /头版|一版|第([一二三四五六七八九十\d]{1,3})版/;
const LISTING_RE = /(哪些|什么|几篇|多少篇)(报道|新闻|文章|稿件|内容|消息)|登了什么|刊登|刊发|报道了什么|头版|要闻/;

/** The page a question asks about (头版 → "1"), undefined when it names none. */
function askedPage(searchForm: string): string | undefined {
  const m = searchForm.match(PAGE_RE);
  if (!m) return undefined;
  if (!m[1]) return '1';
  const n = parseNumber(m[1]);
  return n === null ? undefined : String(n);
}

/**
 * Answers "what did the paper print on <date> / on page N" by listing headlines, each cited with its lead sentence.
 * Returns null when the question is not of that kind or names no issue the archive holds.
 */
export function answerPageListing(analysis: QueryAnalysis, articlesOn: (date: string) => Iterable<Article>, dates: string[]): ExtractiveAnswer | null {
  const sf = analysis.searchForm;
  if (!LISTING_RE.test(sf)) return null;
  const page = askedPage(sf);
  if (!analysis.dates.length && page === undefined) return null;
  // An asked date without a year matches the newest issue with that month and day.
  const date = analysis.dates.length
    ? dates.find((d) => analysis.dates.some((q) => (q.iso ? q.iso === d : Number(d.slice(5, 7)) === q.month && Number(d.slice(8, 10)) === q.day)))
    : dates[0];
  if (!date) return null;
  const chosen = [...articlesOn(date)].filter((a) => {
    const part = a.parts[0];
    return part.date === date && (page === undefined || part.page === page) &&
      (!analysis.papers.length || analysis.papers.includes(part.paper ?? '')) && a.kind !== 'notice';
  });
  if (!chosen.length) return null;
  const citations: Citation[] = chosen.slice(0, 12).map((a, i) => {
    const first = splitSentences(a.text).find((s) => s.text.trim().length >= 8) ?? { text: a.text.slice(0, 80), start: 0 };
    const part = a.parts[0];
    return {
      n: i + 1, source: part.source, paper: part.paper, date: part.date, issue: part.issue, page: part.page,
      title: a.title, quote: first.text.trim(), articleId: a.id,
    };
  });
  const paper = citations[0].paper ? `${citations[0].paper}` : '';
  const where = `${date} ${paper}${page ? `第${page}版` : ''}`.trim();
  const answer = `${where}共有${chosen.length}篇报道：\n${citations.map((c) => `《${c.title}》[${c.n}]`).join('\n')}`;
  return { found: true, answer, citations };
}
