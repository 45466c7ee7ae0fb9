// Child process for the scale bench: builds one vector index and reports times and peak RSS as JSON on stdout.
// Run by bench/lib/scale.ts as `node --import tsx bench/lib/scale-worker.ts '<task JSON>'`, one task per process,
// so that process.resourceUsage().maxRSS is the peak of that task alone.

import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import hnswlib from 'hnswlib-node';
import { overlapRecall, percentile } from './metrics.js';
import { makeTextVectors } from './text-vectors.js';
import { VectorSource, type DataSpec } from './vectors.js';

const { HierarchicalNSW } = hnswlib;

/**
 * Exact search as a flat scan: dot products over one Float32Array (cosine, as the vectors are unit length), which
 * is what a store without ANN does. Writes the exact top-k of every query at each checkpoint for the HNSW tasks.
 * (hnswlib's BruteforceSearch would do the same in C++, but feeding it 1M points through N-API costs ~100 µs each.)
 */
export interface TruthTask {
  kind: 'truth';
  data: DataSpec;
  checkpoints: number[];
  queries: number;
  k: number;
  truthFile: string;
}

/** HNSW build over the same stream, queried at each checkpoint for every ef against the truth file. */
export interface HnswTask {
  kind: 'hnsw';
  data: DataSpec;
  M: number;
  efConstruction: number;
  efs: number[];
  checkpoints: number[];
  queries: number;
  k: number;
  truthFile: string;
  /** Folder for the written index (deleted afterwards). */
  tmpDir: string;
}

export type ScaleTask = TruthTask | HnswTask;

export interface LatencyStats {
  /** Wall-clock milliseconds per query. */
  p50: number;
  p95: number;
  /** Mean CPU milliseconds per query (user + system): unlike wall time, not inflated by other processes. */
  cpuMs: number;
}

export interface TruthResult {
  kind: 'truth';
  data: DataSpec;
  /** Seconds to generate the vectors into one Float32Array. */
  addSeconds: number;
  /** Bytes of the Float32Array holding the vectors. */
  dataBytes: number;
  exact: Array<{ n: number } & LatencyStats>;
  peakRssMiB: number;
}

export interface HnswCheckpoint {
  n: number;
  buildSeconds: number;
  perEf: Array<{ ef: number; recall: number } & LatencyStats>;
}

export interface HnswResult {
  kind: 'hnsw';
  data: DataSpec;
  M: number;
  efConstruction: number;
  /** Wall-clock seconds spent in addPoint only (vector generation excluded). */
  buildSeconds: number;
  /** CPU seconds (user + system) spent in addPoint. */
  buildCpuSeconds: number;
  /** Cumulative addPoint CPU seconds after each block of insertions: [points, seconds]. */
  blocks: Array<[number, number]>;
  checkpoints: HnswCheckpoint[];
  /** Resident memory just before initIndex and just after the last insert (current, not peak). */
  rssBeforeBuildMiB: number;
  rssAfterBuildMiB: number;
  peakRssMiB: number;
  fileBytes: number;
  writeSeconds: number;
  readSeconds: number;
}

export type ScaleResult = TruthResult | HnswResult;

const mib = (bytes: number): number => bytes / 2 ** 20;
// process.resourceUsage().maxRSS is in kilobytes.
const peakRssMiB = (): number => process.resourceUsage().maxRSS / 1024;
const log = (line: string): void => void process.stderr.write(`  [worker] ${line}\n`);

function queriesOf(spec: DataSpec, count: number): number[][] {
  const src = new VectorSource(spec, 1);
  return Array.from({ length: count }, () => Array.from(src.next()));
}

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function timeQueries<Q>(queries: Q[], k: number, search: (q: Q, k: number) => number[]): { stats: LatencyStats; results: number[][] } {
  const times: number[] = [];
  const results: number[][] = [];
  const cpu0 = cpuSeconds();
  for (const q of queries) {
    const t = performance.now();
    results.push(search(q, k));
    times.push(performance.now() - t);
  }
  const cpuMs = ((cpuSeconds() - cpu0) * 1000) / Math.max(1, queries.length);
  return { stats: { p50: percentile(times, 50), p95: percentile(times, 95), cpuMs }, results };
}

