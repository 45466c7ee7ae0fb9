// Question kinds a reporter notices, on two invented papers: statements, typos, offices with the city left implicit,
// refusals that say what was searched, activities across issues, reasons, bylines.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../src/archive.js';
import { buildTempIndex, frontMatterPage, tempDir } from '../helpers/fixture-index.js';

let archive: Archive;

const page = (paper: string, date: string, issue: string, pageNo: string, body: string[]) => frontMatterPage({ paper, date, issue, page: pageNo }, body);

beforeAll(async () => {
  const dir = tempDir('kinds');
  fs.mkdirSync(path.join(dir, 'a'));
  fs.writeFileSync(path.join(dir, 'a', 'lz-0402-p1.md'), page('鹭洲日报', '2025-04-02', '5101', '1', [
    '## 林海川调研重点项目建设', '',
    '本报讯 4月1日，市委书记林海川深入东湖区、西山区调研重点项目建设。市领导周敏参加。', '',
    '在鹭洲港三期项目现场，林海川察看码头建设情况。该项目总投资26亿元，建成后年吞吐能力500万吨。', '',
    '随后，林海川来到鹭洲市儿童医院项目。项目设置床位600张，目前主体结构已封顶。', '',
    '最后，林海川来到鹭洲数字产业园，与入驻企业负责人交流。', '',
    '## 市教育局部署春季开学工作', '',
    '本报讯 4月1日，市教育局局长方嘉禾主持召开春季开学工作会议，要求做好校园安全、食堂管理、校车管理等工作。（记者 姚远）', '',
    '## 鹭洲图书馆新馆5月1日开馆', '',
    '本报讯 位于鹭洲新区滨海路的鹭洲图书馆新馆将于5月1日正式开馆。新馆设有少儿阅览区、古籍阅览区和数字体验区。（记者 姚远）', '',
    '## 儿童健康服务月启动', '',
    '本报讯 4月1日，市卫生健康委员会主任白露介绍，全市将开展儿童健康服务月活动。', '',
  ]));
  fs.writeFileSync(path.join(dir, 'a', 'lz-0403-p1.md'), page('鹭洲日报', '2025-04-03', '5102', '1', [
    '## 林海川主持召开市委常委会会议', '',
    '本报讯 4月2日，市委书记林海川主持召开市委常委会会议，研究防汛备汛、春耕生产等工作。', '',
    '## 韩书琪会见星河集团客人', '',
    '本报讯 4月2日，市委副书记、市长韩书琪会见了星河集团董事长吕东一行，双方就新能源项目合作进行交流。', '',
    '## 老腔新韵', '',
    '本报讯 4月2日，鹭洲市文化馆举办戏曲进社区活动，吸引市民300余人。演出的剧目以生活小戏为主。', '',
    '鹭洲滩簧是流传于鹭洲两岸的地方戏曲，又称滩头戏，已有200多年历史。', '',
    '## 春耕用水有保障', '',
    '今年一季度全市降水偏少，春耕用水一度紧张。对此，市水利局采取错峰灌溉、新建蓄水池等措施保障春耕用水。', '',
  ]));
  fs.mkdirSync(path.join(dir, 'b'));
  fs.writeFileSync(path.join(dir, 'b', 'fc-0402-p1.md'), page('枫城晚报', '2025-04-02', '3301', '1', [
    '## 孟凡检查开学准备工作', '',
    '本报讯 4月1日，市教育局局长孟凡到枫城一中检查开学准备工作，察看了教室、食堂和宿舍。', '',
    '## 枫城人民医院新院区开诊', '',
    '本报讯 枫城人民医院新院区4月1日开诊，新院区设置床位900张。', '',
  ]));
  const built = await buildTempIndex(dir);
  archive = await openArchive(built.config, { watch: false, log: () => {} });
});

afterAll(() => archive?.close());

const firstLine = async (q: string) => (await archive.ask(q)).answer.split('\n')[0];

describe('who did what, asked by title and date', () => {
  it('states the actor with title and date, and every project visited, in print order', async () => {
    const line = await firstLine('4月1日鹭洲市委书记调研了哪些重点项目？');
    expect(line.startsWith('4月1日，市委书记林海川')).toBe(true);
    const items = ['鹭洲港三期项目', '鹭洲市儿童医院项目', '鹭洲数字产业园'];
    for (const item of items) expect(line).toContain(item);
    expect(items.map((x) => line.indexOf(x))).toEqual([...items.map((x) => line.indexOf(x))].sort((a, b) => a - b));
    // Not what a project will do once built.
    expect(line).not.toContain('吞吐能力');
  });
});

