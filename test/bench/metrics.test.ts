// The bench's scoring and its lexical peers on toy data: a wrong metric would make every RESULTS.md number wrong.
import { describe, expect, it } from 'vitest';
import { mrrAt, overlapRecall, percentile, rankOf, recallAt } from '../../bench/lib/metrics.js';
import { Bm25Index } from '../../bench/peers/bm25.js';
import { bigramBm25Peer, fuseRrf, jiebaBm25Peer, naiveBigramBm25Peer } from '../../bench/peers/lexical-peers.js';
import { bigramTokens } from '../../bench/peers/tokenize.js';
import { chooseDefaults, fitLogLinear } from '../../bench/lib/scale.js';
import { mergeSections } from '../../bench/lib/report.js';
import type { HnswResult, TruthResult } from '../../bench/lib/scale-worker.js';

describe('retrieval metrics', () => {
  // Gold at rank 1, rank 3, rank 7, and missing.
  const ranks = [1, 3, 7, 0];

  it('rankOf is 1-based and 0 when the gold id is absent', () => {
    expect(rankOf(['a', 'b', 'c'], 'c')).toBe(3);
    expect(rankOf(['a', 'b'], 'z')).toBe(0);
  });

  it('R@k counts a question once its gold passage is within the first k', () => {
    expect(recallAt(ranks, 1)).toBe(0.25);
    expect(recallAt(ranks, 5)).toBe(0.5);
    expect(recallAt(ranks, 10)).toBe(0.75);
    expect(recallAt([], 5)).toBe(0);
  });

  it('MRR@k averages 1/rank and gives nothing beyond k or for a miss', () => {
    expect(mrrAt(ranks, 10)).toBeCloseTo((1 + 1 / 3 + 1 / 7 + 0) / 4, 12);
    expect(mrrAt(ranks, 5)).toBeCloseTo((1 + 1 / 3) / 4, 12);
  });

  it('percentile is nearest-rank', () => {
    const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(xs, 50)).toBe(5);
    expect(percentile(xs, 95)).toBe(10);
    expect(percentile([42], 95)).toBe(42);
  });

  it('ANN recall is the share of the exact top-k found, whatever the order', () => {
    expect(overlapRecall([3, 2, 9], [1, 2, 3])).toBeCloseTo(2 / 3, 12);
    expect(overlapRecall([1, 2, 3], [3, 2, 1])).toBe(1);
  });
});

describe('BM25 peers on a toy set', () => {
  const passages = [
    { id: 'river', text: '黄河\n黄河是中国第二长河，发源于青海省巴颜喀拉山脉。' },
    { id: 'mountain', text: '泰山\n泰山位于山东省泰安市，是五岳之首。' },
    { id: 'city', text: '阳泉\n阳泉市位于山西省东部，是一座煤炭城市。' },
  ];

  it('jieba BM25 ranks the passage sharing the rare words first', async () => {
    const searcher = await jiebaBm25Peer.build(passages);
    const hits = await searcher.search('泰山位于哪个省？', 3);
    expect(hits[0].id).toBe('mountain');
  });

  it('bigram BM25 matches without word segmentation; only the naive one fails across scripts', async () => {
    const searcher = await bigramBm25Peer.build(passages);
    expect((await searcher.search('巴颜喀拉山脉在哪里', 3))[0].id).toBe('river');
    // Traditional 陽泉 shares no bigram with simplified 阳泉 as printed: the naive peer cannot find it.
    const naive = await naiveBigramBm25Peer.build(passages);
    expect((await naive.search('陽泉', 3)).map((h) => h.id)).not.toContain('city');
  });

  it('BM25 prefers the shorter document for the same term frequency and ignores repeated query terms', () => {
    const index = new Bm25Index();
    index.add('short', ['煤炭', '城市']);
    index.add('long', ['煤炭', '城市', '山西', '东部', '一座', '位于', '省', '市']);
    index.add('other', ['黄河']);
    const once = index.search(['煤炭'], 3);
    expect(once.map((h) => h.id)).toEqual(['short', 'long']);
    expect(index.search(['煤炭', '煤炭'], 3)[0].score).toBeCloseTo(once[0].score, 12);
  });

  it('bigram tokens keep single Han characters and lower-case Latin', () => {
    expect(bigramTokens('河 ABc')).toEqual(['河', 'ab', 'bc']);
  });

  it('RRF puts an id ranked well by both lists above one ranked first by only one', () => {
    const fused = fuseRrf(
      [
        [{ id: 'a', score: 9 }, { id: 'b', score: 8 }, { id: 'c', score: 7 }],
        [{ id: 'b', score: 9 }, { id: 'd', score: 8 }, { id: 'a', score: 1 }],
      ],
      2,
    );
    expect(fused.map((h) => h.id)).toEqual(['b', 'a']);
  });
});

