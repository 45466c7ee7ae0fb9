// Pages unlike the seeds (no blank lines, CRLF, one long line, cut anywhere) never break the parser, and faulty files
// in the corpus folder (stray NULs, links out of it, odd names, a broken manifest or front matter) are handled.
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive.js';
import type { IndexSummary } from '../../src/domain.js';
import { decodeText } from '../../src/ingest/decode.js';
import { parsePage } from '../../src/ingest/parse-page.js';
import { buildIndex } from '../../src/vectorstore/build-index.js';
import { loadStore } from '../../src/vectorstore/store.js';
import { tempDir, testConfig } from '../helpers/fixture-index.js';

const SEEDS = path.resolve(__dirname, '../../seeds');
const pages = fs.readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).map((f) => fs.readFileSync(path.join(SEEDS, f), 'utf8'));

/** Checks every article of a page's text is well formed; returns how many there were. */
function checkArticles(text: string): number {
  const page = parsePage(text, 'x.txt', null);
  for (const a of page.articles) {
    expect(a.text.trim().length).toBeGreaterThan(0);
    expect(a.title.length).toBeGreaterThan(0);
    expect(a.parts[0].start).toBeGreaterThanOrEqual(0);
    expect(a.parts[0].end).toBeLessThanOrEqual(text.length);
    expect(a.parts[0].start).toBeLessThan(a.parts[0].end);
  }
  return page.articles.length;
}

describe('parser robustness', () => {
  it('handles pages cut at arbitrary points', () => {
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let checked = 0;
    let withArticles = 0;
    for (let i = 0; i < 60; i++) {
      const text = pages[i % pages.length];
      const a = Math.floor(rand() * text.length);
      const b = a + Math.floor(rand() * (text.length - a));
      const n = checkArticles(text.slice(a, b));
      checked += n;
      if (n > 0) withArticles++;
    }
    // The cuts were read, not dropped: most of them still hold articles, and each of those was checked.
    expect(withArticles).toBeGreaterThanOrEqual(45);
    expect(checked).toBeGreaterThan(withArticles);
  });

  it('splits pages whose paragraphs have no blank lines between them, and CRLF pages, the same way', () => {
    const text = pages[3];
    const dense = text.replace(/\n\s*\n/g, '\n');
    const crlf = text.replace(/\n/g, '\r\n');
    const titles = (t: string) => parsePage(t, 'x.txt', null).articles.map((a) => a.title);
    expect(titles(dense)).toEqual(titles(text));
    expect(titles(crlf)).toEqual(titles(text));
  });

  it('keeps a page that is one long line as one article', () => {
    const line = pages[0].replace(/\s+/g, '');
    const page = parsePage(line, 'x.txt', null);
    expect(page.articles).toHaveLength(1);
    checkArticles(line);
  });

  it('reads headlines in 【】 and a "本报记者 X 报道" lead in an unfamiliar layout', () => {
    const text = '【市区新增三条公交线路】\n本报记者 陈晨 报道\n记者从市交通运输局获悉，3月1日起，市区新开通3条公交线路，方便市民出行。\n【春季植树活动启动】\n本报讯 3月12日，全市春季义务植树活动启动，2000余名干部群众参加。（林木）\n';
    const titles = parsePage(text, 'x.txt', null).articles.map((a) => a.title);
    expect(titles).toEqual(['【市区新增三条公交线路】', '【春季植树活动启动】']);
  });

  it('keeps short markdown headlines as headlines, also after a text that stops without a full stop', () => {
    const text = [
      '## 秋收', '', '金秋时节，河湾镇两万亩玉米进入收获期，农机手抢抓晴好天气作业', '',
      '## 锣鼓经', '', '锣鼓经是传统戏曲里常用的打击乐记谱方法，以字音模拟敲击声。', '',
      '## 要闻', '', '## 河东新区三条道路通车', '', '本报讯 10月8日，新区三条主干道同时通车。', '',
    ].join('\n');
    const articles = parsePage(text, 'x.txt', null).articles;
    expect(articles.map((a) => a.title)).toEqual(['秋收', '锣鼓经', '河东新区三条道路通车']);
    expect(articles[0].text).not.toContain('打击乐');
    expect(articles[2].column).toBe('要闻');
  });
});


