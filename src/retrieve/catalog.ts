// The loaded archive: a store generation with continuation parts linked and per-article lookups.
import type { Article, Chunk } from '../domain.js';
import type { ActivityEvent } from '../answer/events.js';
import { linkContinuations } from '../ingest/continuations.js';
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
  /** BM25 over whole articles (summed from the chunk postings), for article-level ranking. */
  articleLexical: LexicalIndex;
  /** Chunk position of each HNSW label. */
  positionsByLabel: Int32Array;
  /** Events by (linked) article id. */
  events: Map<string, ActivityEvent[]>;
  /** For linked articles: where each part's text starts in the article's `text`, in part order. */
  partStarts: Map<string, number[]>;
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
  const events = new Map<string, ActivityEvent[]>();
  for (const page of store.pages) {
    for (const e of page.events ?? []) {
      const id = alias.get(e.articleId) ?? e.articleId;
      events.set(id, [...(events.get(id) ?? []), { ...e, articleId: id }]);
    }
  }
  const articleIndex = new Map(articles.map((a, i) => [a.id, i]));
  const group = chunks.map((c) => articleIndex.get(c.articleId) ?? -1);
  const articleLexical = store.lexical.aggregate(group);
  return { store, articles: new Map(articles.map((a) => [a.id, a])), articleList: articles, articleLexical, positionsByLabel: positionsByLabel(store.labels), chunks, papers, dates, partStarts, events };
}
