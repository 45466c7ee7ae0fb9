// A county weekly's questions: offices named after the person (任命某某为…), the county left implicit in its own paper,
// a head's title that swallows its body's kind (教育局长), and the question's own single-character words.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../src/archive.js';
import { buildTempIndex, frontMatterPage, tempDir } from '../helpers/fixture-index.js';

let archive: Archive;

beforeAll(async () => {
  const dir = tempDir('county');
  fs.writeFileSync(path.join(dir, 'sx-1204-p2.md'), frontMatterPage({ paper: '桑溪周报', date: '2025-12-04', issue: '612', page: '2' }, [
    '## 县人大常委会举行第九次会议', '',
    '12月3日，县人大常委会举行第九次会议。会议经表决，任命蔺书禾为县教育局局长，任命蒯秋阳为县卫生健康局局长。', '',
    '## 全县冬修水利全面铺开', '',
    '本报讯 县水利局局长储望川介绍，今冬全县计划整治山塘86口。', '',
    '## 县委常委会召开会议', '',
    '12月9日，县委书记鲍望岭主持召开县委常委会会议，研究冬季安全生产和民生实事等事项。', '',
    '会议指出，今年以来全县经济运行稳中有进，要抓好冬季安全生产，确保群众温暖过冬。', '',
    '会议强调，要做好森林防火工作，加强野外用火管控。', '',
    '会议同意扩大县城烟花爆竹禁放区域，新增城东片区，调整方案经公示后发布实施。', '',
    '## 冬季防火 这些事项要记牢', '',
    '入冬以来，天干物燥，火灾风险上升。县消防救援大队大队长芮国梁提醒广大群众：', '',
    '一是电动自行车不进楼道、不进家门；', '', '二是使用取暖器时人走断电；', '', '三是农村烧火塘要有人看管。', '',
    '## 烈士陵园迎来研学团', '',
    '本报讯 12月2日，县烈士陵园纪念馆迎来一批研学学生。讲解员和平为参观者讲述英烈故事。讲解员交流时说，每个故事都来自档案。', '',
    '## 老菜场连夜搬进过渡市场', '',
    '本报讯 县城市管理局副局长奚望舒介绍，城区新增共享单车停放点40处。', '',
    '本报讯 在桑溪雪具制造有限公司生产车间，董事长禚立言介绍，新生产线年产能可达15万副。', '',
    '本报讯 12月5日凌晨，城关农贸市场的摊位连夜搬进过渡市场。“连夜搬，是为了不耽误大家第二天摆摊。”南门社区党委书记阚秋禾说。', '',
  ]));
  const built = await buildTempIndex(dir);
  archive = await openArchive(built.config, { watch: false, log: () => {} });
});

afterAll(() => archive?.close());

describe('a county paper', () => {
  it('names whom an appointment made the holder of an office, asked as 教育局长', async () => {
    const r = await archive.ask('县人大常委会这次任命的教育局长是谁？');
    expect(r.found).toBe(true);
    expect(r.answer.split('\n')[0]).toContain('蔺书禾');
    expect(r.answer.split('\n')[0]).not.toContain('蒯秋阳');
  });

  it('answers for the county its own paper leaves implicit (桑溪县水利局 is the 县水利局 of 桑溪周报)', async () => {
    const r = await archive.ask('桑溪县水利局局长是哪位？');
    expect(r.found).toBe(true);
    expect(r.answer.split('\n')[0]).toContain('储望川');
  });

  it('does not read a single-character word of the question (叫) as a slip for a printed one (交)', async () => {
    const r = await archive.ask('县烈士陵园纪念馆给参观者讲英烈故事的讲解员叫什么名字？');
    expect(r.found).toBe(true);
    expect(r.answer).toContain('和平');
    expect(r.answer).not.toContain('报上写作');
  });

  it('gives the body alone for 哪个单位, and the whole office for 哪个单位任职、什么职务', async () => {
    expect((await archive.ask('奚望舒是哪个单位的？')).answer.split('\n')[0]).toMatch(/^县城市管理局\[/);
    expect((await archive.ask('奚望舒在哪个单位任职，什么职务？')).answer.split('\n')[0]).toMatch(/^县城市管理局副局长\[/);
  });

  it('names the holder of a bare title whose body the sentence names before it (在某公司车间，董事长某某介绍)', async () => {
    expect((await archive.ask('桑溪雪具制造有限公司的董事长是谁？')).answer.split('\n')[0]).toContain('禚立言');
  });

  it('names the holder of an office asked by the kind of its body (哪位社区书记 for 南门社区党委书记)', async () => {
    const r = await archive.ask('农贸市场连夜搬家，是哪位社区书记说“为了不耽误大家第二天摆摊”？');
    expect(r.found).toBe(true);
    expect(r.answer.split('\n')[0]).toContain('阚秋禾');
  });

  it('dates a meeting by its report\'s lead when the sentence about the subject prints no date', async () => {
    const r = await archive.ask('县委常委会研究扩大烟花爆竹禁放区是哪天开的会？');
    expect(r.found).toBe(true);
    expect(r.answer.split('\n')[0]).toContain('12月9日');
  });

  it('quotes the points a sentence ending in a colon announces', async () => {
    const r = await archive.ask('消防救援大队入冬提醒了大家哪几件事？');
    expect(r.found).toBe(true);
    expect(r.answer).toContain('电动自行车');
    expect(r.answer).toContain('火塘');
  });
});