// Files a newsroom folder really holds: glitched exports, links, odd names, a hand-written manifest or front matter.
describe('faults in the corpus folder', () => {
  const NOTICE = '## 市图书馆延长开放时间\n\n本报讯 记者从市图书馆获悉，自下月起，市图书馆每天开放至晚上九点，周末不闭馆。（记者 孙悦）\n';
  const build = (inputDir: string, outDir = tempDir('faults-out')) =>
    buildIndex({ inputDir, outDir, config: testConfig({ inputDir, indexDir: outDir }), log: () => {} }).then((summary) => ({ summary, outDir }));
  const reasonsOf = (summary: IndexSummary) => Object.fromEntries(summary.skipped.map((s) => [s.source, s.reason]));
  const warningsOf = (summary: IndexSummary) => Object.fromEntries(summary.warnings.map((s) => [s.source, s.reason]));
  const allText = (outDir: string) => loadStore(outDir).pages.flatMap((p) => p.articles.map((a) => `${a.title}\n${a.text}`)).join('\n');

  it('indexes a page with stray NUL bytes without them, early or late in the file, and no NUL reaches an answer', async () => {
    const input = tempDir('nul');
    const filler = '## 春耕备耕全面展开\n\n' + '本报讯 全市春耕备耕工作全面展开，各地抢抓农时整地播种，农技人员深入田间指导。\n'.repeat(120);
    // One NUL in the first 8 KiB (that alone used to make the page "binary"), one far beyond it.
    const bytes = Buffer.from(`${NOTICE.replace('九点', '九\0点')}\n${filler}## 城区新增公交线路\n\n本报讯 城区新开通5路公交车，全程18公里，首班车早上六\0点发车。（王强）\n`);
    expect(bytes.indexOf(0)).toBeLessThan(8192);
    expect(bytes.lastIndexOf(0)).toBeGreaterThan(8192);
    fs.writeFileSync(path.join(input, 'glitch.txt'), bytes);
    const { summary, outDir } = await build(input);
    expect(summary.skipped).toEqual([]);
    expect(summary.files).toBe(1);
    expect(allText(outDir)).not.toContain('\0');
    expect(allText(outDir)).toContain('晚上九点');
    const archive = await openArchive(testConfig({ inputDir: input, indexDir: outDir }), { watch: false, buildIfMissing: false, log: () => {} });
    try {
      for (const q of ['市图书馆每天开放到几点？', '5路公交车首班车几点发车？']) {
        const result = await archive.ask(q);
        expect(result.found).toBe(true);
        expect(JSON.stringify(result)).not.toContain('\\u0000');
      }
    } finally {
      archive.close();
    }
  });

  it('refuses real binary files named .txt, by their signature or their share of control bytes: an image, an archive, a dump', () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR'.repeat(50))]);
    const zip = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from('word/document.xml'.repeat(20))]);
    const control = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i % 8 === 0 ? 0x01 : 0x41 + (i % 26))));
    for (const [name, bytes] of [['scan.txt', png], ['page.txt', zip], ['dump.txt', control]] as const) {
      expect(() => decodeText(bytes, name)).toThrow(/binary file/);
    }
  });

  it('follows no symbolic link out of the input folder, and reports it', async () => {
    const outside = tempDir('outside');
    fs.writeFileSync(path.join(outside, 'secret.txt'), '## 内部通讯录\n\n本报讯 编辑部内部通讯录，仅供内部使用，请勿外传。（办公室）\n');
    fs.mkdirSync(path.join(outside, 'more'));
    fs.writeFileSync(path.join(outside, 'more', 'p1.txt'), NOTICE.replace('市图书馆', '区图书馆'));
    const input = tempDir('links');
    fs.writeFileSync(path.join(input, 'good.txt'), NOTICE);
    fs.mkdirSync(path.join(input, 'archive'));
    fs.writeFileSync(path.join(input, 'archive', 'old.txt'), NOTICE.replace('图书馆', '博物馆'));
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(input, 'secret.txt'));
    fs.symlinkSync('/etc/passwd', path.join(input, 'passwd.txt'));
    fs.symlinkSync(path.join(outside, 'more'), path.join(input, 'more'));
    // A link that stays inside the folder is followed (relative, as `ln -s archive/old.txt latest.txt` makes it).
    fs.symlinkSync('archive/old.txt', path.join(input, 'latest.txt'));
    const { summary, outDir } = await build(input);
    const reasons = reasonsOf(summary);
    expect(reasons['secret.txt']).toMatch(/symbolic link to a file outside the input folder/);
    expect(reasons['passwd.txt']).toMatch(/symbolic link to a file outside the input folder/);
    expect(reasons.more).toMatch(/symbolic link to a folder/);
    expect(reasons['latest.txt']).toMatch(/same content as archive\/old\.txt/);
    const text = allText(outDir);
    expect(text).not.toMatch(/通讯录|root:|区图书馆/);
    expect(summary.files).toBe(2);
  });

  it('reports a file name that is not valid UTF-8 as such, not as a missing file', async () => {
    const input = tempDir('names');
    fs.writeFileSync(path.join(input, 'good.txt'), NOTICE);
    // 第1版 in GBK: a name written by an old Windows tool.
    fs.writeFileSync(Buffer.concat([Buffer.from(`${input}/`), iconv.encode('第1版', 'gbk'), Buffer.from('.txt')]), NOTICE.replace('九点', '十点'));
    const { summary } = await build(input);
    expect(summary.files).toBe(1);
    expect(summary.skipped).toHaveLength(1);
    expect(summary.skipped[0].reason).toMatch(/file name is not valid UTF-8/);
    expect(summary.skipped[0].reason).not.toMatch(/ENOENT/);
  });

  it('says why a manifest.json that is an array is ignored', async () => {
    const input = tempDir('manifest');
    fs.writeFileSync(path.join(input, 'a.txt'), NOTICE);
    fs.writeFileSync(path.join(input, 'manifest.json'), JSON.stringify([{ file: 'a.txt', paper: '河东日报' }]));
    const { summary } = await build(input);
    expect(reasonsOf(summary)['manifest.json']).toMatch(/manifest\.json ignored: it is a JSON array, expected an object \{"files"/);
    expect(summary.files).toBe(1);
  });

  it('ignores front matter that is never closed or does not parse, with a warning, and keeps it out of the articles', async () => {
    const input = tempDir('front');
    fs.writeFileSync(path.join(input, 'unclosed.md'), `---\npaper: 河东日报\ndate: 2025-03-12\n\n${NOTICE}`);
    fs.writeFileSync(path.join(input, 'malformed.md'), `---\npaper: [unclosed\ndate: 2025-03-12\n---\n\n${NOTICE.replace('九点', '十点')}`);
    fs.writeFileSync(path.join(input, 'quote.md'), `---\npaper: "河东日报\n---\n\n${NOTICE.replace('九点', '八点')}`);
    fs.writeFileSync(path.join(input, 'fine.md'), `---\npaper: 河东日报\ntags: [文化, 民生]\ndate: "2025-03-13" # 见报日期\n---\n\n${NOTICE.replace('九点', '七点')}`);
    const { summary, outDir } = await build(input);
    // Indexed, so reported as warnings, not among the skipped files.
    expect(summary.skipped).toEqual([]);
    const reasons = warningsOf(summary);
    expect(reasons['unclosed.md']).toMatch(/front matter ignored: .*never closed|not closed/);
    expect(reasons['malformed.md']).toMatch(/front matter ignored: paper: the bracket \[ is never closed/);
    expect(reasons['quote.md']).toMatch(/front matter ignored: paper: the quote " is never closed/);
    expect(reasons['fine.md']).toBeUndefined();
    expect(summary.files).toBe(4);
    const pages = Object.fromEntries(loadStore(outDir).pages.map((p) => [p.source, p]));
    for (const source of ['unclosed.md', 'malformed.md', 'quote.md']) {
      expect(pages[source].meta.paper).toBeNull();
      expect(pages[source].meta.date).toBeNull();
      expect(pages[source].articles.map((a) => a.title)).toEqual(['市图书馆延长开放时间']);
      expect(pages[source].articles[0].text).not.toMatch(/paper|date:/);
    }
    expect(pages['fine.md'].meta).toMatchObject({ paper: '河东日报', date: '2025-03-13' });
    // The warning is repeated by the next build, which reuses the page unchanged.
    expect(warningsOf((await build(input, outDir)).summary)['malformed.md']).toMatch(/front matter ignored/);
  });
});
