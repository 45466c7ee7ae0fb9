// Hybrid retrieval: BM25 over words and bigrams plus dense vectors, fused by reciprocal rank, grouped per article.
import type { Embeddings } from '@langchain/core/embeddings';
import type { Article, Chunk } from '../domain.js';
import { remembered, type Catalog } from './catalog.js';
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
  /**
   * Weight of a search-mode piece of a longer word of the question (负责 of 负责人), against wordWeight. Default 0.7
   * (dev sets through searcher.search: DRCD dev R@1 0.9526 → 0.9537; 0.6 and 0.8 gave 0.9535 and 0.9532).
   */
  subwordWeight?: number;
  /** Weight of whole-article BM25 when ranking articles, against the chunk-level ranking (weight 1). Default 3 (CMRC 2018 / DRCD dev). */
  articleWeight?: number;
  /** Weights of the RANKING_FEATURES in the article ranking. */
  ranker?: readonly number[];
  /**
   * Candidates the ranker scores (the best by the reciprocal-rank fusion of the three lists). Default 16: 24 ranked
   * the same on every dev set, and each candidate's first reading (its sentences' search forms) is the dearest step.
   */
  rerankDepth?: number;
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

/**
 * Weights of the RANKING_FEATURES fitted by bench/fit-ranker.ts on the bench dev sets; the fit writes them to
 * bench/ranker-weights.json, and a test (test/retrieve/ranker-weights.test.ts) fails until they are copied here.
 */
export const FITTED_RANKER: readonly number[] = Object.freeze([0.379,  1.366,  -0.831,  -0.313,  -0.006,  0.607,  0.778,  0.223,  0.476,  0.197,  0.475]);

/** The ranker a search uses unless given another: {@link FITTED_RANKER}. */
export function defaultRanker(): readonly number[] {
  return FITTED_RANKER;
}