describe('HNSW defaults rule', () => {
  const run = (M: number, efConstruction: number, cpu: number, recalls: Record<number, [number, number, number]>): HnswResult => ({
    kind: 'hnsw',
    data: { n: 100, dim: 4, distribution: 'clustered', seed: 1 },
    M,
    efConstruction,
    buildSeconds: cpu,
    buildCpuSeconds: cpu,
    blocks: [],
    checkpoints: [25, 50, 100].map((n, i) => ({
      n,
      buildSeconds: 0,
      perEf: Object.entries(recalls).map(([ef, r]) => ({ ef: Number(ef), recall: r[i], p50: 1, p95: 1, cpuMs: 1 })),
    })),
    rssBeforeBuildMiB: 0,
    rssAfterBuildMiB: 0,
    peakRssMiB: 0,
    fileBytes: 0,
    writeSeconds: 0,
    readSeconds: 0,
  });

  it('takes the cheapest build that keeps the target when extrapolated, at its smallest sufficient ef', () => {
    // Cheap but falling fast with n: 0.96 at 100 points, well under 0.95 by 1000.
    const cheap = run(8, 100, 10, { 40: [0.99, 0.975, 0.96], 80: [1, 0.995, 0.99] });
    const solid = run(16, 200, 30, { 40: [0.99, 0.985, 0.98], 80: [1, 1, 1] });
    const chosen = chooseDefaults([{ name: 'clustered', runs: [solid, cheap] }], { targetRecall: 0.95, extrapolateTo: 1000 });
    expect({ M: chosen.M, efConstruction: chosen.efConstruction, efSearch: chosen.efSearch }).toEqual({ M: 8, efConstruction: 100, efSearch: 80 });
  });

  it('requires the target on every vector set and takes the larger ef the sets need', () => {
    const clustered = [run(8, 100, 10, { 40: [1, 1, 1], 80: [1, 1, 1] }), run(16, 200, 30, { 40: [1, 1, 1], 80: [1, 1, 1] })];
    // On text vectors the cheap setting never gets there, and the solid one needs ef 80.
    const text = [run(8, 100, 5, { 40: [0.8, 0.8, 0.8], 80: [0.9, 0.9, 0.9] }), run(16, 200, 15, { 40: [0.9, 0.9, 0.9], 80: [0.97, 0.97, 0.97] })];
    const chosen = chooseDefaults(
      [
        { name: 'text', runs: text },
        { name: 'clustered', runs: clustered },
      ],
      { targetRecall: 0.95, extrapolateTo: 1000 },
    );
    expect({ M: chosen.M, efConstruction: chosen.efConstruction, efSearch: chosen.efSearch }).toEqual({ M: 16, efConstruction: 200, efSearch: 80 });
  });

  it('rules out a setting whose build measured at the large size misses the target, and raises ef as that build needs', () => {
    const cheap = run(16, 100, 10, { 40: [1, 1, 1], 80: [1, 1, 1] });
    const solid = run(32, 200, 30, { 40: [1, 1, 1], 80: [1, 1, 1] });
    const atLarge = (r: HnswResult, recalls: Record<number, number>): HnswResult => ({
      ...r,
      data: { ...r.data, n: 1000 },
      checkpoints: [{ n: 1000, buildSeconds: 0, perEf: Object.entries(recalls).map(([ef, x]) => ({ ef: Number(ef), recall: x, p50: 1, p95: 1, cpuMs: 1 })) }],
    });
    const sets = [{ name: 'clustered', runs: [cheap, solid] }];
    const plan = { targetRecall: 0.95, extrapolateTo: 1000 };
    expect(chooseDefaults(sets, plan)).toMatchObject({ M: 16, efConstruction: 100, efSearch: 40 });
    // Measured at 1000 points the cheap build plateaus at 0.92: the next setting is chosen, at the ef it needs there.
    const measured = [atLarge(cheap, { 40: 0.9, 80: 0.92 }), atLarge(solid, { 40: 0.93, 80: 0.97 })];
    const chosen = chooseDefaults(sets, plan, { runs: measured });
    expect(chosen).toMatchObject({ M: 32, efConstruction: 200, efSearch: 80 });
    expect(chosen.reason).toMatch(/measured/);
  });

  it('does not count an ef whose search costs more than half the exact scan', () => {
    // Reaches the target only at ef 80, where a query costs 1 ms against 1.5 ms for the flat scan.
    const slow = run(16, 100, 10, { 40: [0.9, 0.9, 0.9], 80: [1, 1, 1] });
    const truth: TruthResult = { kind: 'truth', data: slow.data, addSeconds: 0, dataBytes: 0, exact: [{ n: 100, p50: 1.5, p95: 1.5, cpuMs: 1.5 }], peakRssMiB: 0 };
    expect(chooseDefaults([{ name: 'text', runs: [slow] }], { targetRecall: 0.95, extrapolateTo: 1000 }).efSearch).toBe(80);
    expect(chooseDefaults([{ name: 'text', runs: [slow], truth }], { targetRecall: 0.95, extrapolateTo: 1000 }).reason).toMatch(/^no swept setting/);
  });

  it('fits y = a + b ln n exactly on log-linear data', () => {
    const { a, b } = fitLogLinear([
      [10, 1 + 2 * Math.log(10)],
      [100, 1 + 2 * Math.log(100)],
    ]);
    expect(a).toBeCloseTo(1, 9);
    expect(b).toBeCloseTo(2, 9);
  });
});

