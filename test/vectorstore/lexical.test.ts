// BM25 as the retriever reads it: best first, ties by document, and every search independent of the ones before.
import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../../src/vectorstore/lexical.js';

/** An index of documents given as term lists, document i at position i. */
function indexOf(docs: string[][]): LexicalIndex {
  const index = new LexicalIndex();
  docs.forEach((terms, i) => index.add(i, terms));
  return index;
}

describe('BM25 search', () => {
  const docs = [
    ['水库', '加固', '工程'],
    ['水库', '水库', '蓄水'],
    ['公交', '线路'],
    ['水库', '加固'],
    ['工程', '招标'],
    ['水库', '加固'],
  ];

  it('ranks the documents holding more of the rarer terms first, equal scores by document', () => {
    const hits = indexOf(docs).search(['水库', '加固'], 10);
    expect(hits.map((h) => h.doc)).toEqual([3, 5, 0, 1]);
    expect(hits[0].score).toBe(hits[1].score);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1].score).toBeGreaterThanOrEqual(hits[i].score);
  });

  it('keeps the best k of many documents, in the order a full sort gives', () => {
    const many = Array.from({ length: 200 }, (_, i) => [i % 3 ? '水库' : '公交', ...(i % 7 ? [] : ['加固']), ...(i % 11 ? [] : ['水库'])]);
    const index = indexOf(many);
    const all = index.search(['水库', '加固'], 1000);
    expect(index.search(['水库', '加固'], 15)).toEqual(all.slice(0, 15));
  });

  it('answers a search the same after other searches, and after one whose filter failed', () => {
    const index = indexOf(docs);
    const first = index.search(['水库', '工程'], 10);
    index.search(['公交'], 10);
    expect(() => index.search(['水库'], 10, (doc) => { if (doc > 1) throw new Error('filter failed'); return true; })).toThrow('filter failed');
    expect(index.search(['水库', '工程'], 10)).toEqual(first);
  });
});
