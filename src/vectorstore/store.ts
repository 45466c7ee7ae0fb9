// The persisted index, one generation folder: a SQLite database (pages, articles, chunks, BM25 postings, the vectors
// not yet in the graph, the manifest) and one hnswlib graph file. Text is read on demand; the graph holds the only
// copy of the vectors.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import Database from 'better-sqlite3';
import type { Article, Chunk, PageMeta } from '../domain.js';
import { IndexError } from '../errors.js';
import { currentGeneration, DB_FILE, removeStaleGenerations, writePointer, writing } from './generations.js';
import { searchEf, type HnswParams } from './hnsw-params.js';
import { GraphBuilder } from './graph-builder.js';
import { LexicalIndex, type PostingSource } from './lexical.js';
import { decodePostingsInto, encodePostings } from './postings-codec.js';

const require = createRequire(import.meta.url);
const { HierarchicalNSW } = require('hnswlib-node') as typeof import('hnswlib-node');
export type Hnsw = InstanceType<typeof HierarchicalNSW>;
type Db = Database.Database;

export const INDEX_FORMAT = 'newspaper-qa-index';
// 5: one SQLite database per generation, updated in place; vectors stored once (the graph, or pending rows).
export const INDEX_VERSION = 5;

/** One indexed page file, with its articles as parsed from that file alone (before continuation linking). */
export interface PageRecord {
  source: string;
  /** sha256 of the bytes plus the manifest entry and the reader's fingerprint: whether the file must be read again. */
  hash: string;
  /** sha256 of the bytes alone: finds duplicate files. */
  contentHash: string;
  encoding: string;
  meta: PageMeta;
  masthead: boolean;
  articles: Article[];
  /** What was ignored while reading the page (malformed front matter), reported again by every build. */
  warnings?: string[];
}

export interface StoreManifest {
  format: typeof INDEX_FORMAT;
  version: number;
  embedder: { id: string; dimensions: number; fallback: boolean };
  hnsw: HnswParams;
  counts: { files: number; articles: number; chunks: number };
  skipped: Array<{ source: string; reason: string }>;
  builtAt: string;
  buildSeconds: number;
}

/** A page as the reader keeps it in memory: everything but its text. */
export interface PageRow {
  id: number;
  source: string;
  hash: string;
  contentHash: string;
  meta: PageMeta;
  masthead: boolean;
  warnings: string[];
}

const SCHEMA = `
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE pages(id INTEGER PRIMARY KEY, source TEXT NOT NULL UNIQUE, hash TEXT NOT NULL, content_hash TEXT NOT NULL,
  encoding TEXT NOT NULL, meta TEXT NOT NULL, masthead INTEGER NOT NULL, warnings TEXT NOT NULL);
CREATE TABLE articles(id INTEGER PRIMARY KEY, page INTEGER NOT NULL, aid TEXT NOT NULL, linkable INTEGER NOT NULL, date TEXT,
  data TEXT NOT NULL);
CREATE INDEX articles_page ON articles(page);
CREATE INDEX articles_date ON articles(date);
CREATE TABLE chunks(id INTEGER PRIMARY KEY, page INTEGER NOT NULL, article INTEGER NOT NULL, len INTEGER NOT NULL,
  data TEXT NOT NULL);
CREATE INDEX chunks_page ON chunks(page);
CREATE TABLE postings(term TEXT NOT NULL, seg INTEGER NOT NULL, docs BLOB NOT NULL, PRIMARY KEY(term, seg)) WITHOUT ROWID;
CREATE INDEX postings_seg ON postings(seg);
CREATE TABLE segments(seg INTEGER PRIMARY KEY, docs INTEGER NOT NULL);
CREATE TABLE pending(id INTEGER PRIMARY KEY, v BLOB NOT NULL);
CREATE TABLE layout(name TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE INDEX articles_aid ON articles(aid);
`;

/**
 * What a reader needs per chunk and per article to rank, as two Int32 blobs kept up to date by every build, so that
 * opening an index reads two rows rather than every chunk: `chunks` holds [page id, article row, length] per chunk id
 * (page -1: no such chunk); `articles` holds [row id, page id, linkable] per article, in page order.
 */
interface Layout {
  chunks: Int32Array;
  articles: Int32Array;
}