/** Indices of the k largest dot products of `q` with the first `n` rows of `data`, best first. */
export function exactTopK(data: Float32Array, dim: number, n: number, q: Float32Array, k: number): number[] {
  const ids: number[] = [];
  const scores: number[] = [];
  for (let row = 0; row < n; row++) {
    const off = row * dim;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < dim; i += 4) {
      s0 += data[off + i] * q[i];
      s1 += data[off + i + 1] * q[i + 1];
      s2 += data[off + i + 2] * q[i + 2];
      s3 += data[off + i + 3] * q[i + 3];
    }
    const score = s0 + s1 + s2 + s3;
    if (ids.length === k && score <= scores[k - 1]) continue;
    let j = ids.length === k ? k - 1 : ids.length;
    while (j > 0 && scores[j - 1] < score) {
      if (j < k) {
        scores[j] = scores[j - 1];
        ids[j] = ids[j - 1];
      }
      j--;
    }
    scores[j] = score;
    ids[j] = row;
    if (ids.length > k) {
      ids.length = k;
      scores.length = k;
    }
  }
  return ids;
}

/** Where the 'text' distribution's vectors and queries are kept between the truth task and the HNSW tasks. */
const textFiles = (truthFile: string): { vectors: string; queries: string } => ({
  vectors: `${truthFile}.vectors.f32`,
  queries: `${truthFile}.queries.json`,
});

