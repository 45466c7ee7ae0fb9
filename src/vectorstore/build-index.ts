// Incremental, atomic index build: scan → decode → parse → chunk → embed → store (a new generation).
import { type LogLine, stderrLog } from '../log.js';
import fs from 'node:fs';
import type { Config } from '../config.js';
import type { Chunk, IndexSummary } from '../domain.js';
import { IndexError } from '../errors.js';
import { chunkArticle } from '../chunk/chunk-article.js';
import { createEmbeddings } from '../embed/create-embeddings.js';
import { BudgetExceededError } from '../errors.js';
import { startBudget } from '../ingest/budget.js';
import { decodeText } from '../ingest/decode.js';
import { parsePage } from '../ingest/parse-page.js';
import { type CorpusFile, scanCorpus, sha256 } from '../ingest/scan-corpus.js';
import { readerFingerprint } from '../ingest/reader-fingerprint.js';
import { lexicalTerms, simplify, toSearchForm } from '../text/search-form.js';
import type { HnswParams } from './hnsw-params.js';
import { CURRENT_FILE, currentGeneration, removeStaleGenerations } from './generations.js';
import { INDEX_FORMAT, INDEX_VERSION, type PageRow, StoreWriter } from './store.js';

export interface BuildIndexOptions {
  inputDir: string;
  outDir: string;
  config: Readonly<Config>;
  /** Log lines (English) — stderr in the CLI. */
  log?: (line: string) => void;
  /** Progress callback: files done out of total. */
  onProgress?: (done: number, total: number, source: string) => void;
  /** Largest page file accepted, in bytes. Default: config.maxFileMb. */
  maxFileBytes?: number;
  /** Write the build even when it would drop most of the archive (`--allow-shrink`). */
  allowShrink?: boolean;
  /** Longest time reading one page (parse + chunk) may take, in ms; a slower page is skipped. Default: config.parseBudgetMs. */
  parseBudgetMs?: number;
  /** The clock the budget reads (tests pass a counter). Default Date.now. */
  clock?: () => number;
  /** New vectors kept beside the graph file before it is rewritten with them. Default MAX_PENDING_VECTORS. */
  maxPendingVectors?: number;
}

/** Text a chunk is embedded as: headline and body, NFKC and simplified script. */
export function embeddingText(chunk: Pick<Chunk, 'title' | 'text'>): string {
  return simplify(`${chunk.title}\n${chunk.text}`.normalize('NFKC'));
}

/** Lexical terms a chunk is indexed under. */
export function chunkTerms(chunk: Pick<Chunk, 'title' | 'text'>): string[] {
  return lexicalTerms(toSearchForm(`${chunk.title}\n${chunk.text}`));
}

const EMBED_BATCH = 64;

type Skipped = IndexSummary['skipped'][number];
type Embedder = Awaited<ReturnType<typeof createEmbeddings>>['embeddings'];

/** What a build gathers file by file, in scan order, besides what it writes into the store. */
interface Gathered {
  skipped: Skipped[];
  /** Pages indexed with a part ignored, and why. */
  warnings: Skipped[];
  /** Content hash → the first file holding it: a second copy is indexed once. */
  seenContent: Map<string, string>;
  dims: number;
  changedFiles: number;
  /** Sources in the next state, and their issue dates. */
  kept: Set<string>;
  dates: Set<string>;
}

/**
 * Where this build writes: the live generation updated in place when it is readable and built by the same embedder
 * and graph parameters, otherwise a fresh generation (every file read), with the reason logged.
 */
function openWriter(outDir: string, embedderId: string, params: HnswParams, maxPending: number | undefined, log: LogLine): StoreWriter {
  if (!currentGeneration(outDir)) {
    if (fs.existsSync(outDir) && fs.readdirSync(outDir).some((f) => !f.startsWith('.') && f !== CURRENT_FILE)) {
      log(`${outDir} holds no index of ours: building a fresh one beside its contents`);
    }
    return StoreWriter.create(outDir, params, maxPending);
  }
  let reason: string;
  try {
    const writer = StoreWriter.update(outDir, params, maxPending);
    const manifest = writer?.manifest();
    if (writer && manifest?.embedder.id === embedderId && JSON.stringify(manifest.hnsw) === JSON.stringify(params)) return writer;
    writer?.abort();
    reason = manifest?.embedder.id !== embedderId
      ? `index was built with embedder ${manifest?.embedder.id}, now ${embedderId}: rebuilding every file`
      : 'index was built with other vector graph parameters: rebuilding every file';
  } catch (error) {
    if (error instanceof IndexError && /another build/.test(error.message)) throw error;
    reason = `previous index ignored and rebuilt: ${(error as Error).message}`;
  }
  log(reason);
  return StoreWriter.create(outDir, params, maxPending);
}

