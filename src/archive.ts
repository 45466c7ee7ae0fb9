// The archive service: loads the index, answers questions, builds digests, and hot-reloads after `npm run index`.
import { stderrLog } from './log.js';
import fs from 'node:fs';
import path from 'node:path';
import type { Embeddings } from '@langchain/core/embeddings';
import type { BaseRetriever } from '@langchain/core/retrievers';
import type { Config } from './config.js';
import type { ArchiveService, ArchiveStats, Article, AskResult, Citation, Digest, PageMeta, Passage } from './domain.js';
import { answerExtractively, type AnswerContext, type ExtractiveAnswer } from './answer/extractive.js';
import { refusal } from './answer/compose.js';
import { eventsOfArticle } from './answer/events.js';
import { answerWithFallback, answerWithLlm } from './answer/llm-answer.js';
import { maskArticle, maskAskResult, maskDigest, maskIdentifiers } from './answer/privacy.js';
import { splitSentences } from './text/sentences.js';
import { answerPageListing } from './answer/page-listing.js';
import { buildDigest } from './digest/digest.js';
import { createEmbeddings } from './embed/create-embeddings.js';
import { buildCatalog, type Catalog } from './retrieve/catalog.js';
import { HybridSearcher, type ArticleHit } from './retrieve/hybrid.js';
import { ArchiveRetriever, type PassageMetadata } from './retrieve/langchain-retriever.js';
import { analyzeQuery, type QueryAnalysis } from './retrieve/query.js';
import { findPersons } from './text/persons.js';
import { dictionaryIdf } from './embed/hash-embeddings.js';
import { toSearchForm } from './text/search-form.js';
import { buildIndex } from './vectorstore/build-index.js';
import { CURRENT_FILE, currentGeneration, liveVersion } from './vectorstore/generations.js';
import { StoreReader } from './vectorstore/store.js';

/** Most passages one answer returns (`--k` above it is capped). */
export const MAX_PASSAGES = 50;

export interface Archive extends ArchiveService {
  /** Loads the live generation if it changed; true when a new one was loaded. */
  reload(): Promise<boolean>;
  close(): void;
  readonly indexDir: string;
  /**
   * The passages `ask` retrieves, as a LangChain retriever over the index served when it is invoked (it follows hot
   * reloads); text and headlines masked as in `ask`. `k` passages (default 8, at most MAX_PASSAGES).
   */
  retriever(options?: { k?: number }): BaseRetriever<PassageMetadata>;
}

export interface OpenArchiveOptions {
  log?: (line: string) => void;
  /** Watch the index for new generations and swap them in. Default true. */
  watch?: boolean;
  /** Build the index from config.inputDir when there is none. Default true. */
  buildIfMissing?: boolean;
}

interface Loaded {
  generation: string;
  catalog: Catalog;
  searcher: HybridSearcher;
  embedder: string;
  fallback: boolean;
}

/** Embeddings matching the ones an index was built with, or null (lexical only) when they cannot be had. */
async function embeddingsFor(embedderId: string, config: Readonly<Config>, log: (l: string) => void): Promise<Embeddings | null> {
  const model = embedderId.startsWith('transformers:') ? embedderId.slice('transformers:'.length) : 'hash';
  const { embeddings, fallback } = await createEmbeddings({ model, modelsDir: config.modelsDir, allowRemote: config.allowRemoteModels, log });
  if (embeddings.id !== embedderId || (fallback && model !== 'hash')) {
    log(`index was built with ${embedderId} but only ${embeddings.id} is available: dense search is off (vectors are never mixed); run \`npm run index\` to rebuild`);
    return null;
  }
  return embeddings;
}

async function load(indexDir: string, config: Readonly<Config>, log: (l: string) => void): Promise<Loaded> {
  const generation = liveVersion(indexDir) ?? '';
  const store = StoreReader.open(indexDir);
  let catalog: Catalog;
  try {
    catalog = buildCatalog(store);
  } catch (error) {
    store.close();
    throw error;
  }
  // The vector graph loads in the background while the first question is read.
  void store.graph().catch(() => undefined);
  const embeddings = await embeddingsFor(store.manifest.embedder.id, config, log);
  return {
    generation, catalog,
    searcher: new HybridSearcher(catalog, embeddings),
    embedder: store.manifest.embedder.id,
    fallback: store.manifest.embedder.fallback,
  };
}

/**
 * The served index, loaded: built from config.inputDir first when there is none (and `mayBuild`), and rebuilt when the
 * one there cannot be served (left by an older version of the program, or damaged).
 */
