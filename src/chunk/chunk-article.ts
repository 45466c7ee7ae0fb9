// Article-bounded, sentence-aware chunking with overlap; each chunk carries its article's citation metadata.
import type { Article, Chunk } from '../domain.js';
import { NO_BUDGET, type Budget } from '../ingest/budget.js';
import { splitSentences } from '../text/sentences.js';

export interface ChunkOptions {
  /** Target maximum characters per chunk. Default 200 (chosen on the CMRC 2018 / DRCD dev sets, see bench/RESULTS.md). */
  maxChars?: number;
  /** Characters of trailing sentences repeated at the start of the next chunk. Default 60. */
  overlapChars?: number;
  /** Checked once a chunk; throws BudgetExceededError when it runs out. Default: none. */
  budget?: Budget;
}

/**
 * Chunks one single-page article (chunking runs per file, before continuation parts are linked, so each chunk
 * keeps the page it was printed on). Chunks never cross article boundaries; long sentences are cut at `maxChars`.
 * @example chunkArticle(article).map((c) => c.text)
 */
export function chunkArticle(article: Article, options: ChunkOptions = {}): Chunk[] {
  const maxChars = options.maxChars ?? 200;
  const overlap = options.overlapChars ?? 60;
  const budget = options.budget ?? NO_BUDGET;
  const pieces: Array<{ text: string; start: number }> = [];
  for (const s of splitSentences(article.text)) {
    if (s.text.length <= maxChars) { pieces.push(s); continue; }
    for (let i = 0; i < s.text.length; i += maxChars) pieces.push({ text: s.text.slice(i, i + maxChars), start: s.start + i });
  }
  const chunks: Chunk[] = [];
  let i = 0;
  while (i < pieces.length) {
    budget.check('chunking');
    let j = i;
    let len = 0;
    while (j < pieces.length && (len === 0 || len + pieces[j].text.length <= maxChars)) { len += pieces[j].text.length; j++; }
    const start = pieces[i].start;
    const end = pieces[j - 1].start + pieces[j - 1].text.length;
    const text = article.text.slice(start, end).trim();
    if (text) {
      chunks.push({
        id: `${article.id}~${chunks.length}`,
        articleId: article.id,
        text,
        start: start + (article.text.slice(start, end).length - article.text.slice(start, end).trimStart().length),
        source: article.source, paper: article.paper, date: article.date, issue: article.issue, page: article.page,
        title: article.title,
      });
    }
    if (j >= pieces.length) break;
    // Overlap: step back over trailing sentences worth at most `overlap` characters.
    let k = j;
    let back = 0;
    while (k - 1 > i && back + pieces[k - 1].text.length <= overlap) { back += pieces[k - 1].text.length; k--; }
    i = k;
  }
  return chunks;
}

