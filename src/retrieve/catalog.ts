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
  /** Position of each linked article by id. */
  articleIndex: Map<string, number>;
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
  for (let r = 0; r < ids.length; r++) {
    if (!linkable[r]) continue;
    const a = store.article(ids[r]);
    if (a) candidates.push(a);
  }
  const { articles, alias, offsets } = linkContinuations(candidates);
  const merged = new Map(articles.filter((a) => a.parts.length > 1).map((a) => [a.id, a]));
  const partStarts = new Map<string, number[]>();
  for (const [id, target] of alias) {
    if (id === target || !merged.has(target)) continue;
    partStarts.set(target, [...(partStarts.get(target) ?? [0]), offsets.get(id) ?? 0]);
  }
  for (const [id, list] of partStarts) partStarts.set(id, [...new Set(list)].sort((a, b) => a - b));
  return { merged, alias, offsets, partStarts };
}

/** Links continuation parts across pages and gives every chunk its linked article. */
export function buildCatalog(store: StoreReader): Catalog {
  const { merged, alias, offsets, partStarts } = linkedParts(store);
  const rows = store.articleRows;
  // Positions: every stored article in page order, except parts that now live inside another article.
  const positionOfRow = new Map<number, number>();
  const rowAt: number[] = [];
  const idAt: string[] = [];
  const articleIndex = new Map<string, number>();
  for (let r = 0; r < rows.ids.length; r++) {
    const aid = rows.aid[r];
    const target = alias.get(aid) ?? aid;
    if (target !== aid) continue;
    positionOfRow.set(rows.ids[r], rowAt.length);
    articleIndex.set(aid, rowAt.length);
    rowAt.push(r);
    idAt.push(aid);
  }
  // Article ids of the rows that may have been merged into another (only linkable ones can be).
  const aidOfRow = new Map<number, string>();
  for (let r = 0; r < rows.ids.length; r++) if (rows.linkable[r]) aidOfRow.set(rows.ids[r], rows.aid[r]);
  const chunkArticle = new Int32Array(store.chunkArticle.length).fill(-1);
  const chunkLists: number[][] = rowAt.map(() => []);
  for (let id = 0; id < chunkArticle.length; id++) {
    if (store.chunkPage[id] < 0) continue;
    let pos = positionOfRow.get(store.chunkArticle[id]);
    if (pos === undefined) {
      // A part merged into another article: its chunks belong to that article.
      const aid = aidOfRow.get(store.chunkArticle[id]) ?? '';
      pos = articleIndex.get(alias.get(aid) ?? aid);
    }
    if (pos === undefined) continue;
    chunkArticle[id] = pos;
    chunkLists[pos].push(id);
  }
  const pageMeta = (id: number) => store.pages[store.chunkPage[id]]?.meta;
  const articleAt = remembered(20_000, (i: number): Article | undefined => {
    const id = idAt[i];
    if (id === undefined) return undefined;
    return merged.get(id) ?? store.article(rows.ids[rowAt[i]]) ?? undefined;
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
    store, papers, dates, articleCount: rowAt.length, articleAt, articleIndex,
    article: (id) => { const i = articleIndex.get(id); return i === undefined ? undefined : articleAt(i); },
    articlesOn: (date) => store.articleRowsOn(date).map((row) => positionOfRow.get(row)).filter((i): i is number => i !== undefined)
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
