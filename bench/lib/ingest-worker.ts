// Child process for the ingest bench: index a synthetic corpus with the no-weights embedder, or time the
// transformers.js path with a tiny generated ONNX model. Prints one JSON result line on stdout.

import { existsSync, readdirSync, appendFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { writeSyntheticCorpus, type CorpusStats } from './corpus.js';
import { loadBenchSet } from './datasets.js';
import { percentile } from './metrics.js';

const SRC = new URL('../../src/', import.meta.url);
const TEST = new URL('../../test/', import.meta.url);

/** Imports a project module by a computed URL, so this file type-checks whether or not the module has landed. */
async function importModule<T>(base: URL, relative: string): Promise<T> {
  const url = new URL(relative, base);
  if (!existsSync(fileURLToPath(url))) throw new MissingModuleError(path.relative(fileURLToPath(new URL('../../', import.meta.url)), fileURLToPath(url)));
  const specifier: string = url.href;
  return (await import(specifier)) as T;
}

export class MissingModuleError extends Error {
  override readonly name = 'MissingModuleError';
  constructor(readonly file: string) {
    super(`${file} is not in the tree yet`);
  }
}

export interface IngestTask {
  kind: 'ingest';
  corpusBytes: number;
  tmpDir: string;
}

export interface OnnxTask {
  kind: 'onnx';
  chunks: number;
  tmpDir: string;
}

export interface IngestResult {
  kind: 'ingest';
  corpus: CorpusStats;
  articles: number;
  chunks: number;
  embedder: string;
  embedderFallback: boolean;
  seconds: number;
  cpuSeconds: number;
  indexBytes: number;
  peakRssMiB: number;
  /** Second run over the unchanged corpus (incremental: nothing to re-embed). */
  noChangeSeconds: number;
  /** Third run after one page file changed. */
  oneChangedSeconds: number;
}

export interface OnnxResult {
  kind: 'onnx';
  chunks: number;
  meanChars: number;
  dimensions: number;
  writeModelSeconds: number;
  initSeconds: number;
  msPerChunk: number;
  /** Per-batch wall ms (batch size of the embedder), for spread. */
  batchP50: number;
  batchP95: number;
  hashMsPerChunk: number;
  peakRssMiB: number;
}

export interface SkippedResult {
  kind: 'skipped';
  reason: string;
}

interface IndexSummaryLike {
  articles: number;
  chunks: number;
  embedder: string;
  embedderFallback: boolean;
}

interface BuildIndexModule {
  buildIndex(options: {
    inputDir: string;
    outDir: string;
    config: unknown;
    log?: (line: string) => void;
    onProgress?: (done: number, total: number, source: string) => void;
  }): Promise<IndexSummaryLike>;
}

interface ConfigModule {
  loadConfig(env: NodeJS.ProcessEnv): unknown;
}

interface EmbeddingsLike {
  embedDocuments(texts: string[]): Promise<number[][]>;
}

interface TransformersModule {
  TransformersEmbeddings: new (options: { model: string; modelsDir: string; allowRemote: boolean }) => EmbeddingsLike & {
    init(): Promise<void>;
    readonly dimensions: number;
    dispose?(): Promise<void>;
  };
}

interface HashModule {
  HashEmbeddings: new () => EmbeddingsLike;
}

interface TinyModelModule {
  writeTinyBertModel(dir: string): Promise<void>;
}

const peakRssMiB = (): number => process.resourceUsage().maxRSS / 1024;
const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const log = (line: string): void => void process.stderr.write(`  [ingest] ${line}\n`);

function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? dirBytes(p) : entry.isFile() ? statSync(p).size : 0;
  }
  return total;
}