function readLayout(db: Db): Layout {
  const get = (name: string) => {
    const row = db.prepare('SELECT data FROM layout WHERE name = ?').pluck().get(name) as Buffer | undefined;
    return row ? new Int32Array(row.buffer.slice(row.byteOffset, row.byteOffset + row.byteLength)) : new Int32Array(0);
  };
  return { chunks: get('chunks'), articles: get('articles') };
}

function writeLayout(db: Db, layout: Layout): void {
  const put = db.prepare('INSERT OR REPLACE INTO layout(name, data) VALUES (?, ?)');
  put.run('chunks', Buffer.from(layout.chunks.buffer, layout.chunks.byteOffset, layout.chunks.byteLength));
  put.run('articles', Buffer.from(layout.articles.buffer, layout.articles.byteOffset, layout.articles.byteLength));
}

/** Ids the next rows get, and the graph file: kept in `meta` so ids are never reused (chunk id = HNSW label). */
interface Counters {
  page: number;
  article: number;
  chunk: number;
  seg: number;
  /** Update count of this generation (0 for a fresh build). */
  version: number;
  /** The graph file in the generation folder, or '' when there is none yet. */
  graph: string;
}

function readMeta<T>(db: Db, key: string): T | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as T) : null;
}

function writeMeta(db: Db, key: string, value: unknown): void {
  db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)').run(key, JSON.stringify(value));
}

const asBytes = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
const asVector = (b: Buffer) => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));

function normalised(v: ArrayLike<number>): Float32Array {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i] * v[i];
  const out = Float32Array.from(v);
  if (norm > 0) { const s = 1 / Math.sqrt(norm); for (let i = 0; i < out.length; i++) out[i] *= s; }
  return out;
}

/** Builds an HNSW graph over labelled vectors (cosine space). */
export function buildHnsw(points: Iterable<{ label: number; vector: ArrayLike<number> }>, count: number, dimensions: number, params: HnswParams): Hnsw | null {
  if (count === 0 || dimensions === 0) return null;
  const index = new HierarchicalNSW('cosine', dimensions);
  index.initIndex(count, params.M, params.efConstruction, 100);
  for (const { label, vector } of points) index.addPoint(Array.from(vector), label);
  index.setEf(params.efSearch);
  return index;
}

/** Vectors up to this many wait in the database (searched exactly) before the graph file is rewritten with them. */
export const MAX_PENDING_VECTORS = 4096;
/** Rebuild the graph from its live points once this share of its points is deleted. */
const MAX_DELETED_SHARE = 0.25;
/** New postings are written as a segment every this many chunks, so a large build never holds all of them. */
const SEGMENT_CHUNKS = 50_000;
/** A segment of fewer chunks than this is small: what daily updates write. */
const SMALL_SEGMENT_CHUNKS = SEGMENT_CHUNKS / 8;
/** More small segments than this are merged into one at the end of a build (large ones are left as they are). */
const MAX_SMALL_SEGMENTS = 8;

/**
 * Writes one build: a fresh generation (create) or the live one changed in place (update), in one transaction. Until
 * commit() nothing is visible to readers; a build that fails or is killed leaves the previous state.
 */
export class StoreWriter {
  private fresh = new LexicalIndex();
  private freshDocs = 0;
  private counters: Counters;
  /** create: the graph being built on a worker thread; update: the new vectors, placed at commit. */
  private builder: GraphBuilder | null = null;
  private readonly added: Array<{ label: number; vector: Float32Array }> = [];
  private done = false;
  /** The layout as stored, and this build's changes to it: removed pages, added chunks and articles. */
  private readonly layout: Layout;
  private readonly removedPages = new Set<number>();
  private readonly newChunks: number[] = [];
  private readonly newChunkIds = new Set<number>();
  private readonly newArticles: number[] = [];

  private constructor(
    private readonly db: Db, readonly outDir: string, readonly name: string, private readonly dir: string,
    readonly mode: 'create' | 'update', private readonly params: HnswParams, private readonly maxPending: number,
  ) {
    this.counters = readMeta<Counters>(db, 'counters') ?? { page: 0, article: 0, chunk: 0, seg: 0, version: 0, graph: '' };
    this.layout = mode === 'update' ? readLayout(db) : { chunks: new Int32Array(0), articles: new Int32Array(0) };
  }