async function loadOrBuild(config: Readonly<Config>, mayBuild: boolean, log: (l: string) => void): Promise<Loaded> {
  const indexDir = config.indexDir;
  /** Builds the index from the input folder; `why` is the log line's beginning, up to "…from". */
  const build = async (why: string): Promise<void> => {
    log(`${why} ${config.inputDir}`);
    const summary = await buildIndex({ inputDir: config.inputDir, outDir: indexDir, config, log });
    log(`index built: ${summary.files} files, ${summary.articles} articles, ${summary.chunks} chunks in ${summary.seconds.toFixed(1)} s`);
  };
  if (!currentGeneration(indexDir) && mayBuild) await build(`no index in ${indexDir}: building it from`);
  try {
    return await load(indexDir, config, log);
  } catch (error) {
    if (!mayBuild || !currentGeneration(indexDir)) throw error;
    await build(`index in ${indexDir} cannot be served (${(error as Error).message.split(' — ')[0]}): rebuilding it from`);
    return load(indexDir, config, log);
  }
}

/** Loads jieba's dictionaries and the word idf table now, so the first question is as fast as the rest. */
async function warmUp(state: Loaded): Promise<void> {
  // Neutral text (no name or place of any paper): it only has to make jieba and the idf table load.
  await state.searcher.searchChunks(analyzeQuery('市委书记调研重点项目建设'), 1);
  findPersons('市委书记调研重点项目建设');
  dictionaryIdf('调研');
}

/** The printed part (page) of an article that holds the character at `offset` of its joined text. */
function partOf(catalog: Catalog, article: Article, offset: number) {
  const starts = catalog.partStarts.get(article.id);
  if (!starts || article.parts.length === 1) return article.parts[0];
  let idx = 0;
  for (let i = 0; i < starts.length; i++) if (offset >= starts[i]) idx = i;
  return article.parts[Math.min(idx, article.parts.length - 1)];
}

/**
 * The LLM's answer from the first five retrieved articles, its citations renumbered 1..m in order of use, each with
 * the best verbatim sentence of its article as the quote.
 */
async function answerByLlm(
  question: string, analysis: QueryAnalysis, hits: ArticleHit[], catalog: Catalog, llm: NonNullable<Config['llm']>,
): Promise<ExtractiveAnswer> {
  const given = hits.slice(0, 5);
  const out = await answerWithLlm({
    question,
    passages: given.map((h, i) => ({
      n: i + 1, title: h.article.title, paper: h.article.paper, date: h.article.date, page: h.article.page,
      text: h.chunks.slice(0, 3).map((c) => c.chunk.text).join('\n'),
    })),
  }, llm);
  if (!out.found) return refusal({ papers: catalog.papers, dates: catalog.dates });
  const renumber = new Map(out.cited.map((n, i) => [n, i + 1]));
  const citations = out.cited.map((n) => {
    const hit = given[n - 1];
    const sentence = bestSentence(hit.article.text, analysis.words);
    const part = partOf(catalog, hit.article, sentence.start);
    return { n: renumber.get(n)!, source: part.source, paper: part.paper, date: part.date, issue: part.issue, page: part.page, title: hit.article.title, quote: sentence.text, articleId: hit.article.id } satisfies Citation;
  });
  const answer = out.answer.replace(/\[(\d+)\]/g, (_m, d) => (renumber.has(Number(d)) ? `[${renumber.get(Number(d))}]` : ''));
  return { found: true, answer, citations };
}

/** Answers one question from the loaded index: retrieval, then the LLM (when configured) or the extractive answerer. */
async function askLoaded(state: Loaded, config: Readonly<Config>, log: (l: string) => void, question: string, k: number): Promise<AskResult> {
  const t0 = performance.now();
  const { catalog, searcher } = state;
  const analysis = analyzeQuery(question, { today: catalog.dates[0] ?? null, papers: catalog.papers });
  const { articles: hits, passages: passageHits } = await searcher.search(analysis, { articles: 10, passages: k });
  const passages: Passage[] = passageHits.map((h) => ({
    source: h.chunk.source,
    title: h.chunk.title,
    text: h.chunk.text,
    score: Math.round(h.score * 10000) / 10000,
    articleId: h.chunk.articleId,
    chunkId: h.chunk.id,
  }));
  const lexical = catalog.chunkLexical;
  const ctx: AnswerContext = {
    analysis,
    hits,
    idf: (t) => (lexical.docFreq(t) > 0 ? lexical.idf(t) : 0),
    df: (t) => lexical.docFreq(t),
    // Events are read from the article with the answerer's current rules (kept per article once read), so an index
    // built by an older version answers the same as a fresh one.
    eventsOf: eventsOfArticle,
    partOf: (article, offset) => partOf(catalog, article, offset),
    archive: { papers: catalog.papers, dates: catalog.dates },
  };
  const extractive = () => answerPageListing(analysis, catalog.articlesOn, catalog.dates) ?? answerExtractively(ctx);
  const llm = config.llm;
  const result = await answerWithFallback(
    llm && hits.length ? () => answerByLlm(question, analysis, hits, catalog, llm) : null,
    extractive,
    (message, error) => log(`${message}: ${(error as Error)?.message ?? String(error)}`),
  );
  // The one exit of an answer: identifiers are masked here, never in the index (retrieval sees the printed text).
  return maskAskResult({
    question,
    found: result.found,
    answer: result.answer,
    ms: Math.round(performance.now() - t0),
    citations: result.citations,
    passages,
  });
}

