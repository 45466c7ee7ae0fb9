// The loaded archive: a store generation with continuation parts linked and per-article lookups.
import type { Article, Chunk } from '../domain.js';
import { linkContinuations } from '../ingest/continuations.js';
import { splitSentences } from '../text/sentences.js';
import { toSearchForm } from '../text/search-form.js';
import { positionsByLabel, type StoreData } from '../vectorstore/store.js';
import type { LexicalIndex } from '../vectorstore/lexical.js';

export interface Catalog {
  store: StoreData;
  /** Articles after linking, by id. */
  articles: Map<string, Article>;
  /** Chunks with `articleId` and `start` pointing into the linked article. */
  chunks: Chunk[];
  papers: string[];
  /** Issue dates, newest first. */
  dates: string[];
  /** Linked articles in a fixed order: the documents of `articleLexical`. */
  articleList: Article[];
  /** Position of each linked article in `articleList`. */
  articleIndex: Map<string, number>;
  /** BM25 over whole articles (summed from the chunk postings), for article-level ranking. */
  articleLexical: LexicalIndex;
  /** Page files (sources) in a fixed order: the documents of `pageLexical`. */
  pageList: string[];
  pageIndex: Map<string, number>;
  /** BM25 over whole pages (summed from the chunk postings), for page-level evidence. */
  pageLexical: LexicalIndex;
  /** Search form of the text of chunk `pos`, computed on first use. */
  chunkForm(pos: number): string;
  /** Search form of the headline of article `i` of `articleList`. */
  titleForm(i: number): string;
  /** Chunk positions of article `i` of `articleList`. */
  chunksOf(i: number): readonly number[];
  /** Search forms of the sentences of article `i` of `articleList`, computed on first use. */
  sentenceForms(i: number): string[];
  /** Chunk position of each HNSW label. */
  positionsByLabel: Int32Array;
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

/** Links continuation parts across pages and rewrites chunk references to the linked articles. */
export function buildCatalog(store: StoreData): Catalog {
  const all = store.pages.flatMap((p) => p.articles);
  const { articles, alias, offsets } = linkContinuations(all);
  const chunks = store.chunks.map((c) => {
    const target = alias.get(c.articleId) ?? c.articleId;
    return target === c.articleId ? c : { ...c, articleId: target, start: c.start + (offsets.get(c.articleId) ?? 0) };
  });
  const papers = [...new Set(store.pages.map((p) => p.meta.paper).filter((p): p is string => !!p))].sort();
  const dates = [...new Set(store.pages.map((p) => p.meta.date).filter((d): d is string => !!d))].sort().reverse();
  const partStarts = new Map<string, number[]>();
  for (const [id, target] of alias) {
    if (id === target && !partStarts.has(target)) partStarts.set(target, [0]);
    else if (id !== target) partStarts.set(target, [...(partStarts.get(target) ?? [0]), offsets.get(id) ?? 0]);
  }
  for (const [id, list] of partStarts) partStarts.set(id, [...new Set(list)].sort((a, b) => a - b));
  const articleIndex = new Map(articles.map((a, i) => [a.id, i]));
  const group = chunks.map((c) => articleIndex.get(c.articleId) ?? -1);
  // Every chunk is indexed with its headline, so whole articles weigh their headline by their length: measured
  // better on the CMRC / DRCD dev sets than counting it once.
  const articleLexical = store.lexical.aggregate(group);
  const pageList = [...new Set(chunks.map((c) => c.source))];
  const pageIndex = new Map(pageList.map((s, i) => [s, i]));
  const pageLexical = store.lexical.aggregate(chunks.map((c) => pageIndex.get(c.source) ?? -1));
  const chunkLists: number[][] = articles.map(() => []);
  group.forEach((g, pos) => { if (g >= 0) chunkLists[g].push(pos); });
  const chunksOf = (i: number): readonly number[] => chunkLists[i] ?? [];
  const chunkForm = remembered(50_000, (pos) => toSearchForm(chunks[pos]?.text ?? ''));
  const titleForm = remembered(50_000, (i) => toSearchForm(articles[i]?.title ?? ''));
  const sentenceForms = remembered(20_000, (i): string[] => {
    const a = articles[i];
    return a ? [toSearchForm([a.kicker, a.title, a.subtitle].filter(Boolean).join(' ')), ...splitSentences(a.text).map((x) => toSearchForm(x.text))] : [];
  });
  return {
    sentenceForms, titleForm, chunkForm, chunksOf, articleIndex, store, articles: new Map(articles.map((a) => [a.id, a])), articleList: articles, articleLexical, pageList, pageIndex, pageLexical,
    positionsByLabel: positionsByLabel(store.labels), chunks, papers, dates, partStarts,
  };
}

