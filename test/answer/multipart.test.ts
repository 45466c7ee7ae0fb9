// Questions asked in several parts (…多少？…多少？), a follow-up about the answer before it (那一段…), ordinals
// (第几届), and counts asked with 几 and a unit (几例, 几公里).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../src/archive.js';
import { splitQuestions } from '../../src/answer/extractive.js';
import { buildTempIndex, frontMatterPage, tempDir } from '../helpers/fixture-index.js';

let archive: Archive;

beforeAll(async () => {
  const dir = tempDir('multipart');
  fs.writeFileSync(path.join(dir, 'lq-0301-p1.md'), frontMatterPage({ paper: '澜桥日报', date: '2026-03-01', issue: '3301', page: '1' }, [
    '## 澜桥客运枢纽投入使用', '',
    '本报讯 2月28日，澜桥综合客运枢纽正式投入使用。枢纽总投资5.6亿元，其中省级补助1.8亿元，设有22个发车位。', '',
    '## 流感进入高发期', '',
    '本报讯 市疾控中心介绍，近一周全市流感样病例就诊7420人次，较前一周上升12%。', '',
    '## 第七届澜桥读书节开幕', '',
    '本报讯 2月27日，第七届澜桥读书节在市图书馆开幕，共安排阅读活动46场。', '',
  ]));
  fs.writeFileSync(path.join(dir, 'lq-0302-p1.md'), frontMatterPage({ paper: '澜桥日报', date: '2026-03-02', issue: '3302', page: '1' }, [
    '## 流感重症新增4例', '',
    '本报讯 市卫健委3月1日通报，全市新增4例流感重症病例，均为未接种疫苗的老年人。', '',
    '## 滨江绿道二期开工', '',
    '本报讯 滨江绿道二期全长9.4公里，市长要求施工单位在汛期前完成沙洲段路面铺设。', '',
    '## 澜江隧道试通车首日运行平稳', '',
    '本报讯 3月1日，澜江隧道试通车。市交警支队隧道大队大队长蔺远舟提醒，个别驾驶人在隧道内随意变道，存在安全隐患。', '',
    '## 沿江单车清理完毕', '',
    '本报讯 运营企业对滨江站外乱停的共享单车集中清理，共清运180辆，统一运至苇塘停车场重新投放。', '',
  ]));
  // Two cities' papers, each with its own 市图书馆新馆.
  fs.writeFileSync(path.join(dir, 'lq-0303-p2.md'), frontMatterPage({ paper: '澜桥日报', date: '2026-03-03', issue: '3303', page: '2' }, [
    '## 市图书馆新馆月底开馆', '',
    '本报讯 记者从市文化和旅游局获悉，市图书馆新馆将于3月28日开馆，新馆设阅览座位1200个。', '',
  ]));
  fs.writeFileSync(path.join(dir, 'tz-0305-p3.md'), frontMatterPage({ paper: '汀州晚报', date: '2026-03-05', issue: '8805', page: '3' }, [
    '## 市图书馆新馆下月开放', '',
    '本报讯 市图书馆新馆主体工程完工，将于4月18日开放，新馆设阅览座位900个。', '',
  ]));
  const built = await buildTempIndex(dir);
  archive = await openArchive(built.config, { watch: false, log: () => {} });
});

afterAll(() => archive?.close());

describe('splitQuestions', () => {
  it('splits a message of several questions, carrying what the first is about into the later ones', () => {
    const parts = splitQuestions('澜桥客运枢纽总投资多少？省级补助了多少？');
    expect(parts?.map((p) => p.question)).toEqual(['澜桥客运枢纽总投资多少？', '澜桥客运枢纽总投资，省级补助了多少？']);
  });

  it('leaves one question alone: a clause before ；, a question mark inside a title, a follow-up over the first answer', () => {
    expect(splitQuestions('两家公司关系各有不同；一家被怎么对待？')).toBeNull();
    expect(splitQuestions('除了《能量有关吗？》，还有哪一篇论文？')).toBeNull();
    expect(splitQuestions('桂香社区出现过几次？分别是什么事？')).toBeNull();
  });
});

