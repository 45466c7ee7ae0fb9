// The loaded archive: a store snapshot with continuation parts linked, per-article lookups and the three BM25 views
// (chunks, whole articles, whole pages). Text is read from the store on demand and kept in bounded caches.
import type { Article, Chunk } from '../domain.js';
import { linkContinuations } from '../ingest/continuations.js';
import { splitSentences } from '../text/sentences.js';
import { toSearchForm } from '../text/search-form.js';
import { Bm25, groupedLengths, groupedPostings, lengthStats } from '../vectorstore/lexical.js';
import type { StoreReader } from '../vectorstore/store.js';

export interface Catalog {
  store: StoreReader;
  papers: string[];
  /** Issue dates, newest first. */
  dates: string[];
  /** Number of linked articles: positions 0 … articleCount-1, in page order. */
  articleCount: number;
  /** Linked article at a position. */
  articleAt(i: number): Article | undefined;
  /** Position of the linked article holding a stored article id (a merged part gives its article's). */
  articlePosition(id: string): number | undefined;
  /** Linked article by id. */
  article(id: string): Article | undefined;
  /** Linked articles whose first part is dated `date` (null: undated), in page order. */
  articlesOn(date: string | null): Article[];
  /** Chunk by id, with `articleId` and `start` pointing into the linked article. */
  chunk(id: number): Chunk | undefined;
  /** Linked article position of each chunk id (-1: no such chunk). */
  chunkArticle: Int32Array;
  /** Paper and issue date of the page a chunk is printed on. */
  chunkPaper(id: number): string | null;
  chunkDate(id: number): string | null;
  /** Paper of article `i`. */
  articlePaper(i: number): string | null;
  /** BM25 over chunks. */
  chunkLexical: Bm25;
  /** BM25 over whole articles (summed from the chunk postings), for article-level ranking. */
  articleLexical: Bm25;
  /** Page files (sources) with chunks, in page order: the documents of `pageLexical`. */
  pageList: string[];
  pageIndex: Map<string, number>;
  /** BM25 over whole pages (summed from the chunk postings), for page-level evidence. */
  pageLexical: Bm25;
  /** Search form of the text of chunk `id`, computed on first use. */
  chunkForm(id: number): string;
  /** Search form of the headline of article `i`. */
  titleForm(i: number): string;
  /** Chunk ids of article `i`. */
  chunksOf(i: number): readonly number[];
  /** Search forms of the sentences of article `i`, computed on first use. */
  sentenceForms(i: number): string[];
  /** For linked articles: where each part's text starts in the article's `text`, in part order. */
  partStarts: Map<string, number[]>;
}

/** A function of a position, computed once per position and kept (the cache is emptied when it reaches `limit`). */
export function remembered<T>(limit: number, compute: (i: number) => T): (i: number) => T {
  const cache = new Map<number, T>();
  return (i) => {
    let v = cache.get(i);
    if (v === undefined) {
      v = compute(i);
      if (cache.size >= limit) cache.clear();
      cache.set(i, v);
    }
    return v;
  };
}

/** Articles printed across pages, linked: only the parts that print a jump line (下转 / 上接) can take part. */
function linkedParts(store: StoreReader) {
  const { ids, linkable } = store.articleRows;
  const candidates: Article[] = [];
  /** Article id of each linkable row. */
  const aidOfRow = new Map<number, string>();
  for (let r = 0; r < ids.length; r++) {
    if (!linkable[r]) continue;
    const a = store.article(ids[r]);
    if (!a) continue;
    candidates.push(a);
    aidOfRow.set(ids[r], a.id);
  }
  const { articles, alias, offsets } = linkContinuations(candidates);
  const merged = new Map(articles.filter((a) => a.parts.length > 1).map((a) => [a.id, a]));
  const partStarts = new Map<string, number[]>();
  for (const [id, target] of alias) {
    if (id === target || !merged.has(target)) continue;
    partStarts.set(target, [...(partStarts.get(target) ?? [0]), offsets.get(id) ?? 0]);
  }
  for (const [id, list] of partStarts) partStarts.set(id, [...new Set(list)].sort((a, b) => a - b));
  return { merged, alias, offsets, partStarts, aidOfRow };
}