  /** A new generation folder beside the live one (a full build). */
  static create(outDir: string, params: HnswParams, maxPending = MAX_PENDING_VECTORS): StoreWriter {
    fs.mkdirSync(outDir, { recursive: true });
    const name = `gen-${Date.now().toString(36)}-${process.pid}`;
    const tmp = path.join(outDir, `.tmp-${name}`);
    writing.add(name);
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp);
    const db = new Database(path.join(tmp, DB_FILE));
    // The folder is not live until renamed: no journal while it is written, one fsync at the end.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(SCHEMA);
    db.exec('BEGIN');
    return new StoreWriter(db, outDir, name, tmp, 'create', params, maxPending);
  }

  /** The live generation, changed in place; null when there is none. Throws when another build holds it. */
  static update(outDir: string, params: HnswParams, maxPending = MAX_PENDING_VECTORS): StoreWriter | null {
    const dir = currentGeneration(outDir);
    if (!dir) return null;
    const db = new Database(path.join(dir, DB_FILE), { timeout: 2000 });
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
      throw new IndexError(`the index in ${dir} is being updated by another build (${(error as Error).message})`, {
        cause: error, userMessage: '另一个索引任务正在进行，请稍后再试。',
      });
    }
    try {
      const manifest = readMeta<StoreManifest>(db, 'manifest');
      if (!manifest) throw new Error('no manifest');
      if (manifest.format !== INDEX_FORMAT) throw new Error(`format is ${String(manifest.format)}`);
      if (manifest.version !== INDEX_VERSION) throw new Error(`version ${manifest.version}, this program reads ${INDEX_VERSION}`);
      db.prepare('SELECT count(*) FROM chunks').get();
    } catch (error) {
      try { db.exec('ROLLBACK'); } catch { /* nothing to roll back */ }
      db.close();
      throw error;
    }
    return new StoreWriter(db, outDir, path.basename(dir), dir, 'update', params, maxPending);
  }

  /** How many pages, articles and chunks the build leaves. */
  counts(): StoreManifest['counts'] {
    const n = (table: string) => (this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { files: n('pages'), articles: n('articles'), chunks: n('chunks') };
  }

  /** The manifest of the state being updated (null for a fresh generation). */
  manifest(): StoreManifest | null {
    return readMeta<StoreManifest>(this.db, 'manifest');
  }

  /** The pages already stored, by source (empty for a fresh generation). */
  storedPages(): Map<string, PageRow> {
    return new Map(readPageRows(this.db).map((p) => [p.source, p]));
  }

  /** Drops a stored page with its articles, chunks, pending vectors; its chunks' postings become dead. */
  removePage(id: number): void {
    const chunkIds = (this.db.prepare('SELECT id FROM chunks WHERE page = ?').raw().all(id) as number[][]).map((r) => r[0]);
    this.removedPages.add(id);
    for (const c of chunkIds) if (3 * c < this.layout.chunks.length) this.layout.chunks[3 * c] = -1;
    const dropPending = this.db.prepare('DELETE FROM pending WHERE id = ?');
    for (const c of chunkIds) dropPending.run(c);
    this.db.prepare('DELETE FROM chunks WHERE page = ?').run(id);
    this.db.prepare('DELETE FROM articles WHERE page = ?').run(id);
    this.db.prepare('DELETE FROM pages WHERE id = ?').run(id);
  }

  /** Adds a page with its chunks, their lexical terms and vectors (one per chunk, in order). */
  addPage(page: PageRecord, chunks: readonly Chunk[], terms: readonly string[][], vectors: readonly Float32Array[]): void {
    const pageId = this.counters.page++;
    this.db.prepare('INSERT INTO pages(id, source, hash, content_hash, encoding, meta, masthead, warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(pageId, page.source, page.hash, page.contentHash, page.encoding, JSON.stringify(page.meta), page.masthead ? 1 : 0, JSON.stringify(page.warnings ?? []));
    const articleRow = new Map<string, number>();
    const insertArticle = this.db.prepare('INSERT INTO articles(id, page, aid, linkable, date, data) VALUES (?, ?, ?, ?, ?, ?)');
    for (const a of page.articles) {
      const id = this.counters.article++;
      articleRow.set(a.id, id);
      const linkable = a.continuedTo || a.continuedFrom ? 1 : 0;
      insertArticle.run(id, pageId, a.id, linkable, a.date, JSON.stringify(a));
      this.newArticles.push(id, pageId, linkable);
    }
    const insertChunk = this.db.prepare('INSERT INTO chunks(id, page, article, len, data) VALUES (?, ?, ?, ?, ?)');
    const labels: number[] = [];
    chunks.forEach((c, k) => {
      const id = this.counters.chunk++;
      labels.push(id);
      const article = articleRow.get(c.articleId) ?? -1;
      insertChunk.run(id, pageId, article, terms[k].length, JSON.stringify(c));
      this.newChunks.push(id, pageId, article, terms[k].length);
      this.newChunkIds.add(id);
      this.fresh.add(id, terms[k]);
      this.freshDocs++;
    });
    if (this.mode === 'update') labels.forEach((label, k) => this.added.push({ label, vector: vectors[k] }));
    else if (labels.length) (this.builder ??= new GraphBuilder(this.params)).add(labels, vectors);
    if (this.freshDocs >= SEGMENT_CHUNKS) this.flushPostings();
  }

  /** Writes the new chunks' postings as one segment. */
  private flushPostings(): void {
    if (this.freshDocs === 0) return;
    const seg = this.counters.seg++;
    const insert = this.db.prepare('INSERT INTO postings(term, seg, docs) VALUES (?, ?, ?)');
    for (const [term, flat] of this.fresh.entries()) insert.run(term, seg, encodePostings(flat));
    this.db.prepare('INSERT INTO segments(seg, docs) VALUES (?, ?)').run(seg, this.freshDocs);
    this.fresh = new LexicalIndex();
    this.freshDocs = 0;
  }

  /** Makes the build live: postings and vectors written, the manifest stored, the transaction committed. */
  async commit(manifest: StoreManifest, log: (line: string) => void): Promise<void> {
    this.flushPostings();
    this.mergeSegments(log);
    const graphFile = await this.placeGraph(manifest.embedder.dimensions, log);
    this.counters.version = this.mode === 'create' ? 0 : this.counters.version + 1;
    const previousGraph = this.counters.graph;
    this.counters.graph = graphFile;
    writeMeta(this.db, 'counters', this.counters);
    writeMeta(this.db, 'manifest', manifest);
    writeLayout(this.db, this.nextLayout());
    this.db.exec('COMMIT');
    this.done = true;
    if (this.mode === 'create') {
      this.db.pragma('journal_mode = WAL');
      this.db.close();
      fsyncFile(path.join(this.dir, DB_FILE));
      const live = path.join(this.outDir, this.name);
      fs.renameSync(this.dir, live);
      const previous = currentGeneration(this.outDir);
      writePointer(this.outDir, this.name, 0);
      writing.delete(this.name);
      try {
        removeStaleGenerations(this.outDir, new Set([this.name, ...(previous ? [path.basename(previous)] : [])]));
      } catch {
        // The new generation is live; what could not be removed now goes at the next build's start.
      }
      return;
    }
    this.db.close();
    writePointer(this.outDir, this.name, this.counters.version);
    // Graph files older than the one before the live one: no reader can still be about to open them.
    for (const f of fs.readdirSync(this.dir)) {
      if (/^graph-[0-9a-z]+\.bin$/.test(f) && f !== graphFile && f !== previousGraph) fs.rmSync(path.join(this.dir, f), { force: true });
    }
  }

  /** The stored layout with this build's removals and additions. */
  private nextLayout(): Layout {
    const chunks = new Int32Array(3 * this.counters.chunk).fill(-1);
    chunks.set(this.layout.chunks.subarray(0, Math.min(this.layout.chunks.length, chunks.length)));
    for (let i = 0; i < this.newChunks.length; i += 4) {
      const [id, page, article, len] = this.newChunks.slice(i, i + 4);
      chunks.set([page, article, len], 3 * id);
    }
    const kept: number[] = [];
    const old = this.layout.articles;
    for (let i = 0; i < old.length; i += 3) if (!this.removedPages.has(old[i + 1])) kept.push(old[i], old[i + 1], old[i + 2]);
    return { chunks, articles: Int32Array.from([...kept, ...this.newArticles]) };
  }

  /** Leaves everything as it was before this build. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    void this.builder?.close();
    try { this.db.exec('ROLLBACK'); } catch { /* the transaction is gone with a failed statement */ }
    this.db.close();
    if (this.mode === 'create') {
      fs.rmSync(this.dir, { recursive: true, force: true });
      writing.delete(this.name);
    }
  }

  /**
   * Merges the small postings segments once there are more than MAX_SMALL_SEGMENTS (one per update, each a day's
   * pages), dropping the postings of chunks deleted since: the number of rows a term reads stays bounded, and a merge
   * reads only the small segments (through their index), never the whole table.
   */
  private mergeSegments(log: (line: string) => void): void {
    const small = this.db.prepare('SELECT seg, docs FROM segments WHERE docs < ? ORDER BY seg').all(SMALL_SEGMENT_CHUNKS) as Array<{ seg: number; docs: number }>;
    if (small.length <= MAX_SMALL_SEGMENTS) return;
    const ids = small.map((s) => s.seg).join(',');
    const live = (doc: number) => doc < this.counters.chunk && this.isLive(doc);
    const into = this.counters.seg++;
    const insert = this.db.prepare('INSERT INTO postings(term, seg, docs) VALUES (?, ?, ?)');
    const rows = this.db.prepare(`SELECT term, docs FROM postings WHERE seg IN (${ids}) ORDER BY term, seg`).all() as Array<{ term: string; docs: Buffer }>;
    let lists = 0;
    for (let i = 0; i < rows.length;) {
      let j = i;
      let bytes = 0;
      while (j < rows.length && rows[j].term === rows[i].term) bytes += rows[j++].docs.length;
      const docs = new Int32Array(bytes / 2 + 1);
      const tfs = new Int32Array(bytes / 2 + 1);
      let n = 0;
      for (let r = i; r < j; r++) n = decodePostingsInto(rows[r].docs, docs, tfs, n, live);
      if (n) {
        const flat = new Array<number>(2 * n);
        for (let p = 0; p < n; p++) { flat[2 * p] = docs[p]; flat[2 * p + 1] = tfs[p]; }
        insert.run(rows[i].term, into, encodePostings(flat));
        lists++;
      }
      i = j;
    }
    this.db.prepare(`DELETE FROM postings WHERE seg IN (${ids})`).run();
    this.db.prepare(`DELETE FROM segments WHERE seg IN (${ids})`).run();
    this.db.prepare('INSERT INTO segments(seg, docs) VALUES (?, ?)').run(into, small.reduce((n, s) => n + s.docs, 0));
    log(`postings: merged ${small.length} small segments (${lists} term lists)`);
  }

  /** Whether a chunk id is live after this build's changes. */
  private isLive(doc: number): boolean {
    return (this.layout.chunks[3 * doc] ?? -1) >= 0 || this.newChunkIds.has(doc);
  }

  /**
   * Puts the build's vectors in place: a fresh build writes its graph; an update keeps up to MAX_PENDING_VECTORS new
   * vectors in the database and rewrites the graph file with them beyond that. Returns the graph file name.
   */
  private async placeGraph(dims: number, log: (line: string) => void): Promise<string> {
    const name = `graph-${Date.now().toString(36)}.bin`;
    if (this.mode === 'create') {
      const builder = this.builder;
      if (!builder) return '';
      this.builder = null;
      try {
        const tmp = path.join(this.dir, `${name}.tmp`);
        await builder.write(tmp);
        fs.renameSync(tmp, path.join(this.dir, name));
      } finally {
        await builder.close();
      }
      return name;
    }
    const pendingCount = (this.db.prepare('SELECT count(*) AS n FROM pending').get() as { n: number }).n;
    if (pendingCount + this.added.length <= this.maxPending && (this.counters.graph || pendingCount + this.added.length === 0)) {
      const insert = this.db.prepare('INSERT INTO pending(id, v) VALUES (?, ?)');
      for (const { label, vector } of this.added) insert.run(label, asBytes(vector));
      return this.counters.graph;
    }
    // Rewrite: the old graph with dead points marked deleted and the pending and new vectors added — or a new graph
    // from the live vectors when too many points are deleted.
    const live = new Set((this.db.prepare('SELECT id FROM chunks').raw().all() as number[][]).map((r) => r[0]));
    const pending = (this.db.prepare('SELECT id, v FROM pending').all() as Array<{ id: number; v: Buffer }>).map((r) => ({ label: r.id, vector: asVector(r.v) }));
    const incoming = [...pending, ...this.added];
    let graph: Hnsw | null = null;
    if (this.counters.graph) {
      graph = new HierarchicalNSW('cosine', dims);
      graph.readIndexSync(path.join(this.dir, this.counters.graph), true);
    }
    const inGraph = graph ? graph.getIdsList() : [];
    const dead = inGraph.filter((l) => !live.has(l));
    const deleted = dead.length;
    if (!graph || deleted > MAX_DELETED_SHARE * (inGraph.length + incoming.length)) {
      if (graph) log(`vector graph: ${deleted} deleted points, rebuilding it`);
      const old = graph;
      const livePoints = inGraph.filter((l) => live.has(l)).map((label) => ({ label, vector: old!.getPoint(label) }));
      graph = buildHnsw([...livePoints, ...incoming], livePoints.length + incoming.length, dims, this.params);
    } else {
      for (const l of dead) { try { graph.markDelete(l); } catch { /* already deleted */ } }
      const room = graph.getMaxElements() - graph.getCurrentCount();
      if (incoming.length > room) graph.resizeIndex(graph.getMaxElements() + incoming.length - room);
      for (const { label, vector } of incoming) graph.addPoint(Array.from(vector), label);
    }
    this.db.prepare('DELETE FROM pending').run();
    if (!graph) return '';
    writeGraph(graph, path.join(this.dir, name));
    return name;
  }
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
}