describe('a question in several parts', () => {
  it('answers each part, each with its own citation, across articles and issues', async () => {
    const r = await archive.ask('澜桥流感：近一周流感样病例就诊多少人次？3月1日又新增几例重症？');
    expect(r.found).toBe(true);
    const first = r.answer.split('\n')[0];
    expect(first).toContain('7420人次');
    expect(first).toContain('4例');
    expect(new Set(r.citations.map((c) => c.date))).toEqual(new Set(['2026-03-01', '2026-03-02']));
  });

  it('answers two facts of one article in one line, with the amounts in print order', async () => {
    const r = await archive.ask('澜桥客运枢纽总投资多少？省级补助了多少？');
    const first = r.answer.split('\n')[0];
    expect(first.indexOf('5.6亿元')).toBeGreaterThanOrEqual(0);
    expect(first.indexOf('1.8亿元')).toBeGreaterThan(first.indexOf('5.6亿元'));
    // The one article is cited once, and its sentence quoted once.
    expect(r.citations).toHaveLength(1);
    expect(r.answer.split('\n').filter((l) => l.includes('总投资5.6亿元'))).toHaveLength(1);
  });

  it('says which part the archive does not answer', async () => {
    const r = await archive.ask('澜桥客运枢纽总投资多少？枢纽的站长叫什么名字？');
    expect(r.found).toBe(true);
    expect(r.answer).toContain('5.6亿元');
    expect(r.answer.split('\n')[0]).toContain('“枢纽的站长叫什么名字”：报上没有找到');
  });
});

describe('words the question cut apart', () => {
  // jieba glues 长+叫 (大队长叫什么) and 那+批 into pairs no one prints: they must not outweigh the printed words.
  it('answers who when the question glues a title to its verb (大队长叫什么)', async () => {
    const r = await archive.ask('提醒司机别在隧道里变道的交警大队长叫什么？');
    expect(r.answer.split('\n')[0]).toContain('蔺远舟');
  });

  it('answers where when the question says 那批 for what the article counts', async () => {
    const r = await archive.ask('滨江站清走的那批共享单车被运到哪里去了？');
    expect(r.answer.split('\n')[0]).toContain('苇塘停车场');
  });
});

describe('a fact of a place every city has, asked without naming the city', () => {
  it('gives each paper\'s answer, labelled with the paper, when both papers print it', async () => {
    const r = await archive.ask('市图书馆新馆有多少个阅览座位？');
    const first = r.answer.split('\n')[0];
    expect(first).toMatch(/澜桥日报：1200个\[\d\]/);
    expect(first).toMatch(/汀州晚报：900个\[\d\]/);
  });

  it('gives only the named city\'s answer when the question names its paper', async () => {
    const r = await archive.ask('汀州晚报说市图书馆新馆有多少个阅览座位？');
    expect(r.answer.split('\n')[0]).toContain('900个');
    expect(r.answer.split('\n')[0]).not.toContain('1200个');
  });
});

describe('a milestone the paper does not report', () => {
  it('refuses when a line opened (开通) is asked and only an operating company (运营企业) is printed', async () => {
    const r = await archive.ask('滨江站地铁线路什么时候开通？');
    expect(r.found).toBe(false);
  });
});

describe('ordinals and counts', () => {
  it('answers 第几届 with the ordinal as printed', async () => {
    const r = await archive.ask('澜桥读书节今年是第几届？');
    expect(r.answer.split('\n')[0]).toContain('第七届');
  });

  it('answers 几公里 with the length and its unit', async () => {
    const r = await archive.ask('滨江绿道二期全长几公里？');
    expect(r.answer.split('\n')[0]).toMatch(/^9\.4公里/);
  });
});
