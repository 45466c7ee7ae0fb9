// The daily digest: an issue's articles page by page, one line each (headline + one-sentence summary).
import type { Article, Digest, DigestItem } from '../domain.js';
import { leadSentence, type LeadOptions } from './lead.js';

/**
 * One-line summary for the digest: the article's lead sentence, whole (see {@link leadSentence} for the rules).
 * @example summarize(article) // '近日，新城街道社区养老服务中心正式投入使用。'
 */
export function summarize(article: Article, options?: LeadOptions): string {
  return leadSentence(article, options);
}

function pageOrder(page: string | null): number {
  return page === null ? Number.MAX_SAFE_INTEGER : Number(page);
}

/**
 * Digest of one issue date. `date` omitted: the newest dated issue (or the undated pages when nothing is dated);
 * `date === 'undated'`: pages whose date is unknown, with `date: null` — never a guessed date.
 */
export function buildDigest(articlesOn: (date: string | null) => Iterable<Article>, dates: string[], date?: string): Digest {
  const wanted = date === 'undated' ? null : date ?? dates[0] ?? null;
  const items: Array<DigestItem & { order: number; seq: number }> = [];
  let seq = 0;
  for (const a of articlesOn(wanted)) {
    // An article is listed under the issue of its first part (the page it starts on).
    const part = a.parts[0];
    if ((part.date ?? null) !== wanted) continue;
    items.push({
      paper: part.paper, issue: part.issue, page: part.page, title: a.title, summary: summarize(a), source: part.source,
      articleId: a.id, order: pageOrder(part.page), seq: seq++,
    });
  }
  items.sort((x, y) => (x.paper ?? '').localeCompare(y.paper ?? '') || x.order - y.order || x.source.localeCompare(y.source) || x.seq - y.seq);
  return { date: wanted, items: items.map(({ order: _o, seq: _s, ...item }) => item) };
}
