// The project's retrieval over plain passages (for benchmarks): the same chunking, embedder, BM25, HNSW and fusion.
import type { Article } from '../domain.js';
import { chunkArticle, type ChunkOptions } from '../chunk/chunk-article.js';
import { createEmbeddings } from '../embed/create-embeddings.js';
import { chunkTerms, embeddingText } from '../vectorstore/build-index.js';
import { defaultHnswParams } from '../vectorstore/hnsw-params.js';
import { LexicalIndex } from '../vectorstore/lexical.js';
import { buildHnsw, INDEX_FORMAT, INDEX_VERSION, type StoreData } from '../vectorstore/store.js';
import { buildCatalog } from './catalog.js';
import { HybridSearcher, type HybridOptions } from './hybrid.js';
import { analyzeQuery } from './query.js';

export interface PassageIndexOptions extends HybridOptions {
  /** `hash` (default) or a transformers.js model id / folder. */
  embeddings?: string;
  modelsDir?: string;
  /** Chunking of each passage. Default: the archive's chunking. */
  chunk?: ChunkOptions;
}

/**
 * Indexes passages as one-page articles and returns a search that ranks passage ids, best first.
 * @example const index = await buildPassageIndex([{ id: 'p1', title: '标题', text: '正文' }]); await index.search('问题', 5)
 */
export async function buildPassageIndex(
  passages: Array<{ id: string; title: string; text: string }>,
  options: PassageIndexOptions = {},
): Promise<{ search(question: string, k: number): Promise<Array<{ id: string; score: number }>> }> {
  const { embeddings } = await createEmbeddings({
    model: options.embeddings ?? 'hash', modelsDir: options.modelsDir ?? 'models', allowRemote: false, log: () => {},
  });
  const articles: Article[] = passages.map((p) => ({
    id: p.id, source: p.id, paper: null, date: null, issue: null, page: null, title: p.title, kicker: null, subtitle: null,
    column: null, byline: null, kind: 'news', text: p.text,
    parts: [{ source: p.id, paper: null, date: null, issue: null, page: null, start: 0, end: p.text.length }],
    pages: [], continuedTo: null, continuedFrom: null, joins: [],
  }));
  const chunks = articles.flatMap((a) => chunkArticle(a, options.chunk));
  const lexical = new LexicalIndex();
  chunks.forEach((c, i) => lexical.add(i, chunkTerms(c)));
  const vecs = await embeddings.embedDocuments(chunks.map(embeddingText));
  const dims = vecs[0]?.length ?? 0;
  const vectors = new Float32Array(chunks.length * dims);
  vecs.forEach((v, i) => vectors.set(v, i * dims));
  const params = defaultHnswParams();
  const store: StoreData = {
    manifest: {
      format: INDEX_FORMAT, version: INDEX_VERSION, embedder: { id: embeddings.id, dimensions: dims, fallback: false }, hnsw: params,
      counts: { files: articles.length, articles: articles.length, chunks: chunks.length }, files: {}, skipped: [], builtAt: '', buildSeconds: 0,
      hnswLabels: { next: chunks.length, deleted: 0 },
    },
    pages: articles.map((a, i) => ({ source: a.source, hash: '', contentHash: '', encoding: 'utf-8', meta: { paper: null, date: null, issue: null, page: null, pageName: null, pageCount: null }, masthead: false, articles: [a], events: [], chunkStart: i, chunkCount: 0 })),
    chunks, vectors, lexical, hnsw: buildHnsw(vectors, dims, params), labels: new Int32Array(chunks.length).map((_, i) => i),
  };
  const searcher = new HybridSearcher(buildCatalog(store), embeddings, options);
  return {
    async search(question: string, k: number) {
      const hits = await searcher.searchArticles(analyzeQuery(question), k);
      return hits.map((h) => ({ id: h.article.id, score: h.score }));
    },
  };
}
