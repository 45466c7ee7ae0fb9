// The persisted index: page records, chunks, vectors (hnswlib), BM25 postings and a manifest, in generations.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Article, Chunk, PageMeta } from '../domain.js';
import { IndexError } from '../errors.js';
import { LexicalIndex } from './lexical.js';
import { searchEf, type HnswParams } from './hnsw-params.js';

const require = createRequire(import.meta.url);
const { HierarchicalNSW } = require('hnswlib-node') as typeof import('hnswlib-node');
type Hnsw = InstanceType<typeof HierarchicalNSW>;

export const INDEX_FORMAT = 'newspaper-qa-index';
// 4: mastheads, short headlines and page furniture parse differently, and event projects are read anew.
export const INDEX_VERSION = 4;
/** File in the output folder naming the live generation; replaced atomically (write temp, rename). */
export const CURRENT_FILE = 'CURRENT';

/** One indexed page file, with its articles as parsed from that file alone (before continuation linking). */
export interface PageRecord {
  source: string;
  /** sha256 of the bytes plus the manifest entry: what decides whether a file must be re-indexed. */
  hash: string;
  /** sha256 of the bytes alone: finds duplicate files. */
  contentHash: string;
  encoding: string;
  meta: PageMeta;
  masthead: boolean;
  articles: Article[];
  /** Position of this page's first chunk in `chunks` and how many it has. */
  chunkStart: number;
  chunkCount: number;
  /** What was ignored while reading the page (malformed front matter), reported again by every build. */
  warnings?: string[];
}

export interface StoreManifest {
  format: typeof INDEX_FORMAT;
  version: number;
  embedder: { id: string; dimensions: number; fallback: boolean };
  hnsw: HnswParams;
  counts: { files: number; articles: number; chunks: number };
  files: Record<string, { hash: string; articles: number; chunks: number }>;
  skipped: Array<{ source: string; reason: string }>;
  builtAt: string;
  buildSeconds: number;
  /** HNSW labels: the next unused one, and how many points are marked deleted (kept across incremental builds). */
  hnswLabels: { next: number; deleted: number };
}

/** In-memory form of one generation. */
export interface StoreData {
  manifest: StoreManifest;
  pages: PageRecord[];
  /** Chunks as produced per page (article ids are per-file; linking happens on load). */
  chunks: Chunk[];
  /** chunks.length × dimensions, row i = chunk i. */
  vectors: Float32Array;
  lexical: LexicalIndex;
  hnsw: Hnsw | null;
  /** HNSW label of each chunk position (labels survive incremental builds; positions do not). */
  labels: Int32Array;
}

/** Chunk position of each HNSW label (-1 for deleted or unknown labels). */
export function positionsByLabel(labels: Int32Array): Int32Array {
  let max = -1;
  for (const l of labels) if (l > max) max = l;
  const out = new Int32Array(max + 1).fill(-1);
  labels.forEach((l, pos) => { out[l] = pos; });
  return out;
}

