// The peers the project's retrieval is measured against: jieba BM25, bigram BM25 and their RRF, on the project's
// search form of the text (the real competition) and, labelled naive, on the raw text.

import { Bm25Index } from './bm25.js';
import { bigramTokens, jiebaTokens, searchFormBigramTokens, searchFormJiebaTokens } from './tokenize.js';
import type { BenchDoc, DocSearcher, Hit, Peer } from './types.js';

type Tokenize = (text: string) => string[];

interface SyncSearcher extends DocSearcher {
  search(question: string, k: number): Hit[];
}

function bm25Searcher(docs: readonly BenchDoc[], tokenize: Tokenize): SyncSearcher {
  const index = new Bm25Index();
  for (const d of docs) index.add(d.id, tokenize(d.text));
  return { search: (question, k) => index.search(tokenize(question), k) };
}

/**
 * Reciprocal rank fusion: each list contributes `1 / (c + rank)` for every id it ranks.
 * `c = 60` is the constant of Cormack et al. (2009).
 */
export function fuseRrf(lists: ReadonlyArray<readonly Hit[]>, k: number, c = 60): Hit[] {
  const scores = new Map<string, number>();
  for (const list of lists) {
    list.forEach((hit, i) => scores.set(hit.id, (scores.get(hit.id) ?? 0) + 1 / (c + i + 1)));
  }
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).slice(0, k);
}

/** Candidates each list contributes to the fusion. */
const RRF_DEPTH = 100;

const BM25_NOTE = 'BM25 (k1 1.2, b 0.75)';
const SEARCH_FORM_NOTE = 'documents and questions in the project’s search form (`toSearchForm`: NFKC, OpenCC traditional → simplified, lower case)';

function bm25Peer(name: string, description: string, tokenize: Tokenize, normalised: boolean): Peer {
  return { name, description, normalised, build: async (docs) => bm25Searcher(docs, tokenize) };
}

export const jiebaBm25Peer = bm25Peer(
  'jieba BM25',
  `${BM25_NOTE} over nodejieba \`cut\` words, punctuation dropped; ${SEARCH_FORM_NOTE}.`,
  searchFormJiebaTokens,
  true,
);

export const bigramBm25Peer = bm25Peer(
  'bigram BM25',
  `${BM25_NOTE} over overlapping character bigrams of letter/digit runs (a lone Han character kept as a unigram); ${SEARCH_FORM_NOTE}.`,
  searchFormBigramTokens,
  true,
);

export const rrfPeer: Peer = {
  name: 'RRF(jieba, bigram)',
  description: `Reciprocal rank fusion (c 60) of the top ${RRF_DEPTH} of jieba BM25 and of bigram BM25 above, both normalised.`,
  normalised: true,
  async build(docs) {
    const words = bm25Searcher(docs, searchFormJiebaTokens);
    const grams = bm25Searcher(docs, searchFormBigramTokens);
    return { search: (question, k) => fuseRrf([words.search(question, RRF_DEPTH), grams.search(question, RRF_DEPTH)], k) };
  },
};

export const naiveJiebaBm25Peer = bm25Peer(
  'naive jieba BM25 (raw text)',
  `Naive baseline: ${BM25_NOTE} over jieba words of the text as printed — no NFKC, no script conversion, so it cannot match across scripts.`,
  jiebaTokens,
  false,
);

export const naiveBigramBm25Peer = bm25Peer(
  'naive bigram BM25 (raw text)',
  `Naive baseline: ${BM25_NOTE} over character bigrams of the text as printed (lower-cased only).`,
  bigramTokens,
  false,
);

/** The normalised peers, each run over whole pages and (where a set has several articles per page) whole articles. */
export const normalisedPeers: readonly Peer[] = [bigramBm25Peer, jiebaBm25Peer, rrfPeer];

/** The naive raw-text peers, run over whole pages only; never counted as the best peer. */
export const naivePeers: readonly Peer[] = [naiveBigramBm25Peer, naiveJiebaBm25Peer];