/** Query terms for BM25: content words and their bigrams, plus OCR look-alike spellings of words the index lacks. */
export function lexicalQuery(analysis: QueryAnalysis, df: (term: string) => number, bigramWeight = 0.6, wordWeight = 1, subwordWeight = 1): Array<{ term: string; weight: number }> {
  const terms: Array<{ term: string; weight: number }> = [];
  for (const w of analysis.words) {
    // Search-mode pieces of a longer word of the question (负责 and 责人 of 负责人) weigh less: one word, not three.
    const piece = analysis.words.some((x) => x !== w && x.includes(w));
    if (wordWeight > 0) terms.push({ term: w, weight: piece ? wordWeight * subwordWeight : wordWeight });
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

/** A line's letters and digits only (no spaces, no punctuation), when long enough to single out an article. */
function exactLine(form: string): string | null {
  const core = form.replace(/[\s\p{P}\p{S}]/gu, '');
  return [...core].length >= 4 ? core : null;
}

/**
 * What the ranker weighs for a candidate article, in this order (each in [0, 1]): its reciprocal rank in the chunk
 * ranking (chunks grouped by article), in whole-article BM25 and in whole-page BM25 (its page's rank), the three
 * scores relative to the best of each list, the idf-weighted share of the question's bigrams printed in its best
 * window of three sentences, the share printed in its headline, the best cosine of its chunks' vectors with the question's, and the
 * share of its headline's bigrams the question prints, and its best line match (see bestLineMatch).
 */
export const RANKING_FEATURES = [
  'chunkRank', 'articleRank', 'pageRank', 'chunkScore', 'articleScore', 'pageScore', 'window', 'headline', 'dense',
  'headlineInQuestion', 'lineMatch',
] as const;

/** Lines up to this many characters are the ones a question may match as a headline or cross-head. */
const SHORT_LINE = 40;

/** The lines of an article as the line features read them: bigram sets of its short lines, every line's core. */
interface ArticleLines {
  /** Bigrams of each short line (the head first); empty for longer lines. */
  grams: Array<Set<string>>;
  /** Each line without spaces, punctuation or symbols (see exactLine), or null when shorter than four characters. */
  cores: Array<string | null>;
}

function linesOf(sentences: readonly string[]): ArticleLines {
  return {
    grams: sentences.map((line) => ([...line].length > SHORT_LINE ? new Set<string>() : new Set(bigrams(line)))),
    cores: sentences.map(exactLine),
  };
}

/**
 * How well the question matches the article's headline or one of its short lines (a cross-head, or a headline the
 * ingester read as one): the harmonic mean of the two bigram shares, best over those lines.
 */
function bestLineMatch(lines: ArticleLines, question: string): number {
  const q = new Set(bigrams(question));
  if (!q.size) return 0;
  let best = 0;
  for (const grams of lines.grams) {
    if (!grams.size) continue;
    let shared = 0;
    for (const g of grams) if (q.has(g)) shared++;
    if (!shared) continue;
    const f = (2 * shared) / (grams.size + q.size);
    if (f > best) best = f;
  }
  return best;
}

/** The share of a headline's bigrams the question prints: 1 when a reporter types the headline itself. */
function headlineInQuestion(titleForm: string, question: string): number {
  const grams = bigrams(titleForm);
  if (!grams.length) return 0;
  return grams.filter((g) => question.includes(g)).length / grams.length;
}

/** The best cosine between the question's vector and the vectors of an article's chunks (vectors are unit length). */
function bestCosine(catalog: Catalog, article: number, q: number[]): number {
  const dims = q.length;
  let best = 0;
  for (const id of catalog.chunksOf(article)) {
    const v = catalog.store.vector(id);
    if (!v) continue;
    let dot = 0;
    for (let d = 0; d < dims; d++) dot += v[d] * q[d];
    if (dot > best) best = dot;
  }
  return best;
}

export interface RankingCandidate {
  /** Position in `catalog.articleList`. */
  index: number;
  features: number[];
}

/** The question's bigrams with their idf (bigrams across words too: names jieba cuts differently). */
function questionBigrams(analysis: QueryAnalysis, idf: (g: string) => number): Array<{ g: string; w: number }> {
  const all = new Set(analysis.words.flatMap((w) => bigrams(w)).concat(bigrams(analysis.words.join(''))));
  return [...all].map((g) => ({ g, w: idf(g) })).filter((x) => x.w > 0);
}

function windowCoverage(sentences: readonly string[], grams: ReadonlyArray<{ g: string; w: number }>): number {
  const total = grams.reduce((a, x) => a + x.w, 0);
  if (!total) return 0;
  // Which bigrams each text sentence prints (no bigram spans a sentence end: sentences end in punctuation or a
  // newline), then the windows read from those.
  const n = sentences.length;
  const g = grams.length;
  const printed = new Uint8Array(n * g);
  for (let i = 1; i < n; i++) for (let k = 0; k < g; k++) if (sentences[i].includes(grams[k].g)) printed[i * g + k] = 1;
  let best = 0;
  for (let i = 1; i < n; i++) {
    let have = 0;
    for (let k = 0; k < g; k++) {
      if (printed[i * g + k] || (i > 1 && printed[(i - 1) * g + k]) || (i + 1 < n && printed[(i + 1) * g + k])) have += grams[k].w;
    }
    if (have > best) best = have;
  }
  return best / total;
}

function titleCoverage(title: string, grams: ReadonlyArray<{ g: string; w: number }>): number {
  const total = grams.reduce((a, x) => a + x.w, 0);
  if (!total) return 0;
  let have = 0;
  for (const x of grams) if (title.includes(x.g)) have += x.w;
  return have / total;
}

/** Whether a page belongs to one of the papers. */
function pagePaperIn(catalog: Catalog, source: string, papers: readonly string[]): boolean {
  const page = catalog.store.pages.find((p) => p.source === source);
  return !!page && papers.includes(page.meta.paper ?? '');
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
      subwordWeight: options.subwordWeight ?? 0.7,
      articleWeight: options.articleWeight ?? 3,
      ranker: options.ranker ?? defaultRanker(),
      rerankDepth: options.rerankDepth ?? 16,
    };
  }

  /** Ranked chunks for a question, best first. */
  async searchChunks(analysis: QueryAnalysis, limit = 40): Promise<ChunkHit[]> {
    const { store } = this.catalog;
    const n = store.chunkCount;
    if (n === 0) return [];
    const lexical = this.catalog.chunkLexical;
    const allowPaper = analysis.papers.length
      ? (i: number) => analysis.papers.includes(this.catalog.chunkPaper(i) ?? '')
      : undefined;
    const lexHits = lexical.search(lexicalQuery(analysis, (t) => lexical.docFreq(t), this.options.bigramWeight, this.options.wordWeight, this.options.subwordWeight), this.options.candidates, allowPaper);
    const lists = [{ ids: lexHits.map((h) => h.doc), weight: this.options.lexicalWeight }];
    if (this.embeddings && store.hasVectors) {
      const vector = await this.embeddings.embedQuery(analysis.question);
      const { ids } = await store.nearest(vector, Math.min(this.options.candidates, n), allowPaper);
      lists.push({ ids, weight: this.options.denseWeight });
    }
    const fused = reciprocalRankFusion(lists, this.options.rrfK);
    // Dates in the question: the event date printed in the text, or the issue that reported it (same or next day).
    if (analysis.dates.length) {
      const maxBoost = 0.5 / (this.options.rrfK + 1);
      for (const [id, score] of fused) {
        const text = this.catalog.chunkForm(id);
        const hit = mentionsDate(text, analysis.dates) || issueReports(this.catalog.chunkDate(id), analysis.dates);
        if (hit) fused.set(id, score + maxBoost);
      }
    }
    return [...fused]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, limit)
      .map(([index, score]) => ({ index, chunk: this.catalog.chunk(index), score }))
      .filter((h): h is ChunkHit => !!h.chunk);
  }

  /** Ranked articles, and `passages` chunks that follow the article ranking (see SearchResult). */
  async search(analysis: QueryAnalysis, options: { articles?: number; passages?: number } = {}): Promise<SearchResult> {
    const passageCount = options.passages ?? 8;
    const articles = await this.searchArticles(analysis, Math.max(options.articles ?? 10, passageCount));
    const { catalog } = this;
    // Articles ranked by whole-article BM25 may have no chunk among the chunk hits: take their best chunk by BM25.
    const missing = articles.slice(0, passageCount).filter((a) => a.chunks.length === 0);
    if (missing.length) {
      const wanted = new Set(missing.map((a) => catalog.articlePosition(a.article.id) ?? -1));
      const lexical = catalog.chunkLexical;
      const terms = lexicalQuery(analysis, (t) => lexical.docFreq(t), this.options.bigramWeight, this.options.wordWeight, this.options.subwordWeight);
      const hits = lexical.search(terms, 1000, (i) => wanted.has(catalog.chunkArticle[i]));
      for (const a of missing) {
        const at = catalog.articlePosition(a.article.id) ?? -1;
        const index = hits.find((h) => catalog.chunkArticle[h.doc] === at)?.doc ?? catalog.chunksOf(at)[0] ?? -1;
        const chunk = index >= 0 ? catalog.chunk(index) : undefined;
        if (chunk) a.chunks = [{ index, chunk, score: 0 }];
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
    const { candidates, groups } = await this.rankingFeatures(analysis);
    const w = this.options.ranker;
    const ranked = candidates
      .map((c) => ({ c, score: c.features.reduce((sum, f, k) => sum + f * (w[k] ?? 0), 0) }))
      .sort((x, y) => y.score - x.score || x.c.index - y.c.index);
    // A question that is a line printed in an article — a headline or cross-head typed or pasted as it stands — is
    // answered by that article first, whatever the ranker thinks of the words.
    const exact = exactLine(analysis.searchForm);
    const printedAt = exact ? ranked.findIndex(({ c }) => this.printsLine(c.index, exact)) : -1;
    if (printedAt > 0) ranked.unshift({ ...ranked.splice(printedAt, 1)[0], score: ranked[0].score + 1e-6 });
    return ranked
      .slice(0, limit)
      .map(({ c, score }) => {
        const article = this.catalog.articleAt(c.index)!;
        return { article, score, chunks: groups.get(article.id)?.chunks ?? [] };
      });
  }

  /** Whether an article prints the line (headline, kicker, subtitle, or a line of its text) exactly. */
  private printsLine(i: number, line: string): boolean {
    if (!this.catalog.articleAt(i)) return false;
    // The head's search form (the first of the sentence forms) joins kicker, headline and subtitle (and a two-line
    // headline) with spaces: any run of its parts may be what was typed.
    const parts = (this.catalog.sentenceForms(i)[0] ?? '').split(' ');
    for (let from = 0; from < parts.length; from++) {
      for (let to = from + 1; to <= parts.length; to++) if (exactLine(parts.slice(from, to).join('')) === line) return true;
    }
    const { cores } = this.lines(i);
    return this.catalog.sentenceForms(i).some((f, k) => f.length <= 2 * line.length + 8 && cores[k] === line);
  }

  /** The line features' view of article `i`, computed once per article. */
  private readonly lines = remembered(20_000, (i: number) => linesOf(this.catalog.sentenceForms(i)));

  /**
   * The candidate articles of a question — those the chunk ranking, whole-article BM25 or whole-page BM25 put in
   * their first `candidates` — each with the features the ranker weighs (see RANKING_FEATURES).
   */
  async rankingFeatures(analysis: QueryAnalysis): Promise<{ candidates: RankingCandidate[]; groups: Map<string, ArticleHit> }> {
    const hits = await this.searchChunks(analysis, 60);
    const groups = new Map<string, ArticleHit>();
    for (const h of hits) {
      const article = this.catalog.article(h.chunk.articleId);
      if (!article) continue;
      let g = groups.get(article.id);
      if (!g) { g = { article, score: 0, chunks: [] }; groups.set(article.id, g); }
      g.chunks.push(h);
    }
    for (const g of groups.values()) {
      const s = g.chunks.map((c) => c.score).sort((a, b) => b - a);
      g.score = s[0] + 0.25 * (s[1] ?? 0);
    }
    const { articleLexical, pageLexical, pageList, pageIndex } = this.catalog;
    const byChunks = [...groups.values()].sort((a, b) => b.score - a.score);
    const allowPaper = analysis.papers.length ? (i: number) => analysis.papers.includes(this.catalog.articlePaper(i) ?? '') : undefined;
    const terms = lexicalQuery(analysis, (t) => articleLexical.docFreq(t), this.options.bigramWeight, this.options.wordWeight, this.options.subwordWeight);
    const byArticle = articleLexical.search(terms, this.options.candidates, allowPaper);
    const allowPage = analysis.papers.length ? (i: number) => pagePaperIn(this.catalog, pageList[i], analysis.papers) : undefined;
    const pageTerms = lexicalQuery(analysis, (t) => pageLexical.docFreq(t), this.options.bigramWeight, this.options.wordWeight, this.options.subwordWeight);
    const byPage = pageLexical.search(pageTerms, this.options.candidates, allowPage);
    const queryVector = this.embeddings && this.catalog.store.hasVectors ? await this.embeddings.embedQuery(analysis.question) : null;

    const chunkRank = new Map(byChunks.map((g, r) => [this.catalog.articlePosition(g.article.id) ?? -1, { r, s: g.score }]));
    const articleRank = new Map(byArticle.map((h, r) => [h.doc, { r, s: h.score }]));
    const pageRank = new Map(byPage.map((h, r) => [h.doc, { r, s: h.score }]));
    const pool = new Set<number>([...chunkRank.keys(), ...articleRank.keys()].filter((i) => i >= 0));
    // Articles of the best pages join the pool by their best chunk, through the article list when they are in it.
    const top = { chunk: byChunks[0]?.score || 1, article: byArticle[0]?.score || 1, page: byPage[0]?.score || 1 };
    const grams = questionBigrams(analysis, (g) => (articleLexical.docFreq('#' + g) > 0 ? articleLexical.idf('#' + g) : 0));
    const k = this.options.rrfK;
    // Cheap features first; the dearer ones (sentences, vectors) only for the best `rerankDepth` by the cheap fusion.
    const cheap = [...pool].map((i) => {
      const c = chunkRank.get(i);
      const ar = articleRank.get(i);
      let pr: { r: number; s: number } | undefined;
      for (const part of this.catalog.articleAt(i)?.parts ?? []) {
        const p = pageRank.get(pageIndex.get(part.source) ?? -1);
        if (p && (!pr || p.r < pr.r)) pr = p;
      }
      const rrf = (x?: { r: number }) => (x ? (k + 1) / (k + x.r + 1) : 0);
      return { i, c, ar, pr, prior: rrf(c) + 3 * rrf(ar) + rrf(pr) };
    }).filter((x) => this.catalog.articleAt(x.i)).sort((x, y) => y.prior - x.prior || x.i - y.i).slice(0, this.options.rerankDepth);
    const candidates: RankingCandidate[] = [];
    for (const { i, c, ar, pr } of cheap) {
      const sentences = this.catalog.sentenceForms(i);
      candidates.push({
        index: i,
        features: [
          c ? (k + 1) / (k + c.r + 1) : 0,
          ar ? (k + 1) / (k + ar.r + 1) : 0,
          pr ? (k + 1) / (k + pr.r + 1) : 0,
          c ? c.s / top.chunk : 0,
          ar ? ar.s / top.article : 0,
          pr ? pr.s / top.page : 0,
          windowCoverage(sentences, grams),
          titleCoverage(sentences[0] ?? '', grams),
          queryVector ? bestCosine(this.catalog, i, queryVector) : 0,
          headlineInQuestion(this.catalog.titleForm(i), analysis.searchForm),
          bestLineMatch(this.lines(i), analysis.searchForm),
        ],
      });
    }
    return { candidates, groups };
  }

}
