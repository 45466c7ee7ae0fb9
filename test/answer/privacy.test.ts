// Personal numbers printed in notices never leave the archive: identity numbers (also in groups) and phone numbers.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../src/archive.js';
import { maskIdentifiers } from '../../src/answer/privacy.js';
import { buildTempIndex, frontMatterPage, tempDir } from '../helpers/fixture-index.js';

// All numbers below are invented.
const GROUPED_ID = '140302 19850505 4321';
const MOBILE = '13912345678';
const LANDLINE = '（0123）4567890';

describe('maskIdentifiers', () => {
  it.each([
    ['身份证号140302 19850505 4321，声明作废', '身份证号140*** ******** **21，声明作废'],
    ['号码140302\u00a019850505\u00a0432X', '号码140***\u00a0********\u00a0**2X'],
    ['号码140302　19850505　4321', '号码140***　********　**21'],
    ['号码140302-19850505-4321', '号码140***-********-**21'],
    ['旧证号140302 850505 432', '旧证号140*** ****** *32'],
    ['手机13912345678', '手机139******78'],
    ['手机：139 1234 5678', '手机：139 **** **78'],
    ['电话+86 139-1234-5678', '电话+86 139-****-**78'],
    ['电话（0123）4567890', '电话（012*）*****90'],
    ['电话(010)12345678', '电话(010)******78'],
    ['电话0123-4567890', '电话012*-*****90'],
    ['电话01234567890', '电话012******90'],
    ['手机１３９１２３４５６７８', '手机１３９******７８'],
  ])('masks %s, and masking again changes nothing', (printed, masked) => {
    expect(maskIdentifiers(printed)).toBe(masked);
    expect(maskIdentifiers(masked)).toBe(masked);
  });

  it.each([
    '2025年8月7日（20250807）第15434期第3版',
    '投资92.8亿元，共15000000000元',
    '全年生产13800吨，服务热线12345，电话12345678',
    '1985年至2025年，2019-2025年，增长0.35个百分点',
    '统计13912345678人次',
    '首次出现在该社出版的《地下迷宫》（ISBN 0786904070）一书中，刊号ISSN 0312345678',
  ])('leaves %s alone', (text) => {
    expect(maskIdentifiers(text)).toBe(text);
  });
});

describe('every exit of the archive', () => {
  let archive: Archive;
  beforeAll(async () => {
    const dir = tempDir('privacy-corpus');
    fs.writeFileSync(path.join(dir, 'notices.md'), frontMatterPage({ paper: '河东日报', date: '2025-03-12', issue: '8812', page: '4' }, [
      `## 遗失声明 证号${GROUPED_ID}`,
      '',
      `因不慎将赵小川的身份证丢失，身份证号为${GROUPED_ID}，声明作废。联系电话${MOBILE}。`,
      '',
      '## 河东市图书馆招募志愿者',
      '',
      `本报讯 河东市图书馆即日起招募周末志愿者，报名电话${LANDLINE}，联系人手机139 1234 5678。`,
    ]));
    const built = await buildTempIndex(dir);
    archive = await openArchive(built.config, { watch: false, log: () => {} });
  });
  afterAll(() => archive?.close());

  const leaks = (text: string) =>
    [GROUPED_ID, '19850505', MOBILE, '4567890', '1234 5678'].filter((n) => text.includes(n));

  it('ask: the answer, the citations and the passages mask grouped ID numbers and phone numbers', async () => {
    for (const q of ['赵小川的身份证号是多少？', '河东市图书馆招募志愿者的报名电话是多少？']) {
      const r = await archive.ask(q);
      expect(r.passages.length).toBeGreaterThan(0);
      expect(leaks(JSON.stringify({ ...r, question: '' }))).toEqual([]);
    }
    const r = await archive.ask('河东市图书馆招募志愿者的报名电话是多少？');
    expect(r.passages.map((p) => p.text).join('\n')).toContain('（012*）*****90');
  });

  it('digest and the 原文 view mask them too, in headlines as in text', async () => {
    const digest = await archive.digest('2025-03-12');
    expect(digest.items.length).toBe(2);
    expect(leaks(JSON.stringify(digest))).toEqual([]);
    expect(digest.items.map((i) => i.title)).toContain('遗失声明 证号140*** ******** **21');
    const r = await archive.ask('赵小川的身份证号是多少？');
    const id = r.citations[0]?.articleId ?? r.passages[0]?.articleId;
    const article = archive.article(id!);
    expect(article).not.toBeNull();
    expect(leaks(JSON.stringify(article))).toEqual([]);
    expect(article!.text).toContain('139******78');
  });
});
