// The peers the project's retrieval is measured against: naive MiniSearch, jieba BM25, bigram BM25 and their RRF.

import MiniSearch from 'minisearch';
import { Bm25Index } from './bm25.js';
import { bigramTokens, jiebaTokens } from './tokenize.js';
import type { BenchPassage, Hit, PassageSearcher, Peer } from './types.js';

/** What a peer indexes for a passage: its title and its text, as printed. */
export function passageText(p: BenchPassage): string {
  return p.title ? `${p.title}\n${p.text}` : p.text;
}

function bm25Searcher(passages: readonly BenchPassage[], tokenize: (text: string) => string[]): PassageSearcher {
  const index = new Bm25Index();
  for (const p of passages) index.add(p.id, tokenize(passageText(p)));
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

export const miniSearchPeer: Peer = {
  name: 'MiniSearch (default tokenizer)',
  description:
    'MiniSearch 7 with its defaults: splits on spaces and punctuation only, so a Chinese clause is one term; no prefix or fuzzy matching.',
  async build(passages) {
    const ms = new MiniSearch<BenchPassage>({ fields: ['title', 'text'], idField: 'id' });
    ms.addAll([...passages]);
    return { search: (question, k) => ms.search(question).slice(0, k).map((r) => ({ id: String(r.id), score: r.score })) };
  },
};

export const jiebaBm25Peer: Peer = {
  name: 'jieba BM25',
  description: 'BM25 (k1 1.2, b 0.75) over nodejieba `cut` words of title + text, lower-cased, punctuation dropped.',
  async build(passages) {
    return bm25Searcher(passages, jiebaTokens);
  },
};

export const bigramBm25Peer: Peer = {
  name: 'bigram BM25',
  description: 'BM25 (k1 1.2, b 0.75) over overlapping character bigrams of letter/digit runs of title + text.',
  async build(passages) {
    return bm25Searcher(passages, bigramTokens);
  },
};

/** Candidates each list contributes to the fusion. */
const RRF_DEPTH = 100;

export const rrfPeer: Peer = {
  name: 'RRF(jieba BM25, bigram BM25)',
  description: `Reciprocal rank fusion (c 60) of the top ${RRF_DEPTH} of jieba BM25 and of bigram BM25.`,
  async build(passages) {
    const words = bm25Searcher(passages, jiebaTokens);
    const grams = bm25Searcher(passages, bigramTokens);
    return {
      search: async (question, k) => fuseRrf([await words.search(question, RRF_DEPTH), await grams.search(question, RRF_DEPTH)], k),
    };
  },
};

export const lexicalPeers: readonly Peer[] = [miniSearchPeer, jiebaBm25Peer, bigramBm25Peer, rrfPeer];
