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

/** What one search returns: the ranked articles and the passages shown for them. */
export interface SearchResult {
  articles: ArticleHit[];
  /**
   * Chunks in the order of the article ranking: the best chunk of the best article, then the best chunk of the
   * next article, and so on; further chunks of already listed articles follow, best first. `score` falls with rank.
   */
  passages: ChunkHit[];
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

  /** Ranked articles, and `passages` chunks that follow the article ranking (see SearchResult). */
  async search(analysis: QueryAnalysis, options: { articles?: number; passages?: number } = {}): Promise<SearchResult> {
    const passageCount = options.passages ?? 8;
    const articles = await this.searchArticles(analysis, Math.max(options.articles ?? 10, passageCount));
    const { chunks } = this.catalog;
    // Articles ranked by whole-article BM25 may have no chunk among the chunk hits: take their best chunk by BM25.
    const missing = articles.slice(0, passageCount).filter((a) => a.chunks.length === 0);
    if (missing.length) {
      const wanted = new Set(missing.map((a) => a.article.id));
      const lexical = this.catalog.store.lexical;
      const terms = lexicalQuery(analysis, (t) => lexical.docFreq(t), this.options.bigramWeight, this.options.wordWeight);
      const hits = lexical.search(terms, 1000, (i) => wanted.has(chunks[i]?.articleId));
      for (const a of missing) {
        const best = hits.find((h) => chunks[h.doc].articleId === a.article.id);
        const index = best?.doc ?? chunks.findIndex((c) => c.articleId === a.article.id);
        if (index >= 0) a.chunks = [{ index, chunk: chunks[index], score: 0 }];
      }
    }
    const top = articles[0]?.score || 1;
    const passages: ChunkHit[] = [];
    const used = new Set<number>();
    for (const a of articles) {
      if (passages.length >= passageCount) break;
      const best = a.chunks[0];
      if (!best || used.has(best.index)) continue;
      used.add(best.index);
      passages.push({ ...best, score: a.score / top });
    }
    const rest = articles.flatMap((a) => a.chunks.slice(1).map((c) => ({ c, articleScore: a.score / top })))
      .sort((x, y) => y.c.score - x.c.score);
    let floor = passages[passages.length - 1]?.score ?? 1;
    for (const { c } of rest) {
      if (passages.length >= passageCount) break;
      if (used.has(c.index)) continue;
      used.add(c.index);
      floor *= 0.9;
      passages.push({ ...c, score: floor });
    }
    return { articles: articles.slice(0, options.articles ?? 10), passages };
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