/** Writes a graph file completely before it is named anywhere (temporary name, fsync, rename). */
function writeGraph(graph: Hnsw, file: string): void {
  const tmp = `${file}.tmp`;
  graph.writeIndexSync(tmp);
  fsyncFile(tmp);
  fs.renameSync(tmp, file);
}

function readPageRows(db: Db): PageRow[] {
  const rows = db.prepare('SELECT id, source, hash, content_hash, meta, masthead, warnings FROM pages ORDER BY id').all() as Array<{
    id: number; source: string; hash: string; content_hash: string; meta: string; masthead: number; warnings: string;
  }>;
  return rows.map((r) => ({
    id: r.id, source: r.source, hash: r.hash, contentHash: r.content_hash, meta: JSON.parse(r.meta) as PageMeta,
    masthead: r.masthead === 1, warnings: JSON.parse(r.warnings) as string[],
  }));
}

/** Vectors a search reads: the graph's points and the pending ones, merged by distance. */
interface VectorHits {
  ids: number[];
}

/**
 * One generation as a server reads it: a snapshot of the database (a read transaction held until close, so an update
 * committed meanwhile is not seen half-way) with what ranking needs per chunk in typed arrays; text, postings and
 * vectors are read on demand.
 */
export class StoreReader {
  readonly manifest: StoreManifest;
  readonly pages: PageRow[];
  /** Page position (in `pages`) of each chunk id; -1 for ids with no live chunk. */
  readonly chunkPage: Int32Array;
  /** Article row of each chunk id (-1: none). */
  readonly chunkArticle: Int32Array;
  /** Lexical length (terms) of each chunk id. */
  readonly chunkLength: Int32Array;
  /** Article rows in page order: row id, page position, whether it may be linked with another part. */
  readonly articleRows: { ids: Int32Array; page: Int32Array; linkable: Uint8Array };
  readonly chunkCount: number;
  private readonly graphFile: string;
  private graphLoad: Promise<Hnsw | null> | null = null;
  private loadedGraph: Hnsw | null = null;
  private pendingVectors: Map<number, Float32Array> | null = null;
  private readonly statements;