/** /stats of the loaded index. */
function statsOf(state: Loaded): ArchiveStats {
  const { catalog } = state;
  const m = catalog.store.manifest;
  return {
    papers: catalog.papers,
    dateRange: { from: catalog.dates[catalog.dates.length - 1] ?? null, to: catalog.dates[0] ?? null },
    issues: countIssues(catalog.store.pages.map((p) => p.meta)),
    files: m.counts.files,
    articles: catalog.articleCount,
    chunks: m.counts.chunks,
    embedder: state.embedder,
    embedderFallback: state.fallback,
    builtAt: m.builtAt,
  };
}

/**
 * Opens the archive in config.indexDir, building it from config.inputDir first when there is none.
 * @example const archive = await openArchive(loadConfig()); await archive.ask('谁主持召开了会议？')
 */
export async function openArchive(config: Readonly<Config>, options: OpenArchiveOptions = {}): Promise<Archive> {
  const log = options.log ?? stderrLog;
  const indexDir = config.indexDir;
  let state = await loadOrBuild(config, options.buildIfMissing !== false, log);
  await warmUp(state);
  let reloading: Promise<boolean> | null = null;

  const reload = async (): Promise<boolean> => {
    if (reloading) return reloading;
    reloading = (async () => {
      const gen = liveVersion(indexDir);
      if (!gen || gen === state.generation) return false;
      try {
        const previous = state;
        state = await load(indexDir, config, log);
        previous.catalog.store.close();
        log(`index reloaded: ${gen}`);
        return true;
      } catch (error) {
        log(`index reload failed, still serving the previous one: ${(error as Error).message}`);
        return false;
      }
    })().finally(() => { reloading = null; });
    return reloading;
  };

  const pointer = path.join(indexDir, CURRENT_FILE);
  const watching = options.watch !== false;
  const onChange = () => { void reload(); };
  if (watching) fs.watchFile(pointer, { interval: 1000, persistent: false }, onChange);

  return {
    indexDir,
    ask: (question, askOptions = {}) => askLoaded(state, config, log, question, Math.max(1, Math.min(MAX_PASSAGES, askOptions.k ?? 8))),
    reload,
    close: () => {
      if (watching) fs.unwatchFile(pointer, onChange);
      state.catalog.store.close();
    },
    async digest(date?: string): Promise<Digest> {
      return maskDigest(buildDigest(state.catalog.articlesOn, state.catalog.dates, date));
    },
    issueDates: () => [...state.catalog.dates],
    article(articleId: string): Article | null {
      const a = state.catalog.article(articleId);
      return a ? maskArticle(a) : null;
    },
    stats: () => statsOf(state),
    retriever: (retrieverOptions = {}) => new ArchiveRetriever({
      index: () => state, mask: maskIdentifiers, k: Math.max(1, Math.min(MAX_PASSAGES, retrieverOptions.k ?? 8)),
    }),
  };
}

/**
 * Issues among pages: pages of one paper with the same date, or the same issue number, are one issue — also when
 * only some of them print the number (an inside page without a masthead states the date in front matter only).
 * Pages stating neither date nor issue number are not counted.
 * @example countIssues([{ paper: 'A', date: '2025-03-12', issue: '8812' }, { paper: 'A', date: '2025-03-12', issue: null }]) // 1
 */
export function countIssues(pages: ReadonlyArray<Pick<PageMeta, 'paper' | 'date' | 'issue'>>): number {
  // Union-find over the pages, joined through their (paper, date) and (paper, issue) keys.
  const parent: number[] = [];
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const firstWithKey = new Map<string, number>();
  let counted = 0;
  pages.forEach((page, i) => {
    parent[i] = i;
    const keys = [page.date ? `d|${page.paper ?? ''}|${page.date}` : null, page.issue ? `n|${page.paper ?? ''}|${page.issue}` : null];
    if (!keys[0] && !keys[1]) return;
    counted++;
    for (const key of keys) {
      if (!key) continue;
      const j = firstWithKey.get(key);
      if (j === undefined) firstWithKey.set(key, i);
      else if (find(j) !== find(i)) { parent[find(i)] = find(j); counted--; }
    }
  });
  return counted;
}

/** The sentence of a text sharing most question words (for quoting what an LLM cited). */
function bestSentence(text: string, words: string[]): { text: string; start: number } {
  let best = { text: text.slice(0, 120), start: 0 };
  let bestScore = -1;
  for (const s of splitSentences(text)) {
    const sf = toSearchForm(s.text);
    const score = words.filter((w) => sf.includes(w)).length;
    if (score > bestScore && s.text.trim()) { best = { text: s.text.trim(), start: s.start + (s.text.length - s.text.trimStart().length) }; bestScore = score; }
  }
  return best;
}

