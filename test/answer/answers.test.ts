// Answers a user would check: the fixture questions and the seed dev questions pass, refusals, aggregation, privacy.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../src/archive.js';
import { parseQa, scoreItem } from '../../src/eval/score.js';
import { buildTempIndex, FIXTURE_CORPUS, SEEDS } from '../helpers/fixture-index.js';

let fixtures: Archive;
let seeds: Archive;

beforeAll(async () => {
  const f = await buildTempIndex(FIXTURE_CORPUS);
  fixtures = await openArchive(f.config, { watch: false, log: () => {} });
  const s = await buildTempIndex(SEEDS);
  seeds = await openArchive(s.config, { watch: false, log: () => {} });
});

afterAll(() => {
  fixtures?.close();
  seeds?.close();
});

describe('questions about our own fixture pages', () => {
  const { items } = parseQa(fs.readFileSync(path.resolve(__dirname, '../fixtures/qa.jsonl'), 'utf8'));
  it('has at least twenty questions, unanswerable ones included', () => {
    expect(items.length).toBeGreaterThanOrEqual(20);
    expect(items.filter((i) => i.found === false).length).toBeGreaterThanOrEqual(4);
  });
  for (const item of items) {
    it(`${item.id}: ${item.q}`, async () => {
      const result = await fixtures.ask(item.q);
      const score = scoreItem(item, result);
      expect(score.reason).toBe(item.found === false ? 'refused as expected' : 'ok');
    });
  }
});

describe('the development questions on the seed pages', () => {
  const { items } = parseQa(fs.readFileSync(path.resolve(__dirname, '../../eval/dev-qa.jsonl'), 'utf8'));
  for (const item of items) {
    it(`${item.id}: ${item.q}`, async () => {
      const score = scoreItem(item, await seeds.ask(item.q));
      expect(score.reason).toBe(item.found === false ? 'refused as expected' : 'ok');
    });
  }
});

describe('answer composition', () => {
  it('states the answer first, then quotes that are verbatim text of the cited article', async () => {
    const r = await fixtures.ask('市人社局局长是谁？');
    expect(r.found).toBe(true);
    expect(r.answer.split('\n')[0]).toMatch(/^.*郑文博\[1\]。$/);
    for (const c of r.citations) {
      const article = fixtures.article(c.articleId!);
      expect(article?.text).toContain(c.quote);
      expect(r.answer).toContain(`「${c.quote}」[${c.n}]`);
    }
  });

  it('cites the page a continued article was printed on, with date, issue and page from its own metadata', async () => {
    const r = await fixtures.ask('春耕备耕期间全市储备了多少化肥？');
    expect(r.citations[0]).toMatchObject({ source: 'hedong/hd-0312-p3.md', page: '3', issue: '8812', date: '2025-03-12', paper: '河东日报', title: '春耕备耕全面展开' });
    // The article was linked across pages: page 1 and page 3 make one article.
    expect(fixtures.article(r.citations[0].articleId!)?.pages).toEqual(['1', '3']);
  });

  it('lists every project of a who-did-what question from the extracted events', async () => {
    const r = await fixtures.ask('3月11日市委书记调研了哪些项目？');
    expect(r.answer.split('\n')[0]).toContain('东关老旧小区改造项目');
    expect(r.answer.split('\n')[0]).toContain('市体育馆维修项目');
  });

  it('finds traditional-script text from a simplified question and the reverse', async () => {
    const simplified = await fixtures.ask('谁主持召开了全市防汛工作会议？');
    expect(simplified.citations[0]?.source).toBe('hedong/hd-0313-p1.txt');
    expect(simplified.citations[0]?.quote).toMatch(/王建國/);
    const traditional = await fixtures.ask('陳雅琴參加了什麼調研？');
    expect(traditional.citations[0]?.source).toBe('hedong/hd-0312-p1.txt');
  });

  it('aggregates answers from several articles for a who-question that spans them', async () => {
    const r = await seeds.ask('谁看望慰问了高层次人才和科幻作家？');
    const names = ['李遊', '郭晓东'].filter((n) => r.answer.includes(n));
    expect(names.length).toBe(2);
    expect(r.citations.length).toBeGreaterThanOrEqual(2);
  });

  it('says plainly when the archive has nothing, with no citations', async () => {
    for (const q of ['河东市的地铁什么时候开通？', '2030年奥运会在哪里举办？', '火星上有几个卫星？']) {
      const r = await fixtures.ask(q);
      expect(r.found).toBe(false);
      expect(r.citations).toEqual([]);
      expect(r.answer).toMatch(/没有/);
    }
  });
});

describe('who-did-what on our own pages', () => {
  it('lists the projects visited, not an instruction about projects (要科学精准谋划项目)', async () => {
    const line = (await fixtures.ask('3月11日市委书记调研了哪些项目？')).answer.split('\n')[0];
    for (const p of ['东关老旧小区改造项目', '滨河公园二期项目', '市体育馆维修项目']) expect(line).toContain(p);
    expect(line).not.toContain('谋划');
  });
});