/** A page file's bytes, or why it is skipped (too large, unreadable). */
function readBytes(file: CorpusFile, maxBytes: number): Buffer | string {
  if (file.size > maxBytes) {
    return `file is ${(file.size / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB limit (MAX_FILE_MB) — split it into pages`;
  }
  try {
    return fs.readFileSync(file.absPath);
  } catch (error) {
    return `unreadable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  }
}

/** A page read into articles and chunks, or why it is skipped (empty, undecodable, over its time budget, no text). */
function readPage(
  file: CorpusFile, bytes: Buffer, budgetMs: number, clock: (() => number) | undefined, log: LogLine,
): { parsed: ReturnType<typeof parsePage>; chunks: Chunk[]; encoding: string } | string {
  let text: string;
  let encoding: string;
  try {
    if (bytes.length === 0 || !bytes.some((b) => b > 0x20)) throw new Error('empty file');
    const decoded = decodeText(bytes, file.source);
    text = decoded.text;
    encoding = decoded.encoding;
    if (decoded.removedNul) log(`${file.source}: ${decoded.removedNul} stray NUL byte(s) removed`);
  } catch (error) {
    return (error as Error).message.replace(`${file.source}: `, '');
  }
  // Parsing is synchronous: the budget is checked inside the reader's loops, and a page that runs over it is
  // skipped with the reason rather than stalling this build and every later one.
  const budget = startBudget(budgetMs, clock);
  try {
    const parsed = parsePage(text, file.source, file.manifest, budget);
    if (parsed.articles.length === 0) return parsed.masthead ? 'only a masthead, no articles' : 'no article text found';
    return { parsed, chunks: parsed.articles.flatMap((a) => chunkArticle(a, { budget })), encoding };
  } catch (error) {
    if (!(error instanceof BudgetExceededError)) throw error;
    return `${error.message} — split the page into smaller files or raise PARSE_BUDGET_MS`;
  }
}

/** Embeds a page's chunks and tokenises them: one vector and one term list per chunk. */
async function embedChunks(embeddings: Embedder, pageChunks: Chunk[]): Promise<{ vectors: Float32Array[]; terms: string[][] }> {
  const vectors: Float32Array[] = [];
  const terms: string[][] = [];
  for (let i = 0; i < pageChunks.length; i += EMBED_BATCH) {
    const batch = pageChunks.slice(i, i + EMBED_BATCH);
    for (const v of await embeddings.embedDocuments(batch.map(embeddingText))) vectors.push(Float32Array.from(v));
    // Tokenised right after embedding, batch by batch, while the segmentation of these chunks is still cached (a
    // page of thousands of chunks would otherwise outgrow the cache and be segmented twice).
    for (const c of batch) terms.push(chunkTerms(c));
  }
  return { vectors, terms };
}

/** One page file into the build: skipped with a reason, kept unchanged, or read, chunked, embedded and written. */
async function gatherFile(
  g: Gathered, file: CorpusFile, writer: StoreWriter, stored: Map<string, PageRow>, embeddings: Embedder,
  options: BuildIndexOptions, log: LogLine,
): Promise<void> {
  const bytes = readBytes(file, options.maxFileBytes ?? options.config.maxFileMb * 1024 * 1024);
  if (typeof bytes === 'string') return void g.skipped.push({ source: file.source, reason: bytes });
  const contentHash = sha256(bytes);
  const duplicateOf = g.seenContent.get(contentHash);
  if (duplicateOf) return void g.skipped.push({ source: file.source, reason: `same content as ${duplicateOf} — indexed once` });
  // The reader's fingerprint is part of the hash: after an upgrade of the rules every page is read again.
  const hash = sha256(bytes, '\0', JSON.stringify(file.manifest ?? null), '\0', readerFingerprint());
  const prev = stored.get(file.source);
  if (prev && prev.hash === hash) {
    g.seenContent.set(contentHash, file.source);
    g.kept.add(file.source);
    if (prev.meta.date) g.dates.add(prev.meta.date);
    for (const w of prev.warnings) g.warnings.push({ source: prev.source, reason: `${w} — the page is indexed without it` });
    return;
  }
  const read = readPage(file, bytes, options.parseBudgetMs ?? options.config.parseBudgetMs, options.clock, log);
  if (typeof read === 'string') return void g.skipped.push({ source: file.source, reason: read });
  const { parsed } = read;
  for (const w of parsed.warnings) g.warnings.push({ source: file.source, reason: `${w} — the page is indexed without it` });
  g.seenContent.set(contentHash, file.source);
  g.changedFiles++;
  const { vectors, terms } = await embedChunks(embeddings, read.chunks);
  if (vectors.length) g.dims = vectors[0].length;
  if (prev) writer.removePage(prev.id);
  writer.addPage({
    source: file.source, hash, contentHash, encoding: read.encoding, meta: parsed.meta, masthead: parsed.masthead,
    articles: parsed.articles, ...(parsed.warnings.length ? { warnings: parsed.warnings } : {}),
  }, read.chunks, terms, vectors);
  g.kept.add(file.source);
  if (parsed.meta.date) g.dates.add(parsed.meta.date);
}

/**
 * Builds or updates the index in `outDir` from the pages in `inputDir`: scan → read (decode, parse, chunk) → embed →
 * store. Unchanged files are left as they are; changed files are re-parsed and re-embedded; removed files disappear.
 * The result becomes live only when complete, in one transaction (see StoreWriter).
 */
export async function buildIndex(options: BuildIndexOptions): Promise<IndexSummary> {
  const t0 = Date.now();
  const log = options.log ?? stderrLog;
  assertInputFolder(options.inputDir);
  // Folders left by builds that were killed or failed (up to the size of a whole index each) go first.
  const stale = removeStaleGenerations(options.outDir);
  if (stale.removed.length) {
    log(`removed ${stale.removed.length} folder(s) left by interrupted builds (${(stale.bytes / 1048576).toFixed(1)} MB): ${stale.removed.join(', ')}`);
  }
  const { embeddings, fallback } = await createEmbeddings({
    model: options.config.embeddingModel,
    modelsDir: options.config.modelsDir,
    allowRemote: options.config.allowRemoteModels,
    log,
  });
  const hnswParams = { ...options.config.hnsw };
  const writer = openWriter(options.outDir, embeddings.id, hnswParams, options.maxPendingVectors, log);
  try {
    const stored = writer.storedPages();
    const previous = writer.manifest();
    const scan = scanCorpus(options.inputDir);
    const g: Gathered = {
      skipped: [...scan.problems], warnings: [], seenContent: new Map(), dims: previous?.embedder.dimensions ?? 0,
      changedFiles: 0, kept: new Set(), dates: new Set(),
    };
    for (const [done, file] of scan.files.entries()) {
      options.onProgress?.(done, scan.files.length, file.source);
      await gatherFile(g, file, writer, stored, embeddings, options, log);
    }
    options.onProgress?.(scan.files.length, scan.files.length, '');
    const removed = [...stored.values()].filter((p) => !g.kept.has(p.source));
    if (!options.allowShrink) assertNoShrink(stored.size, g.kept.size, options.config.maxShrinkShare);
    for (const p of removed) writer.removePage(p.id);
    const counts = writer.counts();
    await writer.commit({
      format: INDEX_FORMAT,
      version: INDEX_VERSION,
      embedder: { id: embeddings.id, dimensions: g.dims, fallback },
      hnsw: hnswParams,
      counts,
      skipped: g.skipped,
      builtAt: new Date().toISOString(),
      buildSeconds: (Date.now() - t0) / 1000,
    }, log);
    const previousDates = new Set([...stored.values()].map((p) => p.meta.date).filter((d): d is string => !!d));
    return {
      files: counts.files,
      changedFiles: g.changedFiles,
      removedFiles: removed.length,
      articles: counts.articles,
      chunks: counts.chunks,
      skipped: g.skipped,
      warnings: g.warnings,
      embedder: embeddings.id,
      embedderFallback: fallback,
      seconds: (Date.now() - t0) / 1000,
      outDir: options.outDir,
      newDates: [...g.dates].filter((d) => !previousDates.has(d)).sort(),
    };
  } catch (error) {
    writer.abort();
    throw error;
  }
}

/** A missing input folder is an error, never an empty corpus: the served index stays as it is. */
function assertInputFolder(inputDir: string): void {
  let isDir = false;
  try { isDir = fs.statSync(inputDir).isDirectory(); } catch { /* reported below */ }
  if (!isDir) {
    throw new IndexError(`input folder ${inputDir} does not exist or is not a folder — the index was left unchanged`, {
      userMessage: '找不到版面文件夹（INPUT_DIR），索引保持不变。请检查文件夹是否已挂载。',
    });
  }
}

/**
 * Refuses a build that would leave the archive empty, or smaller by more than `maxShare` of its files — an unmounted
 * or emptied input folder looks exactly like that. Files replaced by others are not a shrink. `--allow-shrink`
 * (allowShrink) writes it anyway.
 */
function assertNoShrink(previousFiles: number, nextFiles: number, maxShare: number): void {
  const lost = previousFiles - nextFiles;
  if (previousFiles === 0 || lost <= 0) return;
  if (nextFiles > 0 && lost / previousFiles <= maxShare) return;
  throw new IndexError(
    `this build would shrink the archive from ${previousFiles} to ${nextFiles} files (more than MAX_SHRINK_SHARE=` +
      `${maxShare} of it) — the index was left unchanged; check the input folder, or run with --allow-shrink`,
    {
      userMessage: `这次重建会让存档从 ${previousFiles} 个版面文件减少到 ${nextFiles} 个，已取消，索引保持不变。` +
        '请检查版面文件夹是否完整；确需删除时请在服务器上运行 npm run index -- --allow-shrink。',
    },
  );
}
