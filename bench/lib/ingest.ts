// Ingest section: MB/s through ingest + chunk + no-weights embedding + store, and the transformers.js per-chunk cost.

import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChild } from './child.js';
import type { IngestResult, OnnxResult, SkippedResult } from './ingest-worker.js';

const WORKER = fileURLToPath(new URL('./ingest-worker.ts', import.meta.url));

export interface IngestPlan {
  corpusBytes: number;
  onnxChunks: number;
}

export const FULL_INGEST: IngestPlan = { corpusBytes: 3 * 2 ** 20, onnxChunks: 1024 };
export const QUICK_INGEST: IngestPlan = { corpusBytes: 2 * 2 ** 20, onnxChunks: 256 };

export interface IngestReport {
  plan: IngestPlan;
  ingest: IngestResult | SkippedResult;
  onnx: OnnxResult | SkippedResult;
}

export async function runIngestBench(plan: IngestPlan, log: (line: string) => void): Promise<IngestReport> {
  const tmp = (name: string): string => path.join(os.tmpdir(), `newspaper-bench-${process.pid}-${name}`);
  log(`ingest: indexing a ${(plan.corpusBytes / 2 ** 20).toFixed(0)} MiB synthetic corpus with the no-weights embedder …`);
  const ingest = await runChild<IngestResult | SkippedResult>(WORKER, { kind: 'ingest', corpusBytes: plan.corpusBytes, tmpDir: tmp('ingest') });
  if (ingest.kind === 'skipped') log(`  skipped: ${ingest.reason}`);
  log(`ingest: transformers.js with a tiny generated ONNX model, ${plan.onnxChunks} chunks …`);
  const onnx = await runChild<OnnxResult | SkippedResult>(WORKER, { kind: 'onnx', chunks: plan.onnxChunks, tmpDir: tmp('onnx') });
  if (onnx.kind === 'skipped') log(`  skipped: ${onnx.reason}`);
  return { plan, ingest, onnx };
}

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);

export function formatIngest(r: IngestReport): string {
  const out: string[] = [];
  out.push('#### No-weights path: `buildIndex` (src/vectorstore/build-index.ts), `EMBEDDING_MODEL=hash`', '');
  if (r.ingest.kind === 'skipped') {
    out.push(`Skipped: ${r.ingest.reason}.`);
  } else {
    const g = r.ingest;
    out.push(
      `Corpus: ${g.corpus.files} synthetic page files (${mb(g.corpus.bytes)} MB UTF-8, ${(g.corpus.chars / 1e6).toFixed(2)} M characters), ` +
        `sentences of the CMRC 2018 / DRCD dev passages recombined into pages with YAML front matter, \`##\` headlines, column labels, ` +
        `\`本报讯\` leads and bylines; one page in three in traditional script. Measured in a child process; MB = 10^6 bytes of input.`,
      '',
    );
    out.push('| measure | value |', '|---|---:|');
    const rows: Array<[string, string]> = [
      ['articles / chunks', `${g.articles} / ${g.chunks}`],
      ['embedder', `${g.embedder}${g.embedderFallback ? ' (fallback)' : ''}`],
      ['full build, wall', `${g.seconds.toFixed(1)} s`],
      ['full build, CPU', `${g.cpuSeconds.toFixed(1)} s`],
      ['**throughput**', `**${(g.corpus.bytes / 1e6 / g.seconds).toFixed(2)} MB/s** (${Math.round(g.corpus.chars / g.seconds).toLocaleString('en')} characters/s, ${Math.round(g.chunks / g.seconds)} chunks/s)`],
      ['index on disk', `${mb(g.indexBytes)} MB`],
      ['peak RSS', `${g.peakRssMiB.toFixed(0)} MiB`],
      ['re-run, nothing changed', `${g.noChangeSeconds.toFixed(1)} s`],
      ['re-run, one page changed', `${g.oneChangedSeconds.toFixed(1)} s`],
    ];
    for (const [k, v] of rows) out.push(`| ${k} | ${v} |`);
  }
  out.push('', '#### transformers.js path with a tiny generated ONNX model', '');
  if (r.onnx.kind === 'skipped') {
    out.push(`Skipped: ${r.onnx.reason}.`);
  } else {
    const o = r.onnx;
    out.push(
      `\`writeTinyBertModel\` (test/helpers/tiny-onnx-model.ts) writes a BERT-shaped ONNX model with no attention layers ` +
        `(embedding lookup, masked mean, tanh; width ${o.dimensions}) and a real WordPiece tokenizer; \`TransformersEmbeddings\` ` +
        `(src/embed/transformers-embeddings.ts) loads it offline and embeds ${o.chunks} chunk-sized texts (${o.meanChars.toFixed(0)} ` +
        `characters on average, cut from the bench passages) in batches of 16. This is the cost of the plumbing — tokeniser, ONNX Runtime ` +
        `session, pooling, normalisation — a floor under what a real model such as bge-small-zh-v1.5 costs per chunk, not an estimate of it.`,
      '',
    );
    out.push('| measure | value |', '|---|---:|');
    const rows: Array<[string, string]> = [
      ['write model', `${o.writeModelSeconds.toFixed(2)} s`],
      ['load (`init`)', `${o.initSeconds.toFixed(2)} s`],
      ['**per chunk**', `**${o.msPerChunk.toFixed(2)} ms**`],
      ['per batch of 16, p50 / p95', `${o.batchP50.toFixed(1)} / ${o.batchP95.toFixed(1)} ms`],
      ['no-weights embedder, same texts', `${o.hashMsPerChunk.toFixed(2)} ms per chunk`],
      ['peak RSS', `${o.peakRssMiB.toFixed(0)} MiB`],
    ];
    for (const [k, v] of rows) out.push(`| ${k} | ${v} |`);
  }
  return out.join('\n');
}