function writeJsonl(file: string, rows: unknown[]): void {
  const fd = fs.openSync(file, 'w');
  try {
    let buf = '';
    for (const r of rows) {
      buf += JSON.stringify(r) + '\n';
      if (buf.length > 1 << 20) { fs.writeSync(fd, buf); buf = ''; }
    }
    if (buf) fs.writeSync(fd, buf);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function readJsonl<T>(file: string): T[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: T[] = [];
  for (const line of text.split('\n')) if (line.trim()) out.push(JSON.parse(line) as T);
  return out;
}

function writeFileSynced(file: string, data: string | Uint8Array): void {
  const fd = fs.openSync(file, 'w');
  try {
    if (typeof data === 'string') fs.writeSync(fd, data);
    else fs.writeSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Builds an HNSW graph over the vectors (cosine space; label i for chunk position i). */
export function buildHnsw(vectors: Float32Array, dimensions: number, params: HnswParams): Hnsw | null {
  const count = dimensions ? vectors.length / dimensions : 0;
  if (count === 0) return null;
  const index = new HierarchicalNSW('cosine', dimensions);
  index.initIndex(count, params.M, params.efConstruction, 100);
  for (let i = 0; i < count; i++) index.addPoint(Array.from(vectors.subarray(i * dimensions, (i + 1) * dimensions)), i);
  index.setEf(params.efSearch);
  return index;
}

/**
 * Updates a loaded HNSW graph in place: marks the labels of dropped chunks deleted and adds the new chunks' vectors
 * under fresh labels, so an incremental build costs what changed rather than a rebuild of the whole graph.
 */
export function updateHnsw(index: Hnsw, dropped: number[], added: Array<{ label: number; vector: Float32Array }>, efSearch: number): void {
  for (const label of dropped) index.markDelete(label);
  const free = index.getMaxElements() - index.getCurrentCount();
  if (added.length > free) index.resizeIndex(index.getMaxElements() + added.length - free);
  for (const { label, vector } of added) index.addPoint(Array.from(vector), label);
  index.setEf(efSearch);
}

/** Path of the live generation folder, or null when there is none or CURRENT is unreadable. */
export function currentGeneration(outDir: string): string | null {
  try {
    const name = fs.readFileSync(path.join(outDir, CURRENT_FILE), 'utf8').trim();
    if (!/^gen-[\w.-]+$/.test(name)) return null;
    const dir = path.join(outDir, name);
    return fs.existsSync(path.join(dir, 'manifest.json')) ? dir : null;
  } catch {
    return null;
  }
}

/** A generation folder (gen-<base-36 time>-<pid>) or its temporary form while it is written (.tmp-gen-…). */
const GENERATION_RE = /^(\.tmp-)?gen-([0-9a-z]+)-(\d+)$/;
/** CURRENT's temporary file while it is replaced. */
const POINTER_TMP_RE = /^\.CURRENT\.(\d+)$/;
/** A save (writing one generation) takes seconds to minutes; a folder older than this is nobody's work in progress. */
const MAX_SAVE_MS = 60 * 60 * 1000;
/** Generations this thread is writing right now. */
const writing = new Set<string>();

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * True when a generation folder may still be in the hands of a running build: one this thread is writing, or one whose
 * process is alive and that was started recently (a temporary folder of another thread of ours, or a finished one of
 * another process about to switch CURRENT to it). A folder with our pid from before this process started was left by
 * an earlier process that had the same pid (a restarted container).
 */
function mayBeInProgress(name: string, pid: number, time: number): boolean {
  const temporary = name.startsWith('.tmp-');
  if (writing.has(temporary ? name.slice('.tmp-'.length) : name)) return true;
  if (!isAlive(pid)) return false;
  if (pid === process.pid && (!temporary || time < Date.now() - process.uptime() * 1000)) return false;
  return Date.now() - time < MAX_SAVE_MS;
}

function sizeOf(full: string): number {
  try {
    const stat = fs.lstatSync(full);
    if (!stat.isDirectory()) return stat.size;
    return fs.readdirSync(full).reduce((n, entry) => n + sizeOf(path.join(full, entry)), 0);
  } catch {
    return 0;
  }
}

/**
 * Removes what interrupted builds left in `outDir`: temporary generations (`.tmp-gen-…`) and pointer files of builds
 * that are no longer running, and generations other than `keep` that no running build is about to make live (one
 * killed between finishing its folder and switching CURRENT). Without `keep`, the live generation and the one before
 * it (a reader may still be loading it) are kept; with no live generation, finished generations are left alone.
 * Returns what was removed and how many bytes it held.
 */
export function removeStaleGenerations(outDir: string, keep?: ReadonlySet<string>): { removed: string[]; bytes: number } {
  let entries: string[];
  try {
    entries = fs.readdirSync(outDir);
  } catch {
    return { removed: [], bytes: 0 };
  }
  let kept = keep;
  if (!kept) {
    const live = currentGeneration(outDir);
    const liveName = live ? path.basename(live) : null;
    const liveTime = liveName?.match(GENERATION_RE) ? parseInt(liveName.match(GENERATION_RE)![2], 36) : NaN;
    if (!liveName || Number.isNaN(liveTime)) {
      kept = new Set(entries.filter((e) => e.startsWith('gen-')));
    } else {
      const before = entries
        .map((e) => ({ e, m: e.match(GENERATION_RE) }))
        .filter((x) => x.m && !x.m[1] && parseInt(x.m[2], 36) < liveTime)
        .sort((a, b) => parseInt(b.m![2], 36) - parseInt(a.m![2], 36));
      kept = new Set([liveName, ...(before[0] ? [before[0].e] : [])]);
    }
  }
  const removed: string[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const gen = entry.match(GENERATION_RE);
    const pointer = entry.match(POINTER_TMP_RE);
    let stale = false;
    if (gen) stale = !kept.has(entry) && !mayBeInProgress(entry, Number(gen[3]), parseInt(gen[2], 36));
    else if (pointer) stale = Number(pointer[1]) !== process.pid && !isAlive(Number(pointer[1]));
    if (!stale) continue;
    const full = path.join(outDir, entry);
    bytes += sizeOf(full);
    fs.rmSync(full, { recursive: true, force: true });
    removed.push(entry);
  }
  return { removed, bytes };
}

/**
 * Writes a new generation beside the live one, then points CURRENT at it with an atomic rename, so a crash at any
 * moment leaves the previous index usable. Older generations are removed afterwards (the previous one is kept for
 * readers that may still be loading it); a save that fails removes its own temporary folder.
 */
export function saveStore(outDir: string, data: StoreData): string {
  fs.mkdirSync(outDir, { recursive: true });
  const name = `gen-${Date.now().toString(36)}-${process.pid}`;
  const tmp = path.join(outDir, `.tmp-${name}`);
  const dir = path.join(outDir, name);
  writing.add(name);
  try {
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp);
    writeJsonl(path.join(tmp, 'pages.jsonl'), data.pages);
    writeJsonl(path.join(tmp, 'chunks.jsonl'), data.chunks);
    writeFileSynced(path.join(tmp, 'vectors.f32'), new Uint8Array(data.vectors.buffer, data.vectors.byteOffset, data.vectors.byteLength));
    writeFileSynced(path.join(tmp, 'lexical.json'), JSON.stringify(data.lexical));
    writeFileSynced(path.join(tmp, 'labels.i32'), new Uint8Array(data.labels.buffer, data.labels.byteOffset, data.labels.byteLength));
    if (data.hnsw) data.hnsw.writeIndexSync(path.join(tmp, 'hnsw.bin'));
    // The manifest goes last: a generation without one is never loaded.
    writeFileSynced(path.join(tmp, 'manifest.json'), JSON.stringify(data.manifest, null, 2));
    fs.renameSync(tmp, dir);
    const previous = currentGeneration(outDir);
    const pointerTmp = path.join(outDir, `.${CURRENT_FILE}.${process.pid}`);
    writeFileSynced(pointerTmp, name + '\n');
    fs.renameSync(pointerTmp, path.join(outDir, CURRENT_FILE));
    try {
      removeStaleGenerations(outDir, new Set([name, ...(previous ? [path.basename(previous)] : [])]));
    } catch {
      // The new generation is live; what could not be removed now goes at the next build's start.
    }
    return dir;
  } catch (error) {
    // A failed save (a full disk) leaves nothing behind; the live generation is untouched unless CURRENT was switched.
    fs.rmSync(tmp, { recursive: true, force: true });
    if (path.basename(currentGeneration(outDir) ?? '') !== name) fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  } finally {
    writing.delete(name);
  }
}

/** Loads the live generation; throws IndexError with the reason when it is missing, foreign or corrupted. */
export function loadStore(outDir: string, options: { withHnsw?: boolean } = {}): StoreData {
  const dir = currentGeneration(outDir);
  if (!dir) throw new IndexError(`no index in ${outDir} — run \`npm run index\` first`, { userMessage: '索引尚未建立，请稍后再试。' });
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as StoreManifest;
    if (manifest.format !== INDEX_FORMAT) throw new Error(`format is ${String(manifest.format)}`);
    if (manifest.version !== INDEX_VERSION) throw new Error(`version ${manifest.version}, this program reads ${INDEX_VERSION}`);
    const pages = readJsonl<PageRecord>(path.join(dir, 'pages.jsonl'));
    const chunks = readJsonl<Chunk>(path.join(dir, 'chunks.jsonl'));
    const raw = fs.readFileSync(path.join(dir, 'vectors.f32'));
    const vectors = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    const dims = manifest.embedder.dimensions;
    if (chunks.length * dims !== vectors.length) throw new Error(`vectors.f32 holds ${vectors.length / (dims || 1)} vectors for ${chunks.length} chunks`);
    const lexical = LexicalIndex.fromJSON(JSON.parse(fs.readFileSync(path.join(dir, 'lexical.json'), 'utf8')));
    const rawLabels = fs.readFileSync(path.join(dir, 'labels.i32'));
    const labels = new Int32Array(rawLabels.buffer.slice(rawLabels.byteOffset, rawLabels.byteOffset + rawLabels.byteLength));
    if (labels.length !== chunks.length) throw new Error(`labels.i32 holds ${labels.length} labels for ${chunks.length} chunks`);
    let hnsw: Hnsw | null = null;
    if (options.withHnsw !== false && chunks.length > 0) {
      hnsw = new HierarchicalNSW('cosine', dims);
      hnsw.readIndexSync(path.join(dir, 'hnsw.bin'), true);
      // ef is not saved with the index: set it after loading, to the width this many vectors need.
      hnsw.setEf(searchEf(manifest.hnsw?.efSearch ?? 64, chunks.length));
    }
    return { manifest, pages, chunks, vectors, lexical, hnsw, labels };
  } catch (error) {
    throw new IndexError(`index in ${dir} is unreadable (${(error as Error).message}) — run \`npm run index\` to rebuild it`, { cause: error, userMessage: '索引文件损坏，请管理员重建索引。' });
  }
}
