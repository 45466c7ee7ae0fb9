// Hybrid retrieval: BM25 over words and bigrams plus dense vectors, fused by reciprocal rank, grouped per article.
import type { Embeddings } from '@langchain/core/embeddings';
import type { Article, Chunk } from '../domain.js';
import { toSearchForm } from '../text/search-form.js';
import type { Catalog } from './catalog.js';
import { ocrVariants } from './confusables.js';
import type { QueryAnalysis } from './query.js';
import { bigrams } from '../text/search-form.js';
import { issueReports, mentionsDate } from './date-match.js';

export interface HybridOptions {
  /** Candidates taken from each retriever before fusion. Default 60. */
  candidates?: number;
  /** RRF constant. Default 20 (a sharper fusion than the usual 60 measured better on the dev sets). */
  rrfK?: number;
  /** Weight of the lexical list in the fusion. Default 1. */
  lexicalWeight?: number;
  /** Weight of the dense list in the fusion. Default 0.4 (the no-weights embedder is a noisier lexical signal). */
  denseWeight?: number;
  /** Weight of character bigrams relative to words in BM25. Default 0.6. */
  bigramWeight?: number;
  /** Weight of jieba words in BM25. Default 1. */
  wordWeight?: number;
  /** Weight of whole-article BM25 when ranking articles, against the chunk-level ranking (weight 1). Default 3 (CMRC 2018 / DRCD dev). */
  articleWeight?: number;
}

export interface ChunkHit {
  index: number;
  chunk: Chunk;
  score: number;
}

export interface ArticleHit {
  article: Article;
  score: number;
  chunks: ChunkHit[];
}

/** Reciprocal rank fusion of ranked id lists. */
export function reciprocalRankFusion(lists: Array<{ ids: number[]; weight: number }>, k = 60): Map<number, number> {
  const scores = new Map<number, number>();
  for (const { ids, weight } of lists) {
    ids.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + weight / (k + rank + 1)));
  }
  return scores;
}

/** Query terms for BM25: content words and their bigrams, plus OCR look-alike spellings of words the index lacks. */
export function lexicalQuery(analysis: QueryAnalysis, df: (term: string) => number, bigramWeight = 0.6, wordWeight = 1): Array<{ term: string; weight: number }> {
  const terms: Array<{ term: string; weight: number }> = [];
  for (const w of analysis.words) {
    if (wordWeight > 0) terms.push({ term: w, weight: wordWeight });
    if ([...w].length >= 2 && df(w) === 0) {
      for (const v of ocrVariants(w)) if (df(v) > 0) terms.push({ term: v, weight: 0.9 });
    }
  }
  const grams = new Set<string>();
  for (const w of analysis.words) for (const g of bigrams(w)) grams.add(g);
  // Bigrams across neighbouring words catch names jieba split differently in the text.
  for (const g of bigrams(analysis.words.join(''))) grams.add(g);
  for (const g of grams) {
    terms.push({ term: '#' + g, weight: bigramWeight });
    if (df('#' + g) === 0) for (const v of ocrVariants(g, 4)) if (df('#' + v) > 0) terms.push({ term: '#' + v, weight: bigramWeight * 0.9 });
  }
  return terms;
}

/** Searches a catalog. The embeddings must be the ones the index was built with (or null: lexical only). */
export class HybridSearcher {
  private readonly options: Required<HybridOptions>;

  constructor(
    private readonly catalog: Catalog,
    private readonly embeddings: Embeddings | null,
    options: HybridOptions = {},
  ) {
    this.options = {
      candidates: options.candidates ?? 60,
      rrfK: options.rrfK ?? 20,
      lexicalWeight: options.lexicalWeight ?? 1,
      denseWeight: options.denseWeight ?? 0.4,
      bigramWeight: options.bigramWeight ?? 0.6,
      wordWeight: options.wordWeight ?? 1,
      articleWeight: options.articleWeight ?? 3,
    };
  }