describe('question forms on the seed pages', () => {
  const firstLine = async (q: string) => (await seeds.ask(q)).answer.split('\n')[0];

  it('answers what office a named person holds', async () => {
    expect(await firstLine('郭晓东是什么职务？')).toContain('宣传部部长');
  });

  it('gives the value after a change, not the one before it', async () => {
    const line = await firstLine('鸿振锌业技改后氧化锌日产量提高到多少吨？');
    expect(line).toMatch(/^40噸/);
  });

  it('does not take a deputy for the office asked about', async () => {
    expect((await seeds.ask('晋中市的市长是谁？')).found).toBe(false);
    // The same title at another body (郊区行政审批服务管理局局长) is not the holder asked about.
    expect((await seeds.ask('市人社局局长是谁？')).found).toBe(false);
  });

  it('names one holder for a single-answer who question, without pulling in look-alike articles', async () => {
    const r = await seeds.ask('市营商环境局局长是谁？');
    expect(r.citations).toHaveLength(1);
    expect(r.answer.split('\n')[0]).toContain('赵献春');
  });

  it('lists what an issue printed on a page', async () => {
    const r = await seeds.ask('阳泉日报2025年8月7日头版有哪些报道？');
    expect(r.found).toBe(true);
    expect(r.citations.length).toBeGreaterThanOrEqual(5);
    expect(r.citations.every((c) => c.page === '1' && c.date === '2025-08-07' && c.issue === '15434')).toBe(true);
    expect(r.answer).toContain('《雷健坤調研重點項目建設');
  });
});

describe('privacy', () => {
  it('never echoes an identity number printed in a notice, in answers, quotes, passages or articles', async () => {
    const r = await fixtures.ask('李明华的身份证号是多少？');
    const all = JSON.stringify(r);
    expect(all).not.toContain('140302198805160021');
    const notice = r.passages.find((p) => p.title === '遗失声明');
    expect(notice?.text).toMatch(/140\*+21/);
    const s = await seeds.ask('王娟文的残疾人证号是多少？');
    expect(JSON.stringify(s)).not.toContain('14030219650618082843');
    for (const id of [r.citations[0]?.articleId].filter(Boolean)) expect(fixtures.article(id!)?.text).not.toContain('140302198805160021');
  });
});

describe('short articles whose headline names the subject', () => {
  let archive: Archive;
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nqa-subject-'));
    fs.writeFileSync(path.join(dir, 'p1.md'), [
      '---', 'paper: 河东日报', 'date: 2025-05-06', 'page: 3', '---', '',
      '## 河湾站', '',
      '河湾站是河东铁路的一个车站，位于河湾镇东侧，距市区约十五公里。车站设有两座站台和一座天桥。本站于2012年启用，最初只办理货运业务，2016年起开行旅客列车。', '',
      '## 锣鼓经', '',
      '锣鼓经是传统戏曲里常用的打击乐记谱方法，以字音模拟敲击声，记录各种演奏方法。它最早流行于北方戏班，后经艺人整理成书', '',
      '## 人事任免', '',
      '本报讯 5月5日，市人大常委会举行会议，决定任命王建华为市交通运输局局长。会议还决定，李秀英任市教育局副局长。', '',
      '## 全市青少年足球联赛闭幕', '',
      '本报讯 5月4日，全市青少年足球联赛在市体育中心闭幕。市体育局副局长周明出席闭幕式并为获奖队伍颁奖。经过角逐，河湾中学队获初中组冠军，城东小学队获小学组冠军，实验中学队获高中组冠军。', '',
      '## 青龙渠', '',
      '青龙渠是河东市的一条灌溉渠道，全长二十八公里，灌溉农田三万亩。该渠由当地群众于一九五八年冬季开挖，一九六〇年春季通水。', '',
    ].join('\n'));
    const built = await buildTempIndex(dir);
    archive = await openArchive(built.config, { watch: false, log: () => {} });
  });
  afterAll(() => archive?.close());

  it('quotes the sentence that answers, not the one that only names the subject', async () => {
    const r = await archive.ask('河湾站哪一年启用？');
    expect(r.found).toBe(true);
    expect(r.answer).toContain('2012年');
    expect(r.citations[0].title).toBe('河湾站');
  });

  it('names the team that won, not an official named beside it, for a who-question without a person in the answer', async () => {
    expect((await archive.ask('谁获得了小学组冠军？')).answer.split('\n')[0]).toBe('城东小学队[1]。');
    expect((await archive.ask('谁获得了初中组冠军？')).answer.split('\n')[0]).toBe('河湾中学队[1]。');
    const r = await archive.ask('哪支队伍获得了高中组冠军？');
    expect(r.found).toBe(true);
    expect(r.answer).toContain('实验中学队');
  });

  it('reads an office printed after the name (李秀英任市教育局副局长)', async () => {
    const r = await archive.ask('李秀英担任什么职务？');
    expect(r.found).toBe(true);
    expect(r.answer.split('\n')[0]).toContain('市教育局副局长');
  });

  it('answers a paraphrased question from the right article, with its short headline', async () => {
    const r = await archive.ask('青龙渠是什么时候开挖的？');
    expect(r.found).toBe(true);
    expect(r.answer).toContain('一九五八年');
    expect(r.citations[0].title).toBe('青龙渠');
    expect((await archive.ask('锣鼓经最早在哪里流行？')).citations[0]?.title).toBe('锣鼓经');
  });
});

