// The index database as a server and a build share it: snapshots, in-place updates, vectors stored once.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/retrieve/catalog.js';
import { buildIndex } from '../../src/vectorstore/build-index.js';
import { currentGeneration } from '../../src/vectorstore/generations.js';
import { decodePostingsInto, encodePostings } from '../../src/vectorstore/postings-codec.js';
import { StoreReader } from '../../src/vectorstore/store.js';
import { tempDir, testConfig } from '../helpers/fixture-index.js';

/** An invented brief whose headline and body carry a word no other page prints. */
const page = (word: string, extra = '') =>
  `## ${word}工程开工\n\n本报讯 ${word}工程昨日开工建设，${'项目建成后将方便周边居民出行。'.repeat(6)}${extra}（记者 林远）\n`;

const WORDS = ['青禾', '白鹭', '石榴', '银杏', '松涛', '海棠', '丹桂', '翠柏', '紫藤', '红枫', '金菊', '碧荷'];

async function build(input: string, out: string, maxPendingVectors?: number) {
  return buildIndex({ inputDir: input, outDir: out, config: testConfig(), log: () => {}, ...(maxPendingVectors === undefined ? {} : { maxPendingVectors }) });
}

/** The page whose chunks BM25 ranks first for a word. */
function topSource(reader: StoreReader, word: string): string | undefined {
  const catalog = buildCatalog(reader);
  const [hit] = catalog.chunkLexical.search([word], 1);
  return hit ? catalog.chunk(hit.doc)?.source : undefined;
}

describe('posting lists on disk', () => {
  it('read back as written, skipping the documents a filter drops', () => {
    const flat = [0, 1, 5, 3, 6, 1, 300, 2, 70_000, 9, 2 ** 31 - 1, 4];
    const bytes = encodePostings(flat);
    const docs = new Int32Array(bytes.length);
    const tfs = new Int32Array(bytes.length);
    const n = decodePostingsInto(bytes, docs, tfs, 0);
    expect([...docs.slice(0, n)]).toEqual([0, 5, 6, 300, 70_000, 2 ** 31 - 1]);
    expect([...tfs.slice(0, n)]).toEqual([1, 3, 1, 2, 9, 4]);
    const m = decodePostingsInto(bytes, docs, tfs, 0, (d) => d % 2 === 0);
    expect([...docs.slice(0, m)]).toEqual([0, 6, 300, 70_000]);
  });
});

describe('updates in place', () => {
  it('a server keeps reading the state it opened while an update commits, and the next open sees the update', async () => {
    const input = tempDir('snap-in');
    for (const w of WORDS.slice(0, 3)) fs.writeFileSync(path.join(input, `${w}.txt`), page(w));
    const out = tempDir('snap-out');
    await build(input, out);
    const before = StoreReader.open(out);
    try {
      const ids = [...before.chunkPage.keys()].filter((id) => before.chunkPage[id] >= 0);
      const texts = ids.map((id) => before.chunk(id)?.text);
      fs.writeFileSync(path.join(input, `${WORDS[0]}.txt`), page(WORDS[3]));
      fs.rmSync(path.join(input, `${WORDS[1]}.txt`));
      await buildIndex({ inputDir: input, outDir: out, config: testConfig(), log: () => {}, allowShrink: true });
      // The open snapshot: every chunk it listed still reads, with the text it had.
      expect(ids.map((id) => before.chunk(id)?.text)).toEqual(texts);
      expect(topSource(before, WORDS[1])).toBe(`${WORDS[1]}.txt`);
      const after = StoreReader.open(out);
      try {
        expect(after.pages.map((p) => p.source).sort()).toEqual([`${WORDS[0]}.txt`, `${WORDS[2]}.txt`].sort());
        expect(topSource(after, WORDS[1])).toBeUndefined();
        expect(topSource(after, WORDS[3])).toBe(`${WORDS[0]}.txt`);
      } finally {
        after.close();
      }
    } finally {
      before.close();
    }
  });

  it('keeps the chunks of unchanged pages as they were: an update writes only what changed', async () => {
    const input = tempDir('only-in');
    for (const w of WORDS.slice(0, 4)) fs.writeFileSync(path.join(input, `${w}.txt`), page(w));
    const out = tempDir('only-out');
    await build(input, out);
    const idsOf = () => {
      const r = StoreReader.open(out);
      try {
        return new Map(r.pages.map((p, i) => [p.source, [...r.chunkPage.keys()].filter((id) => r.chunkPage[id] === i)]));
      } finally {
        r.close();
      }
    };
    const first = idsOf();
    fs.writeFileSync(path.join(input, `${WORDS[4]}.txt`), page(WORDS[4]));
    const summary = await build(input, out);
    expect(summary.changedFiles).toBe(1);
    const second = idsOf();
    for (const w of WORDS.slice(0, 4)) expect(second.get(`${w}.txt`)).toEqual(first.get(`${w}.txt`));
    expect(Math.min(...second.get(`${WORDS[4]}.txt`)!)).toBeGreaterThan(Math.max(...[...first.values()].flat()));
  });

  it('rewrites the graph file once too many new vectors wait beside it, and every chunk still finds itself', async () => {
    const input = tempDir('graph-in');
    fs.writeFileSync(path.join(input, 'a.txt'), page(WORDS[0]));
    const out = tempDir('graph-out');
    await build(input, out, 2);
    const graphs = () => fs.readdirSync(currentGeneration(out)!).filter((f) => f.startsWith('graph-'));
    const [firstGraph] = graphs();
    fs.writeFileSync(path.join(input, 'b.txt'), page(WORDS[1], '另据介绍，配套道路同步施工。'.repeat(30)));
    const summary = await build(input, out, 2);
    expect(summary.chunks).toBeGreaterThan(3);
    expect(graphs()).not.toContain(undefined);
    expect(graphs().some((f) => f !== firstGraph)).toBe(true);
    const reader = StoreReader.open(out);
    try {
      await reader.graph();
      for (let id = 0; id < reader.chunkPage.length; id++) {
        if (reader.chunkPage[id] < 0) continue;
        const { ids } = await reader.nearest(reader.vector(id)!, 1);
        expect(reader.chunk(ids[0])?.text).toBe(reader.chunk(id)?.text);
      }
    } finally {
      reader.close();
    }
  });

  it('finds every page after many small updates, when their postings have been merged', async () => {
    const input = tempDir('merge-in');
    const out = tempDir('merge-out');
    for (const w of WORDS) {
      fs.writeFileSync(path.join(input, `${w}.txt`), page(w));
      await build(input, out);
    }
    // One page replaced: its old postings are dead and must not come back through the merge.
    fs.writeFileSync(path.join(input, `${WORDS[0]}.txt`), page('玉兰'));
    await build(input, out);
    const reader = StoreReader.open(out);
    try {
      for (const w of WORDS.slice(1)) expect(topSource(reader, w)).toBe(`${w}.txt`);
      expect(topSource(reader, WORDS[0])).toBeUndefined();
      expect(topSource(reader, '玉兰')).toBe(`${WORDS[0]}.txt`);
    } finally {
      reader.close();
    }
  });
});