/** Links continuation parts across pages and gives every chunk its linked article. */
export function buildCatalog(store: StoreReader): Catalog {
  const { merged, alias, offsets, partStarts, aidOfRow } = linkedParts(store);
  const rows = store.articleRows;
  // Positions: every stored article in page order, except parts that now live inside another article.
  const positionOfRow = new Int32Array(rows.ids.reduce((m, id) => Math.max(m, id + 1), 0)).fill(-1);
  const rowAt: number[] = [];
  for (let r = 0; r < rows.ids.length; r++) {
    const aid = aidOfRow.get(rows.ids[r]);
    if (aid !== undefined && (alias.get(aid) ?? aid) !== aid) continue;
    positionOfRow[rows.ids[r]] = rowAt.length;
    rowAt.push(r);
  }
  /** Position of a stored article id, following a merged part to the article it now lives in. */
  const articlePosition = (id: string): number | undefined => {
    const row = store.articleRow(alias.get(id) ?? id);
    const pos = row === null ? -1 : (positionOfRow[row] ?? -1);
    return pos >= 0 ? pos : undefined;
  };
  const chunkArticle = new Int32Array(store.chunkArticle.length).fill(-1);
  const chunkLists: number[][] = rowAt.map(() => []);
  for (let id = 0; id < chunkArticle.length; id++) {
    if (store.chunkPage[id] < 0) continue;
    const row = store.chunkArticle[id];
    let pos: number | undefined = positionOfRow[row] ?? -1;
    // A part merged into another article: its chunks belong to that article.
    if (pos < 0) pos = articlePosition(aidOfRow.get(row) ?? '');
    if (pos === undefined || pos < 0) continue;
    chunkArticle[id] = pos;
    chunkLists[pos].push(id);
  }
  const pageMeta = (id: number) => store.pages[store.chunkPage[id]]?.meta;
  const mergedAt = new Map<number, Article>();
  for (const [row, aid] of aidOfRow) {
    const m = merged.get(aid);
    if (m && positionOfRow[row] >= 0) mergedAt.set(positionOfRow[row], m);
  }
  const articleAt = remembered(20_000, (i: number): Article | undefined => {
    if (rowAt[i] === undefined) return undefined;
    return mergedAt.get(i) ?? store.article(rows.ids[rowAt[i]]) ?? undefined;
  });
  const chunk = remembered(50_000, (id: number): Chunk | undefined => {
    const c = store.chunk(id);
    if (!c) return undefined;
    const target = alias.get(c.articleId) ?? c.articleId;
    return target === c.articleId ? c : { ...c, articleId: target, start: c.start + (offsets.get(c.articleId) ?? 0) };
  });
  const papers = [...new Set(store.pages.map((p) => p.meta.paper).filter((p): p is string => !!p))].sort();
  const dates = [...new Set(store.pages.map((p) => p.meta.date).filter((d): d is string => !!d))].sort().reverse();
  const chunkStats = lengthStats(store.chunkLength);
  // Every chunk is indexed with its headline, so whole articles weigh their headline by their length: measured
  // better on the CMRC / DRCD dev sets than counting it once.
  const articleLexical = new Bm25(groupedPostings(store.postings, chunkArticle), lengthStats(groupedLengths(store.chunkLength, chunkArticle, rowAt.length)));
  const pageList: string[] = [];
  const pagePosition = new Int32Array(store.pages.length).fill(-1);
  const chunkPageGroup = new Int32Array(chunkArticle.length).fill(-1);
  for (let id = 0; id < chunkArticle.length; id++) {
    const p = store.chunkPage[id];
    if (p < 0) continue;
    if (pagePosition[p] < 0) { pagePosition[p] = pageList.length; pageList.push(store.pages[p].source); }
    chunkPageGroup[id] = pagePosition[p];
  }
  const pageLexical = new Bm25(groupedPostings(store.postings, chunkPageGroup), lengthStats(groupedLengths(store.chunkLength, chunkPageGroup, pageList.length)));
  const chunkForm = remembered(50_000, (id) => toSearchForm(chunk(id)?.text ?? ''));
  const titleForm = remembered(50_000, (i) => toSearchForm(articleAt(i)?.title ?? ''));
  const sentenceForms = remembered(20_000, (i): string[] => {
    const a = articleAt(i);
    return a ? [toSearchForm([a.kicker, a.title, a.subtitle].filter(Boolean).join(' ')), ...splitSentences(a.text).map((x) => toSearchForm(x.text))] : [];
  });
  return {
    store, papers, dates, articleCount: rowAt.length, articleAt, articlePosition,
    article: (id) => { const i = articlePosition(id); return i === undefined ? undefined : articleAt(i); },
    articlesOn: (date) => store.articleRowsOn(date).map((row) => positionOfRow[row] ?? -1).filter((i) => i >= 0)
      .sort((a, b) => a - b).map((i) => articleAt(i)).filter((a): a is Article => !!a),
    chunk, chunkArticle,
    chunkPaper: (id) => pageMeta(id)?.paper ?? null,
    chunkDate: (id) => pageMeta(id)?.date ?? null,
    articlePaper: (i) => store.pages[rows.page[rowAt[i]]]?.meta.paper ?? null,
    chunkLexical: new Bm25(store.postings, chunkStats),
    articleLexical, pageList, pageIndex: new Map(pageList.map((s, i) => [s, i])), pageLexical,
    chunkForm, titleForm, chunksOf: (i) => chunkLists[i] ?? [], sentenceForms, partStarts,
  };
}
