// Builds a fresh HNSW graph on a worker thread while the build reads and embeds the next pages: on two cores the
// graph's construction, the larger part of a full build, no longer adds to the reading time.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { HnswParams } from './hnsw-params.js';

/**
 * The worker's code, plain JavaScript (a worker does not inherit the TypeScript loader): it owns one graph, grows it as
 * points arrive, and writes it to a file when told to.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { HierarchicalNSW } = require(workerData.hnswlib);
let graph = null;
let capacity = 0;
parentPort.on('message', (m) => {
  try {
    if (m.type === 'add') {
      const dims = m.dims;
      if (!graph) {
        graph = new HierarchicalNSW('cosine', dims);
        capacity = 1024;
        graph.initIndex(capacity, workerData.M, workerData.efConstruction, 100);
      }
      const n = m.labels.length;
      if (graph.getCurrentCount() + n > capacity) {
        while (graph.getCurrentCount() + n > capacity) capacity *= 2;
        graph.resizeIndex(capacity);
      }
      for (let i = 0; i < n; i++) graph.addPoint(Array.from(m.vectors.subarray(i * dims, (i + 1) * dims)), m.labels[i]);
    } else if (m.type === 'write') {
      if (!graph) return parentPort.postMessage({ type: 'written', count: 0 });
      graph.setEf(workerData.efSearch);
      graph.writeIndexSync(m.file);
      const fd = fs.openSync(m.file, 'r+');
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      parentPort.postMessage({ type: 'written', count: graph.getCurrentCount() });
    }
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String(error && error.message || error) });
  }
});
`;

/** A graph being built on a worker thread: points go in as they are embedded; write() waits for all of them. */
export class GraphBuilder {
  private readonly worker: Worker;
  private failure: Error | null = null;
  private closing = false;
  private waiting: { resolve: (count: number) => void; reject: (error: Error) => void } | null = null;

  constructor(params: HnswParams) {
    const hnswlib = createRequire(import.meta.url).resolve('hnswlib-node');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { hnswlib, ...params } });
    this.worker.on('message', (m: { type: string; count?: number; message?: string }) => {
      if (m.type === 'error') this.fail(new Error(`vector graph: ${m.message}`));
      else if (m.type === 'written') { this.waiting?.resolve(m.count ?? 0); this.waiting = null; }
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => { if (code !== 0 && !this.closing) this.fail(new Error(`vector graph worker exited with code ${code}`)); });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.waiting?.reject(error);
    this.waiting = null;
  }

  /** Queues labelled vectors (all of one dimension) for the graph. */
  add(labels: readonly number[], vectors: readonly Float32Array[]): void {
    if (this.failure) throw this.failure;
    if (!labels.length) return;
    const dims = vectors[0].length;
    const flat = new Float32Array(labels.length * dims);
    vectors.forEach((v, i) => flat.set(v, i * dims));
    const ids = Int32Array.from(labels);
    this.worker.postMessage({ type: 'add', dims, labels: ids, vectors: flat }, [flat.buffer, ids.buffer]);
  }

  /** Writes the graph to `file` once every queued point is in; resolves with the number of points. */
  write(file: string): Promise<number> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.worker.postMessage({ type: 'write', file });
    });
  }

  /** Stops the worker (the graph is dropped). */
  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }
}
