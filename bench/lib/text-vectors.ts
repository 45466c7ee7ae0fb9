// Real text vectors for the scale bench: chunks recombined from the bench passages, embedded by the project's
// no-weights embedder (src/embed/hash-embeddings.ts), with the dev questions as queries.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadBenchSet } from './datasets.js';
import { mulberry32 } from './vectors.js';

interface HashModule {
  HashEmbeddings: new () => { readonly dimensions: number; embedText(text: string): number[] };
}

const MODULE_URL = new URL('../../src/embed/hash-embeddings.ts', import.meta.url);

/** Why text vectors cannot be made, or null when the embedder is there. */
export function textVectorsUnavailable(): string | null {
  return existsSync(fileURLToPath(MODULE_URL)) ? null : 'src/embed/hash-embeddings.ts is not in the tree yet';
}

export interface TextVectors {
  dim: number;
  vectors: Float32Array;
  queries: Float32Array[];
}

/**
 * `n` chunks of 3–5 sentences drawn at random from the CMRC 2018 and DRCD dev passages (both scripts), embedded
 * with HashEmbeddings; queries are every m-th dev question, embedded the same way. Deterministic for a seed.
 */
export async function makeTextVectors(n: number, queryCount: number, seed: number): Promise<TextVectors> {
  const specifier: string = MODULE_URL.href;
  const { HashEmbeddings } = (await import(specifier)) as HashModule;
  const embedder = new HashEmbeddings();
  const dim = embedder.dimensions;
  const sets = ['cmrc2018-dev', 'drcd-dev'].map((b) => loadBenchSet(b));
  const sentences: string[] = [];
  for (const { passages } of sets) {
    for (const p of passages) {
      for (const s of p.text.match(/[^。！？!?]+[。！？!?]?/gu) ?? []) if ([...s.trim()].length >= 8) sentences.push(s.trim());
    }
  }
  const rand = mulberry32(seed);
  const vectors = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const count = 3 + Math.floor(rand() * 3);
    let text = '';
    for (let j = 0; j < count; j++) text += sentences[Math.floor(rand() * sentences.length)];
    vectors.set(embedder.embedText(text), i * dim);
  }
  const questions = sets.flatMap((s) => s.questions.map((q) => q.question));
  const step = Math.max(1, Math.floor(questions.length / queryCount));
  const queries: Float32Array[] = [];
  for (let i = 0; i < questions.length && queries.length < queryCount; i += step) {
    queries.push(Float32Array.from(embedder.embedText(questions[i])));
  }
  return { dim, vectors, queries };
}
