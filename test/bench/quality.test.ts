// The quality bench's measuring rules: normalised peers, rank by distinct source, the labelled pages' dev/test split,
// and the product row read from `ask` — a wrong rule here would make every RESULTS.md comparison wrong.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchCorpus, BenchSet } from '../../bench/lib/datasets.js';
import { loadLabelledPages, splitOf } from '../../bench/lib/labelled-pages.js';
import { rankBySource } from '../../bench/lib/metrics.js';
import { newspaperPages, onePassagePages, stripFrontMatter } from '../../bench/lib/pages.js';
import { loadQualitySets } from '../../bench/lib/quality-sets.js';
import { PROJECT_ROW, qualityMisses, runQuality, verdict } from '../../bench/lib/quality.js';
import { naiveBigramBm25Peer, naiveJiebaBm25Peer, normalisedPeers } from '../../bench/peers/lexical-peers.js';

const tmpDirs: string[] = [];
const tmp = (prefix: string): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tmpDirs.push(dir);
  return dir;
};
afterAll(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// A traditional-script page among simplified ones, and a simplified question about it.
const docs = [
  { id: 'yangquan.txt', text: '陽泉市中心醫院項目\n陽泉市中心醫院項目位於生態新城，是我市打造區域醫療中心的重大民生工程。' },
  { id: 'river.txt', text: '黄河\n黄河是中国第二长河，发源于青海省巴颜喀拉山脉。' },
  { id: 'mountain.txt', text: '泰山\n泰山位于山东省泰安市，是五岳之首。' },
  { id: 'mall.txt', text: '新城中心\n新城中心是一座商场，位于市中心。' },
];
// As printed, the traditional page shares almost nothing with the question (阳/陽, 医/醫, 于/於) and the simplified mall
// page shares 新城 and 位于: only the search form finds the right page.
const simplifiedQuestion = '阳泉医院项目位于生态新城吗？';

describe('lexical peers', () => {
  it.each(normalisedPeers.map((p) => [p.name, p] as const))('%s finds a traditional page from a simplified question', async (_name, peer) => {
    expect(peer.normalised).toBe(true);
    const searcher = await peer.build(docs);
    expect((await searcher.search(simplifiedQuestion, 3))[0]?.id).toBe('yangquan.txt');
  });

  it('the naive peers, on the raw text, miss it (and are not counted as normalised)', async () => {
    for (const peer of [naiveBigramBm25Peer, naiveJiebaBm25Peer]) {
      expect(peer.normalised).toBe(false);
      const hits = await (await peer.build(docs)).search(simplifiedQuestion, 3);
      expect(hits[0]?.id).not.toBe('yangquan.txt');
    }
  });

  it('full-width forms match their half-width spelling', async () => {
    const searcher = await normalisedPeers[0].build([
      { id: 'a', text: '全国铁路春运将于１月２８日开始，ＡＢＣ公司参与。' },
      { id: 'b', text: '全国铁路春运将于2月开始。' },
    ]);
    expect((await searcher.search('1月28日 abc', 2))[0].id).toBe('a');
  });
});

describe('rank by distinct source', () => {
  it('is the position of the first gold source among the distinct sources, in order', () => {
    // Three chunks of a.txt, then b.txt: b.txt is the second page, not the fourth passage.
    expect(rankBySource(['a.txt', 'a.txt', 'a.txt', 'b.txt'], ['b.txt'])).toBe(2);
    expect(rankBySource(['a.txt', 'b.txt', 'a.txt', 'c.txt'], ['c.txt'])).toBe(3);
    expect(rankBySource(['a.txt', 'a.txt'], ['a.txt'])).toBe(1);
  });

  it('is 0 when no gold source is returned, and counts any of several gold pages', () => {
    expect(rankBySource(['a.txt', 'b.txt'], ['z.txt'])).toBe(0);
    expect(rankBySource([], ['a.txt'])).toBe(0);
    expect(rankBySource(['a.txt', 'c.txt', 'b.txt'], ['b.txt', 'c.txt'])).toBe(2);
  });
});

describe('labelled pages', () => {
  it('splits each family by name order: even positions dev, odd test', () => {
    expect([0, 1, 2, 3, 4].map(splitOf)).toEqual(['dev', 'test', 'dev', 'test', 'dev']);
  });

  it('builds dev and test sets from the pages and their gold titles, keeping paths and manifests', () => {
    const dir = tmp('nqa-labelled-');
    const page = (family: string, name: string, articles: Array<{ title: string; titleDerived: boolean; body: string }>): void => {
      mkdirSync(path.join(dir, family), { recursive: true });
      const text = articles.map((a) => `${a.titleDerived ? '' : `${a.title}\n`}${a.body}`).join('\n\n') + '\n';
      writeFileSync(path.join(dir, family, `${name}.txt`), text);
      const gold = { articles: articles.map((a) => ({ title: a.title, titleDerived: a.titleDerived, start: a.body.slice(0, 6), end: a.body.slice(-6) })) };
      writeFileSync(path.join(dir, family, `${name}.gold.json`), JSON.stringify(gold));
    };
    // Written out of name order, to check the sort: print/b-01 (dev), b-02 (test), b-03 (dev); epaper/a-01 (dev).
    page('print', 'b-02', [{ title: '大桥主塔封顶', titleDerived: false, body: '鹿鸣湾大桥主塔今日顺利封顶，工程进入新阶段。' }]);
    page('print', 'b-01', [
      { title: '全省春耕全面展开', titleDerived: false, body: '本报讯 惊蛰将至，全省春耕生产全面展开，各地抢抓农时。' },
      { title: '简讯', titleDerived: true, body: '市图书馆本周六起延长开放时间至晚九时。' },
    ]);
    page('print', 'b-03', [{ title: '大桥主塔封顶', titleDerived: false, body: '另一座大桥主塔也已封顶，预计年底通车。' }]);
    page('epaper', 'a-01', [{ title: '新型锂电池研制成功', titleDerived: false, body: '我国科研人员研制出一种新型低温锂电池。' }]);
    // b-04 (test) and b-05 (dev): b-05 repeats a dev headline of another family, which is then asked once.
    page('print', 'b-04', [{ title: '夏粮收获过半', titleDerived: false, body: '夏粮主产区小麦收获进度已经过半。' }]);
    page('print', 'b-05', [{ title: '新型锂电池研制成功', titleDerived: false, body: '该型锂电池可在零下四十度正常工作。' }]);
    writeFileSync(path.join(dir, 'print', 'manifest.json'), JSON.stringify({ files: { 'b-01.txt': { paper: '长河日报' } } }));
    writeFileSync(path.join(dir, 'print', 'unlabelled.txt'), '一页没有标注的版面。\n');

    const [dev, test] = loadLabelledPages(dir);
    expect(dev.name).toBe('pages (dev)');
    expect(test.name).toBe('pages (test)');
    expect(dev.split).toBe('dev');
    expect(dev.corpus).toBe(test.corpus);
    expect(dev.corpus.pages.map((p) => p.source)).toEqual([
      'epaper/a-01.txt', 'print/b-01.txt', 'print/b-02.txt', 'print/b-03.txt', 'print/b-04.txt', 'print/b-05.txt', 'print/unlabelled.txt',
    ]);
    expect(dev.corpus.extraFiles.map((f) => f.source)).toEqual(['print/manifest.json']);
    // A derived title is no query; a headline printed on two pages has both as gold.
    expect(dev.questions.map((q) => [q.question, q.gold])).toEqual([
      ['新型锂电池研制成功', ['epaper/a-01.txt', 'print/b-05.txt']],
      ['全省春耕全面展开', ['print/b-01.txt']],
      ['大桥主塔封顶', ['print/b-02.txt', 'print/b-03.txt']],
    ]);
    expect(test.questions.map((q) => q.question)).toEqual(['大桥主塔封顶', '夏粮收获过半']);
    // An unlabelled page means the articles are not all known: no article-level peers.
    expect(dev.corpus.articles).toBeNull();
  });

  it('locates every labelled article on its page for the article-level peers', () => {
    const dir = tmp('nqa-labelled-articles-');
    mkdirSync(path.join(dir, 'city'));
    writeFileSync(path.join(dir, 'city', 'p1.txt'), '---\npaper: 青岚日报\n---\n第一条新闻\n甲乙丙丁戊己庚辛。\n\n第二条新闻\n子丑寅卯辰巳午未。\n');
    writeFileSync(path.join(dir, 'city', 'p1.gold.json'), JSON.stringify({ articles: [
      { title: '第一条新闻', titleDerived: false, start: '甲乙丙', end: '庚辛。' },
      { title: '第二条新闻', titleDerived: false, start: '子丑寅', end: '午未。' },
    ] }));
    const [dev] = loadLabelledPages(dir);
    expect(dev.corpus.pages[0].text.startsWith('第一条新闻')).toBe(true);
    expect(dev.corpus.articles?.map((a) => [a.source, a.title, a.text])).toEqual([
      ['city/p1.txt', '第一条新闻', '甲乙丙丁戊己庚辛。'],
      ['city/p1.txt', '第二条新闻', '子丑寅卯辰巳午未。'],
    ]);
  });

  it('gives no sets when there is no bench/pages folder', () => {
    expect(loadLabelledPages(path.join(os.tmpdir(), 'nqa-no-such-folder-xyz'))).toEqual([]);
  });
});

describe('synthetic pages', () => {
  const passages = Array.from({ length: 30 }, (_, i) => ({ id: `p${i}`, title: `标题${i}号`, text: `第${i}段的第一句。第二句在这里。第三句也在。第四句结束！` }));

  it('one-passage pages carry front matter and a # headline', () => {
    const { pages, articles } = onePassagePages(passages.slice(0, 2));
    expect(String(pages[0].content)).toMatch(/^---\npaper: 基准日报\ndate: 2025-01-01\npage: 1\n---\n\n# 标题0号\n\n第0段/);
    expect(pages[0].text).toBe(stripFrontMatter(String(pages[0].content)));
    expect(articles.map((a) => a.source)).toEqual(['p0000.txt', 'p0001.txt']);
  });

  it('the headline set asks every printed headline once and never an empty one', () => {
    const sets = loadQualitySets({ labelledDir: path.join(os.tmpdir(), 'nqa-no-such-folder-xyz') });
    const headlines = sets.find((s) => s.name === 'news pages, headline queries')!;
    const questions = headlines.questions.map((q) => q.question);
    expect(questions.every((q) => q.trim())).toBe(true);
    expect(new Set(questions).size).toBe(questions.length);
    // Each gold page really prints that headline.
    for (const q of headlines.questions.slice(0, 50)) {
      for (const g of q.gold) expect(headlines.corpus.pages.find((p) => p.source === g)!.text).toContain(q.question);
    }
  });

  it('newspaper pages hold 4–8 articles each, every passage once, in several layouts', () => {
    const { pages, articles, layouts } = newspaperPages(passages);
    expect(articles.map((a) => a.id)).toEqual(passages.map((p) => p.id));
    const perPage = pages.map((p) => articles.filter((a) => a.source === p.source).length);
    expect(perPage.slice(0, -1).every((n) => n >= 4 && n <= 8)).toBe(true);
    expect(Object.keys(layouts).length).toBeGreaterThanOrEqual(3);
    for (const a of articles) expect(pages.find((p) => p.source === a.source)!.text).toContain(a.text);
  });
});

describe('the product row', () => {
  it('indexes the pages with buildIndex, asks through ask, and scores by distinct source', async () => {
    const { pages, articles } = onePassagePages([
      { id: 'a', title: '青龍渠', text: '青龍渠是一條灌溉渠道，全長二十八公里，建於清代。' },
      { id: 'b', title: '河湾站', text: '河湾站是河东铁路的一个车站，本站于2012年启用。' },
      { id: 'c', title: '锣鼓经', text: '锣鼓经是传统戏曲里常用的打击乐记谱方法，以字音模拟敲击声。' },
    ]);
    const corpus: BenchCorpus = { name: 'toy', description: 'toy', pages, extraFiles: [], articles: null };
    const set = (name: string, split: 'dev' | 'test', q: string, gold: string): BenchSet =>
      ({ name, script: 'mixed', split, corpus, questions: [{ id: name, question: q, gold: [gold], title: name }] });
    const sets = [set('dev toy', 'dev', '青龙渠全长多少公里？', articles[0].source), set('test toy', 'test', '河湾站哪一年启用？', articles[1].source)];
    const report = await runQuality(sets, { warmup: 0, naive: [] });
    const project = report.rows.filter((r) => r.contender === PROJECT_ROW);
    expect(project.map((r) => [r.set, r.ranks, r.first])).toEqual([
      ['dev toy', [1], ['p0000.txt']],
      ['test toy', [1], ['p0001.txt']],
    ]);
    expect(project[0].p95ms).toBeGreaterThanOrEqual(0);
    expect(report.corpora[0].articlesIndexed).toBe(3);
    expect(report.rows.filter((r) => r.kind === 'normalised').map((r) => r.contender)).toContain('bigram BM25 · pages');
    // Misses are written for the dev sets only.
    expect(qualityMisses(report, sets).map((m) => m.set)).toEqual(['dev toy']);
  });
});

describe('the verdict against the best peer', () => {
  const row = (contender: string, r1: number) => ({ set: 's', contender, kind: 'project' as const, unit: null, questions: 100, buildSeconds: 0, r1, r5: 1, mrr10: 1, p50ms: 5, p95ms: 10, ranks: [], first: [] });
  it('does not round a margin just under the target up to it', () => {
    const v = verdict('s', row('project', 0.9537), { ...row('peer', 0.9438), kind: 'normalised' as const }, 'cmd');
    expect(v).toContain('by 0.0099 R@1');
    expect(v).toContain('missed');
  });
  it('says met when the margin reaches the target', () => {
    expect(verdict('s', row('project', 0.99), { ...row('peer', 0.967), kind: 'normalised' as const }, 'cmd')).toContain('(margin target +0.01: met)');
  });
});