  private constructor(private readonly db: Db, readonly dir: string) {
    db.exec('BEGIN');
    const manifest = readMeta<StoreManifest>(db, 'manifest');
    if (!manifest) throw new Error('no manifest');
    if (manifest.format !== INDEX_FORMAT) throw new Error(`format is ${String(manifest.format)}`);
    if (manifest.version !== INDEX_VERSION) throw new Error(`version ${manifest.version}, this program reads ${INDEX_VERSION}`);
    this.manifest = manifest;
    const counters = readMeta<Counters>(db, 'counters');
    this.graphFile = counters?.graph ?? '';
    this.pages = readPageRows(db);
    const pagePos = new Map(this.pages.map((p, i) => [p.id, i]));
    const layout = readLayout(db);
    const size = layout.chunks.length / 3;
    this.chunkPage = new Int32Array(size).fill(-1);
    this.chunkArticle = new Int32Array(size).fill(-1);
    this.chunkLength = new Int32Array(size);
    let count = 0;
    for (let id = 0; id < size; id++) {
      const page = layout.chunks[3 * id];
      if (page < 0) continue;
      this.chunkPage[id] = pagePos.get(page) ?? -1;
      this.chunkArticle[id] = layout.chunks[3 * id + 1];
      this.chunkLength[id] = layout.chunks[3 * id + 2];
      count++;
    }
    this.chunkCount = count;
    const a = layout.articles;
    const rows = a.length / 3;
    this.articleRows = { ids: new Int32Array(rows), page: new Int32Array(rows), linkable: new Uint8Array(rows) };
    for (let r = 0; r < rows; r++) {
      this.articleRows.ids[r] = a[3 * r];
      this.articleRows.page[r] = pagePos.get(a[3 * r + 1]) ?? -1;
      this.articleRows.linkable[r] = a[3 * r + 2];
    }
    this.statements = {
      chunk: db.prepare('SELECT data FROM chunks WHERE id = ?').pluck(),
      article: db.prepare('SELECT data FROM articles WHERE id = ?').pluck(),
      postings: db.prepare('SELECT docs FROM postings WHERE term = ? ORDER BY seg').pluck(),
      articlesOn: db.prepare('SELECT id FROM articles WHERE date = ? ORDER BY id').pluck(),
      undated: db.prepare('SELECT id FROM articles WHERE date IS NULL ORDER BY id').pluck(),
      rowOf: db.prepare('SELECT id FROM articles WHERE aid = ?').pluck(),
    };
  }

