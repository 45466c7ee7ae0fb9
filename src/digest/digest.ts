// The daily digest: an issue's articles page by page, one line each (headline + one-sentence summary).
import type { Article, Digest, DigestItem } from '../domain.js';
import { splitSentences } from '../chunk/chunk-article.js';

/** One-sentence summary: the lead sentence without its 本报讯/dateline prefix, cut to `max` characters. */
export function summarize(article: Article, max = 70): string {
  const body = article.text
    .replace(/^(本报讯|本報訊)\s*([（(][^)）]{0,40}[)）])?\s*/, '')
    .replace(/^(新华社|新華社)[^\s]{0,20}(电|電)\s*/, '');
  const first = splitSentences(body).find((s) => s.text.trim().length >= 8)?.text.trim() ?? body.trim();
  const chars = [...first.replace(/\s+/g, ' ')];
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : chars.join('');
}

function pageOrder(page: string | null): number {
  return page === null ? Number.MAX_SAFE_INTEGER : Number(page);
}

/**
 * Digest of one issue date. `date` omitted: the newest dated issue (or the undated pages when nothing is dated);
 * `date === 'undated'`: pages whose date is unknown, with `date: null` — never a guessed date.
 */
export function buildDigest(articles: Iterable<Article>, dates: string[], date?: string): Digest {
  const wanted = date === 'undated' ? null : date ?? dates[0] ?? null;
  const items: Array<DigestItem & { order: number; seq: number }> = [];
  let seq = 0;
  for (const a of articles) {
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
