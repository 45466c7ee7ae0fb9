// A small Okapi BM25 index over pre-tokenised documents, the core of the lexical peers.

import type { Hit } from './types.js';

export interface Bm25Options {
  /** Term-frequency saturation. Default 1.2 (Lucene/Elasticsearch). */
  k1?: number;
  /** Length normalisation. Default 0.75. */
  b?: number;
}

interface Posting {
  docs: number[];
  tfs: number[];
}

/**
 * Okapi BM25 with the Lucene idf `ln(1 + (N - df + 0.5) / (df + 0.5))`, which stays positive for common terms.
 * Query terms are deduplicated: a repeated word in a question does not count twice.
 *
 * @example
 * const index = new Bm25Index();
 * index.add('a', ['北京', '天安门']);
 * index.search(['天安门'], 5); // [{ id: 'a', score: … }]
 */
export class Bm25Index {
  private readonly k1: number;
  private readonly b: number;
  private readonly ids: string[] = [];
  private readonly lengths: number[] = [];
  private readonly postings = new Map<string, Posting>();
  private totalLength = 0;

  constructor(options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
  }

  get size(): number {
    return this.ids.length;
  }

  add(id: string, tokens: readonly string[]): void {
    const doc = this.ids.length;
    this.ids.push(id);
    this.lengths.push(tokens.length);
    this.totalLength += tokens.length;
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [term, n] of tf) {
      let p = this.postings.get(term);
      if (!p) {
        p = { docs: [], tfs: [] };
        this.postings.set(term, p);
      }
      p.docs.push(doc);
      p.tfs.push(n);
    }
  }

  search(queryTokens: readonly string[], k: number): Hit[] {
    const n = this.ids.length;
    if (n === 0 || k <= 0) return [];
    const avgdl = this.totalLength / n || 1;
    const scores = new Float64Array(n);
    const touched: number[] = [];
    for (const term of new Set(queryTokens)) {
      const p = this.postings.get(term);
      if (!p) continue;
      const df = p.docs.length;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (let i = 0; i < df; i++) {
        const doc = p.docs[i];
        const tf = p.tfs[i];
        const norm = this.k1 * (1 - this.b + (this.b * this.lengths[doc]) / avgdl);
        if (scores[doc] === 0) touched.push(doc);
        scores[doc] += (idf * tf * (this.k1 + 1)) / (tf + norm);
      }
    }
    touched.sort((a, b) => scores[b] - scores[a] || a - b);
    return touched.slice(0, k).map((doc) => ({ id: this.ids[doc], score: scores[doc] }));
  }
}