  /** Opens the live generation; throws IndexError with the reason when it is missing, foreign or damaged. */
  static open(outDir: string): StoreReader {
    const dir = currentGeneration(outDir);
    if (!dir) throw new IndexError(`no index in ${outDir} — run \`npm run index\` first`, { userMessage: '索引尚未建立，请稍后再试。' });
    let db: Db | null = null;
    try {
      db = new Database(path.join(dir, DB_FILE), { fileMustExist: true, timeout: 5000 });
      return new StoreReader(db, dir);
    } catch (error) {
      db?.close();
      throw new IndexError(`index in ${dir} is unreadable (${(error as Error).message}) — run \`npm run index\` to rebuild it`, { cause: error, userMessage: '索引文件损坏，请管理员重建索引。' });
    }
  }

  /** A stored chunk by id (as stored: per-page article ids), or null. */
  chunk(id: number): Chunk | null {
    if (this.chunkPage[id] === undefined || this.chunkPage[id] < 0) return null;
    const data = this.statements.chunk.get(id) as string | undefined;
    return data ? (JSON.parse(data) as Chunk) : null;
  }

  /** A stored article by row id, or null. */
  article(row: number): Article | null {
    const data = this.statements.article.get(row) as string | undefined;
    return data ? (JSON.parse(data) as Article) : null;
  }

