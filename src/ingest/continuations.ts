// Links the parts of one article printed across pages (下转第三版 … 上接第一版) into a single article.
import type { Article } from '../domain.js';
import { bigrams, toSearchForm } from '../text/search-form.js';

function titleKey(title: string): string {
  return toSearchForm(title).replace(/[^\p{L}\p{N}]/gu, '');
}

/** Dice similarity of the character bigrams of two titles, with containment counting as a match. */
export function titleSimilarity(a: string, b: string): number {
  const ka = titleKey(a);
  const kb = titleKey(b);
  if (!ka || !kb) return 0;
  if (ka.length >= 4 && kb.length >= 4 && (ka.includes(kb) || kb.includes(ka))) return 1;
  const ba = bigrams(ka);
  const bb = new Set(bigrams(kb));
  if (!ba.length || !bb.size) return 0;
  const hits = ba.filter((x) => bb.has(x)).length;
  return (2 * hits) / (ba.length + bb.size);
}

function compatible(a: string | null, b: string | null): boolean {
  return a === null || b === null || a === b;
}

function isUntitledContinuation(b: Article): boolean {
  return b.kind === 'fragment';
}

/**
 * Merges continuation parts into the article they continue. A part is linked only when the evidence agrees:
 * same paper, the jump page numbers match, dates and issues do not conflict, and the headline repeats (or, for an
 * untitled part, its page and date are printed and exactly one article jumps to that page).
 * Returns the merged list and a map from every original article id to the id it now lives under.
 */
export function linkContinuations(articles: Article[]): {
  articles: Article[];
  alias: Map<string, string>;
  /** Where each original article's text starts inside the merged article's text. */
  offsets: Map<string, number>;
} {
  const alias = new Map<string, string>();
  const offsets = new Map<string, number>();
  const merged = new Map<string, Article>(articles.map((a) => [a.id, a]));
  const heads = articles.filter((a) => a.continuedTo && a.page && a.paper);
  const tails = articles.filter((a) => a.continuedFrom && a.paper);
  const used = new Set<string>();
  for (const b of tails) {
    let best: Article | null = null;
    let bestScore = 0;
    const candidates = heads.filter((a) =>
      a.source !== b.source && !used.has(a.id) && a.paper === b.paper && a.page === b.continuedFrom &&
      compatible(a.date, b.date) && compatible(a.issue, b.issue) && compatible(a.continuedTo, b.page));
    for (const a of candidates) {
      let score = 0;
      if (isUntitledContinuation(b)) {
        if (candidates.length === 1 && b.page === a.continuedTo && b.date !== null && b.date === a.date) score = 0.6;
      } else {
        score = titleSimilarity(a.title, b.title);
      }
      if (score >= 0.5 && score > bestScore) { best = a; bestScore = score; }
    }
    if (!best) continue;
    used.add(best.id);
    // Follow earlier merges so chains (1 → 2 → 3) end up in one article.
    let rootId = best.id;
    while (alias.has(rootId) && alias.get(rootId) !== rootId) rootId = alias.get(rootId)!;
    const root = merged.get(rootId)!;
    const offset = root.text.length + 1;
    merged.set(rootId, {
      ...root,
      text: `${root.text}\n${b.text}`,
      joins: [...root.joins, ...b.joins.map((j) => j + offset)],
      parts: [...root.parts, ...b.parts],
      pages: [...new Set([...root.pages, ...b.pages])],
      continuedTo: b.continuedTo,
      byline: b.byline ?? root.byline,
    });
    merged.delete(b.id);
    // b, and anything already merged into b, now lives inside root.
    for (const [id, target] of alias) if (target === b.id) { alias.set(id, rootId); offsets.set(id, (offsets.get(id) ?? 0) + offset); }
    alias.set(b.id, rootId);
    offsets.set(b.id, offset);
  }
  for (const a of articles) if (!alias.has(a.id)) { alias.set(a.id, a.id); offsets.set(a.id, 0); }
  return { articles: [...merged.values()], alias, offsets };
}
