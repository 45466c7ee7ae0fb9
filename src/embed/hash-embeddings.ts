// The built-in embedder that needs no weights: idf-weighted jieba words and character bigrams, feature-hashed.
import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { bigrams, toSearchForm, words } from '../text/search-form.js';

const require = createRequire(import.meta.url);

/**
 * Bump when anything below changes the vectors (terms, hashing, weights, or a nodejieba/opencc upgrade that changes
 * segmentation or the dictionary): the index stores the embedder id and refuses to mix vectors of different versions.
 */
const ALGORITHM_VERSION = 1;

/**
 * Documents per "collection" in the Poisson model that turns dictionary word frequencies into idf: a word seen
 * `f` times in jieba's ~60M-token corpus is taken to occur in a fraction `1 - e^(-f/D)` of documents, so
 * `idf = -ln(1 - e^(-f/D))`. 5e5 matches the scale of jieba's own keyword idf table and worked best on the
 * CMRC 2018 / DRCD dev sets.
 */
const POISSON_DOCUMENTS = 500_000;
/**
 * idf of rare words: the cap for dictionary words and the value for words the dictionary does not know (names,
 * numbers, new words, OCR errors). Capping keeps one odd token from swamping a passage.
 */
const RARE_WORD_IDF = 8;
/**
 * Bigrams carry no dictionary statistics, so they get one flat weight (relative to word idf). They recover matches
 * that jieba segments differently in question and passage (审批事项 vs 审批 + 事项) and OCR-split words.
 */
const BIGRAM_IDF = 3.6;

/** FNV-1a offset bases used as seeds, so words and bigrams hash into independent positions. */
const WORD_SEED = 0x811c9dc5;
const BIGRAM_SEED = 0x9747b28c;

/** Hashed in place of the terms of a text that has none (no word or bigram contains NUL). */
const EMPTY_TERM = '\u0000';

export interface HashEmbeddingsOptions extends EmbeddingsParams {
  /** Vector length. Default 512. Part of the embedder id: an index built with one size cannot be read with another. */
  dimensions?: number;
}

/**
 * Cap and unknown-word value of {@link dictionaryIdf}. Kept apart from {@link RARE_WORD_IDF} (an embedding weight
 * that may be retuned) because callers scale by it.
 */
export const DICTIONARY_IDF_CAP = 9;

let commonWordIdf: Map<string, number> | null = null;

/**
 * idf of the dictionary words commoner than {@link DICTIONARY_IDF_CAP}, read once from nodejieba's own dictionary
 * ("word freq tag" lines). Rarer words are left out: they get the cap anyway, and skipping them keeps the map
 * small (about 47k of the 350k entries) and the first embedding fast.
 */
function loadCommonWordIdf(): Map<string, number> {
  if (commonWordIdf) return commonWordIdf;
  const dictPath: string = require('nodejieba').DEFAULT_DICT;
  const minFreq = -POISSON_DOCUMENTS * Math.log1p(-Math.exp(-Math.max(DICTIONARY_IDF_CAP, RARE_WORD_IDF)));
  const idf = new Map<string, number>();
  for (const line of readFileSync(dictPath, 'utf8').split('\n')) {
    const a = line.indexOf(' ');
    if (a <= 0) continue;
    const freq = parseInt(line.slice(a + 1, a + 12), 10);
    if (!(freq > minFreq)) continue;
    const word = line.slice(0, a).toLowerCase();
    const value = -Math.log(-Math.expm1(-freq / POISSON_DOCUMENTS));
    const known = idf.get(word);
    // Lower-casing can merge two entries ("B超"/"b超"); the commoner one decides.
    if (known === undefined || value < known) idf.set(word, value);
  }
  commonWordIdf = idf;
  return idf;
}

/** FNV-1a over UTF-16 code units, finished with murmur3's fmix32 so every output bit depends on every input bit. */
function hash32(text: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function countTerms(terms: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/**
 * LangChain `Embeddings` that need no model weights: the text's search form (simplified script, NFKC, lower case)
 * is cut into jieba words and character bigrams, each weighted `(1 + ln tf) × idf` and added into a fixed-size
 * vector at a hashed position with a hashed sign, then L2-normalised. idf comes from jieba's dictionary, never
 * from the indexed corpus, so a vector depends only on its text and vectors stay valid across incremental builds.
 * Traditional and simplified spellings of a text embed identically.
 *
 * @example
 * const embeddings = new HashEmbeddings();
 * const [vector] = await embeddings.embedDocuments(['市行政审批服务管理局局长接受本报记者采访']);
 * embeddings.id; // "hash-v1-512"
 */
export class HashEmbeddings extends Embeddings {
  /** Identifies algorithm version and dimension in the index manifest, e.g. `hash-v1-512`. */
  readonly id: string;
  /** Vector length. */
  readonly dimensions: number;

  constructor(options: HashEmbeddingsOptions = {}) {
    super(options);
    const dimensions = options.dimensions ?? 512;
    if (!Number.isSafeInteger(dimensions) || dimensions < 1) {
      throw new RangeError(`HashEmbeddings dimensions must be a positive integer, got ${dimensions}`);
    }
    this.dimensions = dimensions;
    this.id = `hash-v${ALGORITHM_VERSION}-${dimensions}`;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((d) => this.embedText(d));
  }

  async embedQuery(document: string): Promise<number[]> {
    return this.embedText(document);
  }

  /** Synchronous form of {@link embedQuery}; documents and queries are embedded the same way. */
  embedText(text: string): number[] {
    const idf = loadCommonWordIdf();
    const dim = this.dimensions;
    const vector = new Float64Array(dim);
    // Plain loops and no closures: this runs for every chunk of the archive.
    const form = toSearchForm(text);
    for (const [word, tf] of countTerms(words(form))) {
      const weight = (1 + Math.log(tf)) * Math.min(idf.get(word) ?? RARE_WORD_IDF, RARE_WORD_IDF);
      const h = hash32(word, WORD_SEED);
      vector[(h & 0x7fffffff) % dim] += h >>> 31 ? -weight : weight;
    }
    for (const [bigram, tf] of countTerms(bigrams(form))) {
      const weight = (1 + Math.log(tf)) * BIGRAM_IDF;
      const h = hash32(bigram, BIGRAM_SEED);
      vector[(h & 0x7fffffff) % dim] += h >>> 31 ? -weight : weight;
    }
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += vector[d] * vector[d];
    if (norm === 0) {
      // A text without terms (empty, punctuation only) still gets a unit vector: a zero vector has no cosine and
      // would poison a cosine index with NaN distances.
      const h = hash32(EMPTY_TERM, WORD_SEED);
      vector[(h & 0x7fffffff) % dim] = h >>> 31 ? -1 : 1;
      norm = 1;
    }
    norm = Math.sqrt(norm);
    const out: number[] = new Array(dim);
    for (let d = 0; d < dim; d++) out[d] = vector[d] / norm;
    return out;
  }
}

/**
 * General-language idf of a word from jieba's dictionary, at most {@link DICTIONARY_IDF_CAP} (which unknown words
 * get). Lets the answerer tell a common word an archive happens to lack (做好) from a specific one it lacks (财政收入).
 */
export function dictionaryIdf(word: string): number {
  return loadCommonWordIdf().get(word.toLowerCase()) ?? DICTIONARY_IDF_CAP;
}
