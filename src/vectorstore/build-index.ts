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
import { LexicalIndex } from './lexical.js';
import {
  buildHnsw, currentGeneration, INDEX_FORMAT, INDEX_VERSION, loadStore, removeStaleGenerations, saveStore, updateHnsw,
  type PageRecord, type StoreData, type StoreManifest,
} from './store.js';

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

/** What a build gathers file by file, in scan order: the next generation's pages, chunks, vectors and postings. */
interface Gathered {
  pages: PageRecord[];
  chunks: Chunk[];
  vectorParts: Float32Array[];
  skipped: Skipped[];
  /** Pages indexed with a part ignored, and why. */
  warnings: Skipped[];
  /** Content hash → the first file holding it: a second copy is indexed once. */
  seenContent: Map<string, string>;
  dims: number;
  changedFiles: number;
  /** Reused postings: each old chunk position's new one (-1: dropped); null without a previous generation. */
  keep: Int32Array | null;
  /** Postings of the chunks parsed this run. */
  fresh: LexicalIndex;
}

/**
 * The previous generation, when it is readable and built by the same embedder: it is reused file by file. Null (every
 * file is read) otherwise, with the reason logged.
 */
function previousGeneration(outDir: string, embedderId: string, log: LogLine): StoreData | null {
  if (!currentGeneration(outDir)) {
    if (fs.existsSync(outDir) && fs.readdirSync(outDir).some((f) => !f.startsWith('.') && f !== 'CURRENT')) {
      log(`${outDir} holds no index of ours: building a fresh one beside its contents`);
    }
    return null;
  }
  try {
    const previous = loadStore(outDir, { withHnsw: true });
    if (previous.manifest.embedder.id === embedderId) return previous;
    log(`index was built with embedder ${previous.manifest.embedder.id}, now ${embedderId}: rebuilding every file`);
  } catch (error) {
    log(`previous index ignored and rebuilt: ${(error as Error).message}`);
  }
  return null;
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

/** Carries an unchanged page over from the previous generation: its chunks, vectors and (renumbered) postings. */
function reusePage(g: Gathered, previous: StoreData, prev: PageRecord): void {
  const start = g.chunks.length;
  for (let i = 0; i < prev.chunkCount; i++) {
    g.keep![prev.chunkStart + i] = start + i;
    g.chunks.push(previous.chunks[prev.chunkStart + i]);
  }
  g.vectorParts.push(previous.vectors.subarray(prev.chunkStart * g.dims, (prev.chunkStart + prev.chunkCount) * g.dims));
  g.pages.push({ ...prev, chunkStart: start });
  for (const w of prev.warnings ?? []) g.warnings.push({ source: prev.source, reason: `${w} — the page is indexed without it` });
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

/** Embeds a page's chunks and indexes their terms, appending both to what the build gathered. */
async function embedPage(g: Gathered, embeddings: Embedder, pageChunks: Chunk[]): Promise<number> {
  const vecs: number[][] = [];
  const start = g.chunks.length;
  for (let i = 0; i < pageChunks.length; i += EMBED_BATCH) {
    const batch = pageChunks.slice(i, i + EMBED_BATCH);
    vecs.push(...(await embeddings.embedDocuments(batch.map(embeddingText))));
    // Tokenised right after embedding, batch by batch, while the segmentation of these chunks is still cached (a
    // page of thousands of chunks would otherwise outgrow the cache and be segmented twice).
    batch.forEach((c, k) => g.fresh.add(start + i + k, chunkTerms(c)));
  }
  if (vecs.length) g.dims = vecs[0].length;
  const flat = new Float32Array(vecs.length * g.dims);
  vecs.forEach((v, i) => flat.set(v, i * g.dims));
  g.vectorParts.push(flat);
  g.chunks.push(...pageChunks);
  return start;
}

/** One page file into the build: skipped with a reason, reused unchanged, or read, chunked and embedded. */
async function gatherFile(
  g: Gathered, file: CorpusFile, previous: StoreData | null, prevBySource: Map<string, PageRecord>, embeddings: Embedder,
  options: BuildIndexOptions, log: LogLine,
): Promise<void> {
  const bytes = readBytes(file, options.maxFileBytes ?? options.config.maxFileMb * 1024 * 1024);
  if (typeof bytes === 'string') return void g.skipped.push({ source: file.source, reason: bytes });
  const contentHash = sha256(bytes);
  const duplicateOf = g.seenContent.get(contentHash);
  if (duplicateOf) return void g.skipped.push({ source: file.source, reason: `same content as ${duplicateOf} — indexed once` });
  // The reader's fingerprint is part of the hash: after an upgrade of the rules every page is read again.
  const hash = sha256(bytes, '\0', JSON.stringify(file.manifest ?? null), '\0', readerFingerprint());
  const prev = prevBySource.get(file.source);
  if (prev && previous && g.keep && prev.hash === hash) {
    g.seenContent.set(contentHash, file.source);
    reusePage(g, previous, prev);
    return;
  }
  const read = readPage(file, bytes, options.parseBudgetMs ?? options.config.parseBudgetMs, options.clock, log);
  if (typeof read === 'string') return void g.skipped.push({ source: file.source, reason: read });
  const { parsed } = read;
  for (const w of parsed.warnings) g.warnings.push({ source: file.source, reason: `${w} — the page is indexed without it` });
  g.seenContent.set(contentHash, file.source);
  g.changedFiles++;
  const start = await embedPage(g, embeddings, read.chunks);
  g.pages.push({
    source: file.source, hash, contentHash, encoding: read.encoding, meta: parsed.meta, masthead: parsed.masthead,
    articles: parsed.articles, chunkStart: start, chunkCount: read.chunks.length,
    ...(parsed.warnings.length ? { warnings: parsed.warnings } : {}),
  });
}

/** Writes what the build gathered as the next generation: postings merged, vectors placed in the graph, a manifest. */
function storeGeneration(
  g: Gathered, previous: StoreData | null, embedder: { id: string; fallback: boolean }, options: BuildIndexOptions,
  t0: number, log: LogLine,
): void {
  // Postings: the reused ones renumbered, then the new chunks tokenised.
  let lexical = new LexicalIndex();
  if (previous && g.keep) {
    previous.lexical.remap(g.keep);
    lexical = previous.lexical;
  }
  lexical.merge(g.fresh);
  const vectors = new Float32Array(g.chunks.length * g.dims);
  let offset = 0;
  for (const part of g.vectorParts) { vectors.set(part, offset); offset += part.length; }
  const hnswParams = { ...options.config.hnsw };
  const { hnsw, labels, hnswLabels } = placeVectors(previous, g.keep, vectors, g.dims, hnswParams, log);
  const manifest: StoreManifest = {
    format: INDEX_FORMAT,
    version: INDEX_VERSION,
    embedder: { id: embedder.id, dimensions: g.dims, fallback: embedder.fallback },
    hnsw: hnswParams,
    counts: { files: g.pages.length, articles: g.pages.reduce((n, p) => n + p.articles.length, 0), chunks: g.chunks.length },
    files: Object.fromEntries(g.pages.map((p) => [p.source, { hash: p.hash, articles: p.articles.length, chunks: p.chunkCount }])),
    skipped: g.skipped,
    builtAt: new Date().toISOString(),
    buildSeconds: (Date.now() - t0) / 1000,
    hnswLabels,
  };
  saveStore(options.outDir, { manifest, pages: g.pages, chunks: g.chunks, vectors, lexical, hnsw, labels });
}

/** The issue dates of some pages. */
const datesOf = (pages: readonly PageRecord[]) => new Set(pages.map((p) => p.meta.date).filter((d): d is string => !!d));

/**
 * Builds or updates the index in `outDir` from the pages in `inputDir`: scan → read (decode, parse, chunk) → embed →
 * store. Unchanged files keep their chunks, vectors and postings; changed files are re-parsed and re-embedded; removed
 * files disappear. The result becomes live only when complete (see saveStore).
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
  const previous = previousGeneration(options.outDir, embeddings.id, log);
  const scan = scanCorpus(options.inputDir);
  const g: Gathered = {
    pages: [], chunks: [], vectorParts: [], skipped: [...scan.problems], warnings: [], seenContent: new Map(),
    dims: previous?.manifest.embedder.dimensions ?? 0, changedFiles: 0,
    keep: previous ? new Int32Array(previous.chunks.length).fill(-1) : null,
    fresh: new LexicalIndex(),
  };
  const prevBySource = new Map(previous?.pages.map((p) => [p.source, p]) ?? []);
  for (const [done, file] of scan.files.entries()) {
    options.onProgress?.(done, scan.files.length, file.source);
    await gatherFile(g, file, previous, prevBySource, embeddings, options, log);
  }
  options.onProgress?.(scan.files.length, scan.files.length, '');
  const kept = new Set(g.pages.map((p) => p.source));
  const removedFiles = previous ? previous.pages.filter((p) => !kept.has(p.source)).length : 0;
  if (previous && !options.allowShrink) assertNoShrink(previous.pages.length, g.pages.length, options.config.maxShrinkShare);
  storeGeneration(g, previous, { id: embeddings.id, fallback }, options, t0, log);
  const previousDates = datesOf(previous?.pages ?? []);
  return {
    files: g.pages.length,
    changedFiles: g.changedFiles,
    removedFiles,
    articles: g.pages.reduce((n, p) => n + p.articles.length, 0),
    chunks: g.chunks.length,
    skipped: g.skipped,
    warnings: g.warnings,
    embedder: embeddings.id,
    embedderFallback: fallback,
    seconds: (Date.now() - t0) / 1000,
    outDir: options.outDir,
    newDates: [...datesOf(g.pages)].filter((d) => !previousDates.has(d)).sort(),
  };
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

/** Rebuild the graph from scratch once this share of its points is marked deleted. */
const MAX_DELETED_SHARE = 0.25;

/**
 * Puts this build's vectors into an HNSW graph: the previous graph updated in place when it can be (same parameters,
 * not too many deletions), otherwise a new one. Returns each chunk position's label.
 */
function placeVectors(
  previous: StoreData | null, keep: Int32Array | null, vectors: Float32Array, dims: number, params: HnswParams,
  log: (line: string) => void,
): { hnsw: StoreData['hnsw']; labels: Int32Array; hnswLabels: StoreManifest['hnswLabels'] } {
  const count = dims ? vectors.length / dims : 0;
  const fresh = () => {
    const labels = new Int32Array(count).map((_, i) => i);
    return { hnsw: buildHnsw(vectors, dims, params), labels, hnswLabels: { next: count, deleted: 0 } };
  };
  const prev = previous?.hnsw;
  const sameParams = previous && JSON.stringify(previous.manifest.hnsw) === JSON.stringify(params) &&
    previous.manifest.embedder.dimensions === dims && previous.manifest.hnswLabels;
  if (!previous || !keep || !prev || !sameParams || count === 0) return fresh();
  const labels = new Int32Array(count).fill(-1);
  const dropped: number[] = [];
  keep.forEach((pos, old) => {
    if (pos >= 0) labels[pos] = previous.labels[old];
    else dropped.push(previous.labels[old]);
  });
  const deleted = previous.manifest.hnswLabels.deleted + dropped.length;
  if (deleted > MAX_DELETED_SHARE * (count + deleted)) {
    log(`vector graph: ${deleted} deleted points, rebuilding it`);
    return fresh();
  }
  let next = previous.manifest.hnswLabels.next;
  const added: Array<{ label: number; vector: Float32Array }> = [];
  labels.forEach((label, pos) => {
    if (label >= 0) return;
    labels[pos] = next++;
    added.push({ label: labels[pos], vector: vectors.subarray(pos * dims, (pos + 1) * dims) });
  });
  updateHnsw(prev, dropped, added, params.efSearch);
  return { hnsw: prev, labels, hnswLabels: { next, deleted } };
}
