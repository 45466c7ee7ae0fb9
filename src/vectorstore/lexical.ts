// BM25 over search-form terms (jieba words and character bigrams), incremental and serialisable.

export interface LexicalOptions {
  /** BM25 k1. Default 1.2. */
  k1?: number;
  /** BM25 b. Default 0.75. */
  b?: number;
}

export interface LexicalHit {
  doc: number;
  score: number;
}

interface Serialized {
  format: 'bm25-v1';
  k1: number;
  b: number;
  lengths: number[];
  /** term → flat [doc, tf, doc, tf, …] */
  postings: Record<string, number[]>;
}

/** A BM25 index whose documents are integer ids (chunk positions). */
export class LexicalIndex {
  readonly k1: number;
  readonly b: number;
  private lengths: number[] = [];
  private postings = new Map<string, number[]>();
  private totalLength = 0;
  private liveDocs = 0;

  constructor(options: LexicalOptions = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
  }

  get size(): number {
    return this.liveDocs;
  }

  /** Adds document `doc` with its terms (repeats count as term frequency). */
  add(doc: number, terms: string[]): void {
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) {
      let list = this.postings.get(t);
      if (!list) { list = []; this.postings.set(t, list); }
      list.push(doc, n);
    }
    while (this.lengths.length <= doc) this.lengths.push(0);
    this.lengths[doc] = terms.length;
    this.totalLength += terms.length;
    this.liveDocs++;
  }

  /**
   * Keeps only documents with `mapping[old] >= 0`, renumbered to that value — how an incremental build drops the
   * chunks of changed or removed files without re-tokenising the rest.
   */
  remap(mapping: Int32Array | number[]): void {
    const lengths: number[] = [];
    let total = 0;
    let live = 0;
    for (let old = 0; old < this.lengths.length; old++) {
      const next = mapping[old] ?? -1;
      if (next < 0) continue;
      while (lengths.length <= next) lengths.push(0);
      lengths[next] = this.lengths[old];
      total += this.lengths[old];
      live++;
    }
    const postings = new Map<string, number[]>();
    for (const [t, list] of this.postings) {
      const out: number[] = [];
      for (let i = 0; i < list.length; i += 2) {
        const next = mapping[list[i]] ?? -1;
        if (next >= 0) out.push(next, list[i + 1]);
      }
      if (out.length) postings.set(t, out);
    }
    this.lengths = lengths;
    this.postings = postings;
    this.totalLength = total;
    this.liveDocs = live;
  }

  /**
   * A coarser index whose documents are groups of this one's (chunks → articles): term frequencies and lengths are
   * summed over each group's members. `group[doc]` is the group of a document, or -1 to leave it out.
   */
  aggregate(group: Int32Array | number[]): LexicalIndex {
    const out = new LexicalIndex({ k1: this.k1, b: this.b });
    for (let doc = 0; doc < this.lengths.length; doc++) {
      const g = group[doc] ?? -1;
      if (g < 0) continue;
      while (out.lengths.length <= g) out.lengths.push(0);
      if (out.lengths[g] === 0 && this.lengths[doc] > 0) out.liveDocs++;
      out.lengths[g] += this.lengths[doc];
      out.totalLength += this.lengths[doc];
    }
    for (const [t, list] of this.postings) {
      // Members of a group are contiguous (an article's chunks), so summing runs of equal groups is enough; a group
      // split across the list (an article continued on another page) is folded in by a second, rarer pass.
      const merged: number[] = [];
      let split = false;
      const seen = new Set<number>();
      for (let i = 0; i < list.length; i += 2) {
        const g = group[list[i]] ?? -1;
        if (g < 0) continue;
        if (merged.length && merged[merged.length - 2] === g) { merged[merged.length - 1] += list[i + 1]; continue; }
        if (seen.has(g)) split = true;
        seen.add(g);
        merged.push(g, list[i + 1]);
      }
      if (split) {
        const tf = new Map<number, number>();
        for (let i = 0; i < merged.length; i += 2) tf.set(merged[i], (tf.get(merged[i]) ?? 0) + merged[i + 1]);
        out.postings.set(t, [...tf].flat());
      } else if (merged.length) {
        out.postings.set(t, merged);
      }
    }
    return out;
  }

  /** Adds every document of `other` (whose ids must not be used here) to this index. */
  merge(other: LexicalIndex): void {
    for (const [t, list] of other.postings) {
      const mine = this.postings.get(t);
      if (mine) for (const x of list) mine.push(x);
      else this.postings.set(t, [...list]);
    }
    for (let doc = 0; doc < other.lengths.length; doc++) {
      if (!other.lengths[doc]) continue;
      while (this.lengths.length <= doc) this.lengths.push(0);
      this.lengths[doc] = other.lengths[doc];
    }
    this.totalLength += other.totalLength;
    this.liveDocs += other.liveDocs;
  }

  /** Number of documents containing `term`. */
  docFreq(term: string): number {
    return (this.postings.get(term)?.length ?? 0) / 2;
  }

  idf(term: string): number {
    const df = this.docFreq(term);
    return Math.log(1 + (this.liveDocs - df + 0.5) / (df + 0.5));
  }

  /**
   * Scores documents for the query terms (each distinct term once, optionally weighted).
   * @param allow optional filter on document ids
   */
  search(terms: Array<string | { term: string; weight: number }>, k: number, allow?: (doc: number) => boolean): LexicalHit[] {
    const weights = new Map<string, number>();
    for (const t of terms) {
      const term = typeof t === 'string' ? t : t.term;
      const w = typeof t === 'string' ? 1 : t.weight;
      weights.set(term, Math.max(weights.get(term) ?? 0, w));
    }
    const avg = this.liveDocs ? this.totalLength / this.liveDocs : 1;
    if (this.scratch.length < this.lengths.length) {
      this.scratch = new Float64Array(this.lengths.length);
      this.scratchSeen = new Uint8Array(this.lengths.length);
    }
    const scores = this.scratch;
    const seen = this.scratchSeen;
    const touched: number[] = [];
    try {
      for (const [term, w] of weights) {
        const list = this.postings.get(term);
        if (!list) continue;
        const idf = this.idf(term) * w;
        for (let i = 0; i < list.length; i += 2) {
          const doc = list[i];
          if (allow && !allow(doc)) continue;
          const tf = list[i + 1];
          const len = this.lengths[doc] || 1;
          const s = (idf * tf * (this.k1 + 1)) / (tf + this.k1 * (1 - this.b + (this.b * len) / avg));
          if (!seen[doc]) { seen[doc] = 1; touched.push(doc); }
          scores[doc] += s;
        }
      }
      return topK(touched, scores, k);
    } finally {
      for (const doc of touched) { scores[doc] = 0; seen[doc] = 0; }
    }
  }

  /** Per-document score accumulator and touched flags, reused across searches (always left zeroed). */
  private scratch = new Float64Array(0);
  private scratchSeen = new Uint8Array(0);

  toJSON(): Serialized {
    return { format: 'bm25-v1', k1: this.k1, b: this.b, lengths: this.lengths, postings: Object.fromEntries(this.postings) };
  }

  static fromJSON(data: unknown): LexicalIndex {
    const d = data as Serialized;
    if (d?.format !== 'bm25-v1' || !Array.isArray(d.lengths) || typeof d.postings !== 'object') {
      throw new Error('not a bm25-v1 lexical index');
    }
    const index = new LexicalIndex({ k1: d.k1, b: d.b });
    index.lengths = d.lengths;
    index.postings = new Map(Object.entries(d.postings));
    index.totalLength = d.lengths.reduce((a, b) => a + b, 0);
    index.liveDocs = d.lengths.filter((l) => l > 0).length;
    return index;
  }
}

/** Whether hit a ranks before hit b: higher score first, then lower id. */
const before = (a: LexicalHit, b: LexicalHit): boolean => a.score > b.score || (a.score === b.score && a.doc < b.doc);

/** The best `k` of the touched documents by score (ties: lower id first), best first, without sorting them all. */
function topK(docs: readonly number[], scores: Float64Array, k: number): LexicalHit[] {
  if (k <= 0) return [];
  // A heap of the best k so far, its worst hit at the root.
  const heap: LexicalHit[] = [];
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < heap.length && before(heap[worst], heap[l])) worst = l;
      if (r < heap.length && before(heap[worst], heap[r])) worst = r;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst], heap[i]];
      i = worst;
    }
  };
  for (const doc of docs) {
    const hit = { doc, score: scores[doc] };
    if (heap.length < k) {
      heap.push(hit);
      for (let i = heap.length - 1; i > 0;) {
        const p = (i - 1) >> 1;
        if (!before(heap[p], heap[i])) break;
        [heap[p], heap[i]] = [heap[i], heap[p]];
        i = p;
      }
    } else if (before(hit, heap[0])) {
      heap[0] = hit;
      down(0);
    }
  }
  return heap.sort((a, b) => b.score - a.score || a.doc - b.doc);
}