async function runTruth(task: TruthTask): Promise<TruthResult> {
  const { data: spec } = task;
  if (spec.dim % 4 !== 0) throw new Error('dim must be a multiple of 4');
  const tg = performance.now();
  let data: Float32Array;
  let queries: Float32Array[];
  mkdirSync(path.dirname(task.truthFile), { recursive: true });
  if (spec.distribution === 'text') {
    const tv = await makeTextVectors(spec.n, task.queries, spec.seed);
    if (tv.dim !== spec.dim) throw new Error(`the no-weights embedder has dimension ${tv.dim}, the plan says ${spec.dim}`);
    data = tv.vectors;
    queries = tv.queries;
    const files = textFiles(task.truthFile);
    writeFileSync(files.vectors, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    writeFileSync(files.queries, JSON.stringify(queries.map((q) => Array.from(q))));
  } else {
    queries = queriesOf(spec, task.queries).map((q) => Float32Array.from(q));
    data = new Float32Array(spec.n * spec.dim);
    const src = new VectorSource(spec);
    for (let i = 0; i < spec.n; i++) src.next(data.subarray(i * spec.dim, (i + 1) * spec.dim));
  }
  const addSeconds = (performance.now() - tg) / 1000;
  log(`${spec.distribution} n=${spec.n}: vectors ready in ${addSeconds.toFixed(1)} s`);
  const truth: Record<string, number[][]> = {};
  const exact: TruthResult['exact'] = [];
  for (const n of task.checkpoints) {
    const { stats, results } = timeQueries(queries, task.k, (q, k) => exactTopK(data, spec.dim, n, q, k));
    truth[String(n)] = results;
    exact.push({ n, ...stats });
    log(`exact ${spec.distribution} n=${n}: p50 ${stats.p50.toFixed(1)} ms`);
  }
  writeFileSync(task.truthFile, JSON.stringify(truth));
  return { kind: 'truth', data: spec, addSeconds, dataBytes: data.byteLength, exact, peakRssMiB: peakRssMiB() };
}

/** The stored points of a task in insertion order, and its queries as plain arrays (what hnswlib-node takes). */
function openPoints(task: HnswTask): { queries: number[][]; next(i: number, out: Float32Array): Float32Array } {
  const { data } = task;
  if (data.distribution === 'text') {
    const files = textFiles(task.truthFile);
    const buf = readFileSync(files.vectors);
    const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    const queries = JSON.parse(readFileSync(files.queries, 'utf8')) as number[][];
    return {
      queries,
      next: (i, out) => {
        out.set(all.subarray(i * data.dim, (i + 1) * data.dim));
        return out;
      },
    };
  }
  const src = new VectorSource(data);
  return { queries: queriesOf(data, task.queries), next: (_i, out) => src.next(out) };
}

function runHnsw(task: HnswTask): HnswResult {
  const { data } = task;
  const truth = JSON.parse(readFileSync(task.truthFile, 'utf8')) as Record<string, number[][]>;
  const points = openPoints(task);
  const queries = points.queries;
  const rssBeforeBuildMiB = mib(process.memoryUsage().rss);
  const index = new HierarchicalNSW('cosine', data.dim);
  index.initIndex(data.n, task.M, task.efConstruction, 100);
  const vec = new Float32Array(data.dim);
  const checkpoints = new Set(task.checkpoints);
  const blockSize = Math.max(1000, Math.floor(data.n / 20));
  const blocks: Array<[number, number]> = [];
  const results: HnswCheckpoint[] = [];
  let buildSeconds = 0;
  let buildCpuSeconds = 0;
  // hnswlib-node takes plain arrays only; one reused array avoids an allocation per point.
  const point: number[] = new Array<number>(data.dim).fill(0);
  for (let i = 0; i < data.n; i++) {
    points.next(i, vec);
    for (let d = 0; d < data.dim; d++) point[d] = vec[d];
    const t = performance.now();
    const c = cpuSeconds();
    index.addPoint(point, i);
    buildCpuSeconds += cpuSeconds() - c;
    buildSeconds += (performance.now() - t) / 1000;
    const n = i + 1;
    if (n % blockSize === 0 || n === data.n) {
      blocks.push([n, buildCpuSeconds]);
      if (n % (blockSize * 5) === 0 || n === data.n) log(`M=${task.M} efC=${task.efConstruction} ${data.distribution} n=${data.n}: ${n} points, ${buildSeconds.toFixed(1)} s`);
    }
    if (checkpoints.has(n)) {
      const exact = truth[String(n)];
      if (!exact) throw new Error(`truth file ${task.truthFile} has no checkpoint ${n}`);
      const perEf: HnswCheckpoint['perEf'] = [];
      for (const ef of task.efs) {
        index.setEf(ef);
        const { stats, results: got } = timeQueries(queries, task.k, (q, k) => index.searchKnn(q, k).neighbors);
        const recall = got.reduce((sum, ids, qi) => sum + overlapRecall(ids, exact[qi]), 0) / got.length;
        perEf.push({ ef, recall, ...stats });
      }
      results.push({ n, buildSeconds, perEf });
    }
  }
  const peak = peakRssMiB();
  const rssAfterBuildMiB = mib(process.memoryUsage().rss);
  mkdirSync(task.tmpDir, { recursive: true });
  const file = path.join(task.tmpDir, `hnsw-${process.pid}.bin`);
  let t = performance.now();
  index.writeIndexSync(file);
  const writeSeconds = (performance.now() - t) / 1000;
  const fileBytes = statSync(file).size;
  t = performance.now();
  const loaded = new HierarchicalNSW('cosine', data.dim);
  loaded.readIndexSync(file);
  const readSeconds = (performance.now() - t) / 1000;
  rmSync(file, { force: true });
  return {
    kind: 'hnsw',
    data,
    M: task.M,
    efConstruction: task.efConstruction,
    buildSeconds,
    buildCpuSeconds,
    blocks,
    checkpoints: results,
    rssBeforeBuildMiB,
    rssAfterBuildMiB,
    peakRssMiB: peak,
    fileBytes,
    writeSeconds,
    readSeconds,
  };
}

const raw = process.argv[2];
if (!raw) {
  process.stderr.write('usage: scale-worker.ts <task JSON>\n');
  process.exit(2);
}
const task = JSON.parse(raw) as ScaleTask;
const result: ScaleResult = task.kind === 'truth' ? await runTruth(task) : runHnsw(task);
process.stdout.write(JSON.stringify(result) + '\n');