  /** Ranked chunks for a question, best first. */
  async searchChunks(analysis: QueryAnalysis, limit = 40): Promise<ChunkHit[]> {
    const { store, chunks } = this.catalog;
    const n = chunks.length;
    if (n === 0) return [];
    const lexical = store.lexical;
    const allowPaper = analysis.papers.length
      ? (i: number) => analysis.papers.includes(chunks[i].paper ?? '')
      : undefined;
    const lexHits = lexical.search(lexicalQuery(analysis, (t) => lexical.docFreq(t), this.options.bigramWeight, this.options.wordWeight), this.options.candidates, allowPaper);
    const lists = [{ ids: lexHits.map((h) => h.doc), weight: this.options.lexicalWeight }];
    if (this.embeddings && store.hnsw) {
      const vector = await this.embeddings.embedQuery(analysis.question);
      const k = Math.min(this.options.candidates, n);
      const byLabel = this.catalog.positionsByLabel;
      const res = allowPaper ? store.hnsw.searchKnn(vector, k, (label: number) => allowPaper(byLabel[label] ?? -1)) : store.hnsw.searchKnn(vector, k);
      lists.push({ ids: res.neighbors.map((label) => byLabel[label] ?? -1).filter((pos) => pos >= 0), weight: this.options.denseWeight });
    }
    const fused = reciprocalRankFusion(lists, this.options.rrfK);
    // Dates in the question: the event date printed in the text, or the issue that reported it (same or next day).
    if (analysis.dates.length) {
      const maxBoost = 0.5 / (this.options.rrfK + 1);
      for (const [id, score] of fused) {
        const c = chunks[id];
        const text = toSearchForm(c.text);
        const hit = mentionsDate(text, analysis.dates) || issueReports(c.date, analysis.dates);
        if (hit) fused.set(id, score + maxBoost);
      }
    }
    return [...fused]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, limit)
      .map(([index, score]) => ({ index, chunk: chunks[index], score }));
  }

  /**
   * Articles ranked by fusing two views: their best chunks (a second matching chunk adds a little) and BM25 over the
   * whole article, which rewards an article that answers with several of its sentences.
   */
  async searchArticles(analysis: QueryAnalysis, limit = 10): Promise<ArticleHit[]> {
    const hits = await this.searchChunks(analysis, 60);
    const groups = new Map<string, ArticleHit>();
    for (const h of hits) {
      const article = this.catalog.articles.get(h.chunk.articleId);
      if (!article) continue;
      let g = groups.get(article.id);
      if (!g) { g = { article, score: 0, chunks: [] }; groups.set(article.id, g); }
      g.chunks.push(h);
    }
    for (const g of groups.values()) {
      const s = g.chunks.map((c) => c.score).sort((a, b) => b - a);
      g.score = s[0] + 0.25 * (s[1] ?? 0);
    }
    const byChunks = [...groups.values()].sort((a, b) => b.score - a.score);
    const { articleList, articleLexical } = this.catalog;
    const allowPaper = analysis.papers.length ? (i: number) => analysis.papers.includes(articleList[i].paper ?? '') : undefined;
    const terms = lexicalQuery(analysis, (t) => articleLexical.docFreq(t), this.options.bigramWeight, this.options.wordWeight);
    const byArticle = articleLexical.search(terms, this.options.candidates, allowPaper);
    const index = new Map(articleList.map((a, i) => [a.id, i]));
    const fused = reciprocalRankFusion([
      { ids: byChunks.map((g) => index.get(g.article.id) ?? -1), weight: 1 },
      { ids: byArticle.map((h) => h.doc), weight: this.options.articleWeight },
    ], this.options.rrfK);
    return [...fused]
      .filter(([i]) => i >= 0)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, limit)
      .map(([i, score]) => {
        const article = articleList[i];
        return { article, score, chunks: groups.get(article.id)?.chunks ?? [] };
      });
  }
}