  /** The row of the article with a stored id, or null. */
  articleRow(aid: string): number | null {
    return (this.statements.rowOf.get(aid) as number | undefined) ?? null;
  }

  /** Article rows dated `date` (null: undated). */
  articleRowsOn(date: string | null): number[] {
    return (date === null ? this.statements.undated.all() : this.statements.articlesOn.all(date)) as number[];
  }

  /** A term's postings over the live chunks. */
  readonly postings: PostingSource = (term) => {
    const blobs = this.statements.postings.all(term) as Buffer[];
    if (!blobs.length) return null;
    const room = blobs.reduce((n, b) => n + b.length, 0) / 2 + 1;
    const docs = new Int32Array(room);
    const tfs = new Int32Array(room);
    let n = 0;
    const live = (doc: number) => (this.chunkPage[doc] ?? -1) >= 0;
    for (const b of blobs) n = decodePostingsInto(b, docs, tfs, n, live);
    return n ? { docs: docs.slice(0, n), tfs: tfs.slice(0, n) } : null;
  };

  /** The graph, loaded once (in the background from the first call); dead points are marked deleted. */
  graph(): Promise<Hnsw | null> {
    this.graphLoad ??= (async () => {
      if (!this.graphFile || !this.manifest.embedder.dimensions) return null;
      const graph = new HierarchicalNSW('cosine', this.manifest.embedder.dimensions);
      await graph.readIndex(path.join(this.dir, this.graphFile), true);
      for (const label of graph.getIdsList()) if ((this.chunkPage[label] ?? -1) < 0) graph.markDelete(label);
      // ef is not saved with the index: set it after loading, to the width this many vectors need.
      graph.setEf(searchEf(this.manifest.hnsw?.efSearch ?? 64, graph.getCurrentCount()));
      this.loadedGraph = graph;
      return graph;
    })();
    return this.graphLoad;
  }

