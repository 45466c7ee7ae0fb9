// BM25 over search-form terms (jieba words and character bigrams): posting lists from memory or from the database,
// ranked per chunk or summed over groups of chunks (articles, pages).

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

/** One term's postings: documents ascending, with their term frequencies. */
export interface Postings {
  docs: Int32Array;
  tfs: Int32Array;
}

/** A term's postings, or null when no document holds it. */
export type PostingSource = (term: string) => Postings | null;

/** What BM25 needs besides the postings: each document's length (0: no such document) and their sum and count. */
export interface LengthStats {
  lengths: ArrayLike<number>;
  totalLength: number;
  liveDocs: number;
}

export function lengthStats(lengths: ArrayLike<number>): LengthStats {
  let totalLength = 0;
  let liveDocs = 0;
  for (let i = 0; i < lengths.length; i++) {
    totalLength += lengths[i];
    if (lengths[i] > 0) liveDocs++;
  }
  return { lengths, totalLength, liveDocs };
}

/** A function of a key, computed once per key and kept (the cache is emptied when it reaches `limit` entries). */
function cachedByKey<T>(limit: number, compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as T;
    const value = compute(key);
    if (cache.size >= limit) cache.clear();
    cache.set(key, value);
    return value;
  };
}

/**
 * The postings of `source` summed over groups of documents: `group[doc]` is a document's group (-1: left out). A
 * group's term frequency is the sum over its members — an article's chunks, a page's chunks.
 */
export function groupedPostings(source: PostingSource, group: Int32Array): PostingSource {
  return (term) => {
    const list = source(term);
    if (!list) return null;
    const tf = new Map<number, number>();
    let last = -1;
    let lastTf = 0;
    const order: number[] = [];
    // Members of a group are mostly contiguous (an article's chunks): runs are summed before the map is touched.
    const flush = () => {
      if (last < 0) return;
      const had = tf.get(last);
      if (had === undefined) order.push(last);
      tf.set(last, (had ?? 0) + lastTf);
    };
    for (let i = 0; i < list.docs.length; i++) {
      const g = group[list.docs[i]] ?? -1;
      if (g < 0) continue;
      if (g === last) { lastTf += list.tfs[i]; continue; }
      flush();
      last = g;
      lastTf = list.tfs[i];
    }
    flush();
    if (!order.length) return null;
    order.sort((a, b) => a - b);
    const docs = Int32Array.from(order);
    return { docs, tfs: docs.map((g) => tf.get(g) ?? 0) };
  };
}

/** Sums document lengths over groups (see groupedPostings). */
export function groupedLengths(lengths: ArrayLike<number>, group: Int32Array, groups: number): Float64Array {
  const out = new Float64Array(groups);
  for (let doc = 0; doc < lengths.length; doc++) {
    const g = group[doc] ?? -1;
    if (g >= 0) out[g] += lengths[doc];
  }
  return out;
}

/** BM25 ranking over a posting source. Posting lists are kept per term once read (up to `cacheTerms` of them). */
export class Bm25 {
  readonly k1: number;
  readonly b: number;
  private readonly postings: PostingSource;

  constructor(source: PostingSource, private readonly stats: LengthStats, options: LexicalOptions & { cacheTerms?: number } = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.postings = options.cacheTerms === 0 ? source : cachedByKey(options.cacheTerms ?? 4096, source);
  }

  get size(): number {
    return this.stats.liveDocs;
  }

  /** Number of documents containing `term`. */
  docFreq(term: string): number {
    return this.postings(term)?.docs.length ?? 0;
  }

  idf(term: string): number {
    const df = this.docFreq(term);
    return Math.log(1 + (this.stats.liveDocs - df + 0.5) / (df + 0.5));
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
    const { lengths, liveDocs, totalLength } = this.stats;
    const avg = liveDocs ? totalLength / liveDocs : 1;
    if (this.scratch.length < lengths.length) {
      this.scratch = new Float64Array(lengths.length);
      this.scratchSeen = new Uint8Array(lengths.length);
    }
    const scores = this.scratch;
    const seen = this.scratchSeen;
    const touched: number[] = [];
    try {
      for (const [term, w] of weights) {
        const list = this.postings(term);
        if (!list) continue;
        const idf = this.idf(term) * w;
        for (let i = 0; i < list.docs.length; i++) {
          const doc = list.docs[i];
          if (allow && !allow(doc)) continue;
          const tf = list.tfs[i];
          const len = lengths[doc] || 1;
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
}

/** A BM25 index held in memory whose documents are integer ids, added one by one: a build's new chunks. */
export class LexicalIndex {
  private readonly options: LexicalOptions;
  private lengths: number[] = [];
  /** term → flat [doc, tf, doc, tf, …], docs in the order added */
  private readonly lists = new Map<string, number[]>();
  private view: Bm25 | null = null;

  constructor(options: LexicalOptions = {}) {
    this.options = options;
  }

  /** Adds document `doc` with its terms (repeats count as term frequency); ids must ascend. */
  add(doc: number, terms: string[]): void {
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) {
      let list = this.lists.get(t);
      if (!list) { list = []; this.lists.set(t, list); }
      list.push(doc, n);
    }
    while (this.lengths.length <= doc) this.lengths.push(0);
    this.lengths[doc] = terms.length;
    this.view = null;
  }

  /** Number of distinct terms held. */
  get termCount(): number {
    return this.lists.size;
  }

  /** Every term with its flat [doc, tf, …] list. */
  entries(): IterableIterator<[string, number[]]> {
    return this.lists.entries();
  }

  /** The postings of one term. */
  readonly postings: PostingSource = (term) => {
    const list = this.lists.get(term);
    if (!list) return null;
    const docs = new Int32Array(list.length / 2);
    const tfs = new Int32Array(list.length / 2);
    for (let i = 0; i < docs.length; i++) { docs[i] = list[2 * i]; tfs[i] = list[2 * i + 1]; }
    return { docs, tfs };
  };

  private bm25(): Bm25 {
    this.view ??= new Bm25(this.postings, lengthStats(this.lengths), { ...this.options, cacheTerms: 0 });
    return this.view;
  }

  get size(): number {
    return this.bm25().size;
  }

  docFreq(term: string): number {
    return (this.lists.get(term)?.length ?? 0) / 2;
  }

  idf(term: string): number {
    return this.bm25().idf(term);
  }

  search(terms: Array<string | { term: string; weight: number }>, k: number, allow?: (doc: number) => boolean): LexicalHit[] {
    return this.bm25().search(terms, k, allow);
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