describe('names typed with an input method', () => {
  it('matches a homophone to the printed name and prints the paper\'s spelling', async () => {
    const r = await archive.ask('林海船4月2日主持召开了什么会？');
    expect(r.found).toBe(true);
    expect(r.answer).toContain('林海川');
    expect(r.answer).toContain('常委会');
  });

  it('refuses a name one character off a printed one that does not sound like it, naming the printed one', async () => {
    const r = await archive.ask('林海山调研了哪些项目？');
    expect(r.found).toBe(false);
    expect(r.answer).toContain('林海山');
    expect(r.answer).toContain('林海川');
  });
});

describe('offices with the city left to the paper', () => {
  it('answers 某市教育局局长 from that city\'s paper, which prints only 市教育局局长', async () => {
    expect(await firstLine('鹭洲市教育局局长是谁？')).toContain('方嘉禾');
    expect(await firstLine('枫城市教育局局长是谁？')).toContain('孟凡');
  });

  it('does not answer one city\'s office from another city\'s paper', async () => {
    expect((await archive.ask('鹭洲市卫生健康委员会主任是谁？')).answer).toContain('白露');
    expect((await archive.ask('枫城市卫生健康委员会主任是谁？')).found).toBe(false);
  });

  it('reads an abbreviated body (卫健委) as its printed long form', async () => {
    expect(await firstLine('鹭洲市卫健委主任叫什么名字？')).toContain('白露');
  });
});

describe('facts the paper does not print are refused, saying what was searched', () => {
  it('refuses an opening date when only the building is reported', async () => {
    const r = await archive.ask('鹭洲市儿童医院什么时候开业？');
    expect(r.found).toBe(false);
    expect(r.citations).toEqual([]);
    expect(r.answer).toContain('鹭洲日报');
    expect(r.answer).toMatch(/2025-04-02至2025-04-03/);
  });

  it('answers the day a printed opening is set for', async () => {
    expect(await firstLine('鹭洲图书馆新馆哪天开馆？')).toMatch(/^5月1日\[1\]。$/);
  });

  it('refuses a phase the paper does not report (二期 when only 三期 is printed)', async () => {
    expect((await archive.ask('鹭洲港二期项目总投资多少？')).found).toBe(false);
    expect(await firstLine('鹭洲港三期项目总投资多少？')).toContain('26亿元');
  });

  it('refuses a day the archive has nothing for', async () => {
    expect((await archive.ask('4月9日鹭洲市委书记调研了什么？')).found).toBe(false);
  });
});

describe('numbers, lists, reasons, doers', () => {
  it('gives the number of the subject whose clause refers back to it (项目设置床位…)', async () => {
    expect(await firstLine('鹭洲市儿童医院项目设置了多少张床位？')).toContain('600张');
  });

  it('lists every item of a list joined by 、 and 和', async () => {
    const line = await firstLine('鹭洲图书馆新馆设有哪些阅览区？');
    for (const item of ['少儿阅览区', '古籍阅览区', '数字体验区']) expect(line).toContain(item);
  });

  it('quotes the sentence that gives the cause of a why-question, not a short answer', async () => {
    const r = await archive.ask('今年春耕用水为什么紧张？');
    expect(r.answer.startsWith('据《')).toBe(true);
    expect(r.answer).toContain('降水偏少');
  });

  it('quotes the sentence that defines the subject for 是什么 and 又叫什么', async () => {
    const r = await archive.ask('鹭洲滩簧是什么？');
    expect(r.answer.startsWith('据《')).toBe(true);
    expect(r.citations[0].quote).toContain('地方戏曲');
    expect((await archive.ask('鹭洲滩簧又叫什么？')).answer).toContain('滩头戏');
  });

  it('names the doer of 谁会见了…, not the guest', async () => {
    const line = await firstLine('谁会见了星河集团董事长？');
    expect(line).toContain('韩书琪');
    expect(line).not.toContain('吕东');
  });
});

describe('across articles', () => {
  it('gathers a person\'s activities from several issues, each with its own citation', async () => {
    const r = await archive.ask('林海川这两天参加了哪些活动？');
    expect(r.citations.map((c) => c.issue).sort()).toEqual(['5101', '5102']);
    expect(r.answer.split('\n')[0]).toMatch(/\[1\].*\[2\]/);
    expect(r.answer).toContain('常委会');
  });

  it('answers 甲和乙分别… for each subject, each with its own citation', async () => {
    const r = await archive.ask('鹭洲市儿童医院项目和枫城人民医院新院区分别有多少张床位？');
    const line = r.answer.split('\n')[0];
    expect(line).toMatch(/鹭洲市儿童医院项目：600张\[1\]；枫城人民医院新院区：900张\[2\]/);
    expect(r.citations.map((c) => c.paper)).toEqual(['鹭洲日报', '枫城晚报']);
  });

  it('lists the articles a reporter signed', async () => {
    const r = await archive.ask('记者姚远写了哪些报道？');
    expect(r.answer).toContain('市教育局部署春季开学工作');
    expect(r.answer).toContain('鹭洲图书馆新馆5月1日开馆');
    expect(r.citations).toHaveLength(2);
  });
});