  /** Vectors of chunks added since the graph file was written (normalised), by chunk id. */
  private pending(): Map<number, Float32Array> {
    if (!this.pendingVectors) {
      this.pendingVectors = new Map();
      for (const row of this.db.prepare('SELECT id, v FROM pending').all() as Array<{ id: number; v: Buffer }>) {
        if ((this.chunkPage[row.id] ?? -1) >= 0) this.pendingVectors.set(row.id, normalised(asVector(row.v)));
      }
    }
    return this.pendingVectors;
  }

  /** Whether any vector is stored. */
  get hasVectors(): boolean {
    return !!this.graphFile || this.pending().size > 0;
  }

  /** The stored (normalised) vector of a chunk, or null (also while the graph is not loaded yet: see graph()). */
  vector(id: number): ArrayLike<number> | null {
    const p = this.pending().get(id);
    if (p) return p;
    try {
      return this.loadedGraph ? this.loadedGraph.getPoint(id) : null;
    } catch {
      return null;
    }
  }

  /** The `k` chunks nearest `query` by cosine, nearest first (graph and pending vectors merged). */
  async nearest(query: ArrayLike<number>, k: number, allow?: (id: number) => boolean): Promise<VectorHits> {
    const graph = await this.graph();
    const found: Array<{ id: number; d: number }> = [];
    if (graph && graph.getCurrentCount() > 0) {
      const res = allow ? graph.searchKnn(Array.from(query), Math.min(k, graph.getCurrentCount()), allow) : graph.searchKnn(Array.from(query), Math.min(k, graph.getCurrentCount()));
      res.neighbors.forEach((id, i) => found.push({ id, d: res.distances[i] }));
    }
    const pending = this.pending();
    if (pending.size) {
      const q = normalised(query);
      for (const [id, v] of pending) {
        if (allow && !allow(id)) continue;
        let dot = 0;
        for (let i = 0; i < v.length; i++) dot += v[i] * q[i];
        found.push({ id, d: 1 - dot });
      }
      found.sort((a, b) => a.d - b.d);
    }
    return { ids: found.slice(0, k).map((f) => f.id) };
  }

  /** Everything stored, in page order (see loadStore). */
  contents(): StoreContents {
    const encodings = new Map((this.db.prepare('SELECT id, encoding FROM pages').raw().all() as Array<[number, string]>));
    const articles = new Map<number, Article[]>();
    for (const r of this.db.prepare('SELECT page, data FROM articles ORDER BY id').raw().iterate() as Iterable<[number, string]>) {
      articles.set(r[0], [...(articles.get(r[0]) ?? []), JSON.parse(r[1]) as Article]);
    }
    const chunks = (this.db.prepare('SELECT data FROM chunks ORDER BY id').pluck().all() as string[]).map((d) => JSON.parse(d) as Chunk);
    return {
      manifest: this.manifest,
      pages: this.pages.map((p) => ({ ...p, encoding: encodings.get(p.id) ?? '', articles: articles.get(p.id) ?? [] })),
      chunks,
    };
  }

  close(): void {
    try { this.db.exec('COMMIT'); } catch { /* no transaction open */ }
    this.db.close();
  }
}


/** A whole generation read into memory: for tools and tests over small archives (a server reads with StoreReader). */
export interface StoreContents {
  manifest: StoreManifest;
  pages: Array<PageRow & { encoding: string; articles: Article[] }>;
  chunks: Chunk[];
}

/** Reads the live generation whole; throws IndexError when it is missing or unreadable (see StoreReader.open). */
export function loadStore(outDir: string): StoreContents {
  const reader = StoreReader.open(outDir);
  try {
    return reader.contents();
  } finally {
    reader.close();
  }
}
