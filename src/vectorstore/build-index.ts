// Incremental, atomic index build: scan → decode → parse → chunk → embed → store (a new generation).
import { stderrLog } from '../log.js';
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
import { scanCorpus, sha256 } from '../ingest/scan-corpus.js';
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

/**
 * Builds or updates the index in `outDir` from the pages in `inputDir`. Unchanged files keep their chunks, vectors and
 * postings; changed files are re-parsed and re-embedded; removed files disappear. The result becomes live only when
 * complete (see saveStore).
 */
export async function buildIndex(options: BuildIndexOptions): Promise<IndexSummary> {
  const t0 = Date.now();
  const log = options.log ?? stderrLog;
  assertInputFolder(options.inputDir);
  const maxBytes = options.maxFileBytes ?? options.config.maxFileMb * 1024 * 1024;
  // Folders left by builds that were killed or failed (up to the size of a whole index each) go first.
  const stale = removeStaleGenerations(options.outDir);
  if (stale.removed.length) {
    log(`removed ${stale.removed.length} folder(s) left by interrupted builds (${(stale.bytes / 1048576).toFixed(1)} MB): ${stale.removed.join(', ')}`);
  }
  const budgetMs = options.parseBudgetMs ?? options.config.parseBudgetMs;
  const { embeddings, fallback } = await createEmbeddings({
    model: options.config.embeddingModel,
    modelsDir: options.config.modelsDir,
    allowRemote: options.config.allowRemoteModels,
    log,
  });
  const embedderId = embeddings.id;

  // The previous generation, when it is readable and built by the same embedder, is reused file by file.
  let previous: StoreData | null = null;
  if (currentGeneration(options.outDir)) {
    try {
      previous = loadStore(options.outDir, { withHnsw: true });
      if (previous.manifest.embedder.id !== embedderId) {
        log(`index was built with embedder ${previous.manifest.embedder.id}, now ${embedderId}: rebuilding every file`);
        previous = null;
      }
    } catch (error) {
      log(`previous index ignored and rebuilt: ${(error as Error).message}`);
      previous = null;
    }
  } else if (fs.existsSync(options.outDir) && fs.readdirSync(options.outDir).some((f) => !f.startsWith('.') && f !== 'CURRENT')) {
    log(`${options.outDir} holds no index of ours: building a fresh one beside its contents`);
  }
  const previousDates = new Set(previous?.pages.map((p) => p.meta.date).filter((d): d is string => !!d) ?? []);

  const scan = scanCorpus(options.inputDir);
  const skipped = [...scan.problems];
  const prevBySource = new Map(previous?.pages.map((p) => [p.source, p]) ?? []);
  const pages: PageRecord[] = [];
  const chunks: Chunk[] = [];
  const vectorParts: Float32Array[] = [];
  const seenContent = new Map<string, string>();
  let dims = previous?.manifest.embedder.dimensions ?? 0;
  let changedFiles = 0;

  // Reused postings: map old chunk positions to new ones, then drop the rest in one pass.
  const keep = previous ? new Int32Array(previous.chunks.length).fill(-1) : null;

  /** Postings of the chunks parsed this run. */
  const fresh = new LexicalIndex();
  const total = scan.files.length;
  let done = 0;
  for (const file of scan.files) {
    options.onProgress?.(done, total, file.source);
    done++;
    if (file.size > maxBytes) {
      skipped.push({ source: file.source, reason: `file is ${(file.size / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB limit (MAX_FILE_MB) — split it into pages` });
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file.absPath);
    } catch (error) {
      skipped.push({ source: file.source, reason: `unreadable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      continue;
    }
    const contentHash = sha256(bytes);
    const duplicateOf = seenContent.get(contentHash);
    if (duplicateOf) {
      skipped.push({ source: file.source, reason: `same content as ${duplicateOf} — indexed once` });
      continue;
    }
    // The reader's fingerprint is part of the hash: after an upgrade of the rules every page is read again.
    const hash = sha256(bytes, '\0', JSON.stringify(file.manifest ?? null), '\0', readerFingerprint());
    const prev = prevBySource.get(file.source);
    if (prev && previous && keep && prev.hash === hash) {
      seenContent.set(contentHash, file.source);
      const start = chunks.length;
      for (let i = 0; i < prev.chunkCount; i++) {
        keep[prev.chunkStart + i] = start + i;
        chunks.push(previous.chunks[prev.chunkStart + i]);
      }
      vectorParts.push(previous.vectors.subarray(prev.chunkStart * dims, (prev.chunkStart + prev.chunkCount) * dims));
      pages.push({ ...prev, chunkStart: start });
      for (const w of prev.warnings ?? []) skipped.push({ source: file.source, reason: `${w} — the page is indexed without it` });
      continue;
    }
    let text: string;
    let encoding: string;
    try {
      if (bytes.length === 0 || !bytes.some((b) => b > 0x20)) throw new Error('empty file');
      const decoded = decodeText(bytes, file.source);
      text = decoded.text;
      encoding = decoded.encoding;
      if (decoded.removedNul) log(`${file.source}: ${decoded.removedNul} stray NUL byte(s) removed`);
    } catch (error) {
      skipped.push({ source: file.source, reason: (error as Error).message.replace(`${file.source}: `, '') });
      continue;
    }
    // Parsing is synchronous: the budget is checked inside the reader's loops, and a page that runs over it is
    // skipped with the reason rather than stalling this build and every later one.
    const budget = startBudget(budgetMs, options.clock);
    let parsed: ReturnType<typeof parsePage>;
    let pageChunks: Chunk[];
    try {
      parsed = parsePage(text, file.source, file.manifest, budget);
      pageChunks = parsed.articles.flatMap((a) => chunkArticle(a, { budget }));
    } catch (error) {
      if (!(error instanceof BudgetExceededError)) throw error;
      skipped.push({ source: file.source, reason: `${error.message} — split the page into smaller files or raise PARSE_BUDGET_MS` });
      continue;
    }
    if (parsed.articles.length === 0) {
      skipped.push({ source: file.source, reason: parsed.masthead ? 'only a masthead, no articles' : 'no article text found' });
      continue;
    }
    for (const w of parsed.warnings) skipped.push({ source: file.source, reason: `${w} — the page is indexed without it` });
    seenContent.set(contentHash, file.source);
    changedFiles++;
    const vecs: number[][] = [];
    const start = chunks.length;
    for (let i = 0; i < pageChunks.length; i += EMBED_BATCH) {
      const batch = pageChunks.slice(i, i + EMBED_BATCH);
      vecs.push(...(await embeddings.embedDocuments(batch.map(embeddingText))));
      // Tokenised right after embedding, batch by batch, while the segmentation of these chunks is still cached (a
      // page of thousands of chunks would otherwise outgrow the cache and be segmented twice).
      batch.forEach((c, k) => fresh.add(start + i + k, chunkTerms(c)));
    }
    if (vecs.length) dims = vecs[0].length;
    pages.push({
      source: file.source, hash, contentHash, encoding, meta: parsed.meta, masthead: parsed.masthead,
      articles: parsed.articles, chunkStart: start, chunkCount: pageChunks.length,
      ...(parsed.warnings.length ? { warnings: parsed.warnings } : {}),
    });
    const flat = new Float32Array(vecs.length * dims);
    vecs.forEach((v, i) => flat.set(v, i * dims));
    vectorParts.push(flat);
    chunks.push(...pageChunks);
  }
  options.onProgress?.(total, total, '');
  const kept = new Set(pages.map((p) => p.source));
  const removedFiles = previous ? previous.pages.filter((p) => !kept.has(p.source)).length : 0;
  if (previous && !options.allowShrink) assertNoShrink(previous.pages.length, pages.length, options.config.maxShrinkShare);

  // Postings: the reused ones renumbered, then the new chunks tokenised.
  let lexical = new LexicalIndex();
  if (previous && keep) {
    previous.lexical.remap(keep);
    lexical = previous.lexical;
  }
  lexical.merge(fresh);

  const vectors = new Float32Array(chunks.length * dims);
  let offset = 0;
  for (const part of vectorParts) { vectors.set(part, offset); offset += part.length; }
  const hnswParams = { ...options.config.hnsw };
  const { hnsw, labels, hnswLabels } = placeVectors(previous, keep, vectors, dims, hnswParams, log);

  const articleCount = pages.reduce((n, p) => n + p.articles.length, 0);
  const seconds = (Date.now() - t0) / 1000;
  const manifest: StoreManifest = {
    format: INDEX_FORMAT,
    version: INDEX_VERSION,
    embedder: { id: embedderId, dimensions: dims, fallback },
    hnsw: hnswParams,
    counts: { files: pages.length, articles: articleCount, chunks: chunks.length },
    files: Object.fromEntries(pages.map((p) => [p.source, { hash: p.hash, articles: p.articles.length, chunks: p.chunkCount }])),
    skipped,
    builtAt: new Date().toISOString(),
    buildSeconds: seconds,
    hnswLabels,
  };
  saveStore(options.outDir, { manifest, pages, chunks, vectors, lexical, hnsw, labels });
  const dates = new Set(pages.map((p) => p.meta.date).filter((d): d is string => !!d));
  return {
    files: pages.length,
    changedFiles,
    removedFiles,
    articles: articleCount,
    chunks: chunks.length,
    skipped,
    embedder: embedderId,
    embedderFallback: fallback,
    seconds: (Date.now() - t0) / 1000,
    outDir: options.outDir,
    newDates: [...dates].filter((d) => !previousDates.has(d)).sort(),
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