describe('RESULTS.md sections', () => {
  it('replaces the sections that were re-run and keeps the others', () => {
    const first = mergeSections('', { header: '# B', quality: 'Q1', scale: 'S1' });
    const second = mergeSections(first, { quality: 'Q2' });
    expect(second).toContain('Q2');
    expect(second).not.toContain('Q1');
    expect(second).toContain('S1');
    expect(second.indexOf('# B')).toBeLessThan(second.indexOf('Q2'));
  });
});

describe('answers bench pages', () => {
  it('lays passages out as pages the parser splits back into one article per passage, under its title', async () => {
    const { writeBenchPages } = await import('../../bench/lib/pages.js');
    const { parsePage } = await import('../../src/ingest/parse-page.js');
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nqa-bench-pages-'));
    const passages = [
      { id: 'a', title: '锣鼓经', text: '锣鼓经是传统戏曲里常用的打击乐记谱方法，以字音模拟敲击声' },
      { id: 'b', title: '青龍渠', text: '青龍渠是一條灌溉渠道，全長二十八公里。' },
      { id: 'c', title: '河湾站', text: '河湾站是河东铁路的一个车站。本站于2012年启用。' },
    ];
    const fileOf = writeBenchPages(passages, dir, 2);
    expect([...new Set(fileOf.values())].length).toBe(2);
    const first = fs.readFileSync(path.join(dir, fileOf.get('a')!), 'utf8');
    const page = parsePage(first, fileOf.get('a')!, null);
    expect(page.meta.paper).toBe('基准日报');
    expect(page.articles.map((x) => x.title)).toEqual(['锣鼓经', '青龍渠']);
    expect(page.articles[0].text).not.toContain('灌溉');
  });
});