async function runIngest(task: IngestTask): Promise<IngestResult> {
  const { buildIndex } = await importModule<BuildIndexModule>(SRC, 'vectorstore/build-index.ts');
  const { loadConfig } = await importModule<ConfigModule>(SRC, 'config.ts');
  const inputDir = path.join(task.tmpDir, 'pages');
  const outDir = path.join(task.tmpDir, 'vectors');
  const corpus = writeSyntheticCorpus(inputDir, task.corpusBytes);
  log(`corpus: ${corpus.files} pages, ${(corpus.bytes / 2 ** 20).toFixed(1)} MiB`);
  const config = loadConfig({ ...process.env, EMBEDDING_MODEL: 'hash' });
  let lastShown = 0;
  const options = {
    inputDir,
    outDir,
    config,
    log: (line: string) => log(line),
    onProgress: (done: number, total: number) => {
      if (done === total || done - lastShown >= Math.max(1, Math.floor(total / 4))) {
        lastShown = done;
        log(`${done}/${total} files`);
      }
    },
  };
  const c0 = cpuSeconds();
  let t = performance.now();
  const summary = await buildIndex(options);
  const seconds = (performance.now() - t) / 1000;
  const cpu = cpuSeconds() - c0;
  const peak = peakRssMiB();
  const indexBytes = dirBytes(outDir);

  lastShown = 0;
  t = performance.now();
  await buildIndex(options);
  const noChangeSeconds = (performance.now() - t) / 1000;

  const first = readdirSync(inputDir).filter((f) => f.endsWith('.txt')).sort()[0];
  appendFileSync(path.join(inputDir, first), '\n## 更正\n\n本报昨日第一版报道中的日期有误，特此更正。\n');
  lastShown = 0;
  t = performance.now();
  await buildIndex(options);
  const oneChangedSeconds = (performance.now() - t) / 1000;

  return {
    kind: 'ingest',
    corpus,
    articles: summary.articles,
    chunks: summary.chunks,
    embedder: summary.embedder,
    embedderFallback: summary.embedderFallback,
    seconds,
    cpuSeconds: cpu,
    indexBytes,
    peakRssMiB: peak,
    noChangeSeconds,
    oneChangedSeconds,
  };
}

/** Chunk-sized texts (about 300 characters) cut from the bench passages. */
function chunkTexts(count: number): string[] {
  const out: string[] = [];
  for (const base of ['cmrc2018-dev', 'drcd-dev']) {
    for (const p of loadBenchSet(base).passages) {
      const chars = [...p.text];
      for (let i = 0; i + 100 < chars.length && out.length < count * 2; i += 300) out.push(chars.slice(i, i + 300).join(''));
    }
  }
  // Interleave simplified and traditional.
  return out.filter((_, i) => i % 2 === 0).slice(0, count);
}

async function runOnnx(task: OnnxTask): Promise<OnnxResult> {
  const { writeTinyBertModel } = await importModule<TinyModelModule>(TEST, 'helpers/tiny-onnx-model.ts');
  const { TransformersEmbeddings } = await importModule<TransformersModule>(SRC, 'embed/transformers-embeddings.ts');
  const { HashEmbeddings } = await importModule<HashModule>(SRC, 'embed/hash-embeddings.ts');
  const texts = chunkTexts(task.chunks);
  const modelDir = path.join(task.tmpDir, 'tiny-bert');
  let t = performance.now();
  await writeTinyBertModel(modelDir);
  const writeModelSeconds = (performance.now() - t) / 1000;
  const embeddings = new TransformersEmbeddings({ model: modelDir, modelsDir: path.join(task.tmpDir, 'models'), allowRemote: false });
  t = performance.now();
  await embeddings.init();
  const initSeconds = (performance.now() - t) / 1000;
  await embeddings.embedDocuments(texts.slice(0, 16)); // warm-up
  const batch = 16;
  const batchTimes: number[] = [];
  t = performance.now();
  for (let i = 0; i < texts.length; i += batch) {
    const b = performance.now();
    await embeddings.embedDocuments(texts.slice(i, i + batch));
    batchTimes.push(performance.now() - b);
  }
  const msPerChunk = (performance.now() - t) / texts.length;
  await embeddings.dispose?.();

  const hash = new HashEmbeddings();
  await hash.embedDocuments(texts.slice(0, 16));
  t = performance.now();
  await hash.embedDocuments(texts);
  const hashMsPerChunk = (performance.now() - t) / texts.length;
  return {
    kind: 'onnx',
    chunks: texts.length,
    meanChars: texts.reduce((s, x) => s + [...x].length, 0) / texts.length,
    dimensions: embeddings.dimensions,
    writeModelSeconds,
    initSeconds,
    msPerChunk,
    batchP50: percentile(batchTimes, 50),
    batchP95: percentile(batchTimes, 95),
    hashMsPerChunk,
    peakRssMiB: peakRssMiB(),
  };
}

const raw = process.argv[2];
if (!raw) {
  process.stderr.write('usage: ingest-worker.ts <task JSON>\n');
  process.exit(2);
}
const task = JSON.parse(raw) as IngestTask | OnnxTask;
try {
  const result = task.kind === 'ingest' ? await runIngest(task) : await runOnnx(task);
  process.stdout.write(JSON.stringify(result) + '\n');
} catch (err) {
  // A missing module is expected while the pipeline is being written; anything else is a failure worth showing.
  const reason =
    err instanceof MissingModuleError ? err.message : `failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
  if (!(err instanceof MissingModuleError)) process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  const skipped: SkippedResult = { kind: 'skipped', reason };
  process.stdout.write(JSON.stringify(skipped) + '\n');
} finally {
  rmSync(task.tmpDir, { recursive: true, force: true });
}
