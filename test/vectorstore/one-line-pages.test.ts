// A page OCR'd without line breaks (one long line): answers quote a sentence's worth, not the line; a page that reads
// too slowly is skipped with its reason and the rest is indexed.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive.js';
import { loadConfig } from '../../src/config.js';
import { buildIndex } from '../../src/vectorstore/build-index.js';
import { loadStore } from '../../src/vectorstore/store.js';
import { tempDir, testConfig } from '../helpers/fixture-index.js';

/** Invented news sentences, repeated into one line of about `chars` characters, joined by `sep`. */
function oneLine(chars: number, sep: string): string {
  const sentences = [
    '本报讯（记者 林晓东）8月6日，市委书记王建平深入青山区调研重点项目建设，实地察看了滨河新区中心医院项目、城东污水处理厂扩建项目和智慧物流园项目',
    '王建平强调，要坚持项目为王，全力推动重大项目早开工、早投产、早见效',
    '据了解，滨河新区中心医院项目总投资12.5亿元，规划床位1200张，预计2026年底建成投用',
    '记者赵明辉从市住建局获悉，老旧小区改造项目已惠及居民3.2万户',
    '青山区区长陈晓红表示，将持续优化营商环境，为项目建设提供全方位服务保障',
  ];
  let out = '';
  for (let i = 0; out.length < chars; i++) out += sentences[i % sentences.length] + sep;
  return out + '\n';
}

/** The quote cap: one sentence's worth (src/text/sentences.ts MAX_SENTENCE_CHARS). */
const CAP = 300;
const length = (s: string) => [...s].length;

describe('a page that is one long line', () => {
  for (const [label, sep] of [['without full stops', '，'], ['without any punctuation between sentences', ' ']] as const) {
    it(`is answered with quotes of a sentence's worth, ${label}`, async () => {
      const input = tempDir('one-line');
      fs.writeFileSync(path.join(input, 'page.txt'), oneLine(30_000, sep));
      const out = tempDir('one-line-out');
      const config = testConfig({ inputDir: input, indexDir: out });
      const summary = await buildIndex({ inputDir: input, outDir: out, config, log: () => {} });
      expect(summary.files).toBe(1);
      const archive = await openArchive(config, { watch: false, buildIfMissing: false, log: () => {} });
      try {
        for (const question of ['8月6日市委书记调研了哪些项目？', '滨河新区中心医院项目总投资多少？']) {
          const answer = await archive.ask(question);
          expect(answer.found).toBe(true);
          expect(answer.citations.length).toBeGreaterThan(0);
          for (const c of answer.citations) expect(length(c.quote)).toBeLessThanOrEqual(CAP);
          // The answer is a short answer or a headline line and the quotes, never the page's line.
          expect(length(answer.answer)).toBeLessThanOrEqual(answer.citations.length * (CAP + 10) + 120);
          for (const p of answer.passages) expect(length(p.text)).toBeLessThanOrEqual(CAP);
        }
      } finally {
        archive.close();
      }
    });
  }
});

describe('the time budget for reading one page', () => {
  it('skips a page that reads past its budget, says why, and indexes the rest', async () => {
    const input = tempDir('budget');
    // Many short paragraphs: the reader checks the budget once a line, so this page makes hundreds of checks.
    const long = Array.from({ length: 400 }, (_, i) => `第${i + 1}段，记者从市图书馆获悉，新馆将于下月开放。`).join('\n\n');
    fs.writeFileSync(path.join(input, 'long.txt'), `## 市图书馆新馆下月开放\n\n${long}\n`);
    fs.writeFileSync(path.join(input, 'short.txt'), '## 新建公交线路开通\n\n本报讯 5路公交车于3月1日开通，全程18公里。（王强）\n');
    const out = tempDir('budget-out');
    // A clock that moves one millisecond at each look: the budget runs out after so many checks, not so much time.
    let tick = 0;
    const summary = await buildIndex({
      inputDir: input, outDir: out, config: testConfig({ inputDir: input, indexDir: out }), log: () => {},
      parseBudgetMs: 100, clock: () => tick++,
    });
    const skipped = Object.fromEntries(summary.skipped.map((s) => [s.source, s.reason]));
    expect(skipped['long.txt']).toMatch(/over 100 ms \(PARSE_BUDGET_MS\)/);
    expect(skipped['short.txt']).toBeUndefined();
    expect(summary.files).toBe(1);
    const store = loadStore(out);
    expect(store.pages.map((p) => p.source)).toEqual(['short.txt']);
    expect(store.manifest.skipped.map((s) => s.source)).toContain('long.txt');
  });

  it('is read from PARSE_BUDGET_MS, 20 s by default', () => {
    expect(loadConfig({} as NodeJS.ProcessEnv).parseBudgetMs).toBe(20_000);
    expect(loadConfig({ PARSE_BUDGET_MS: '500' } as NodeJS.ProcessEnv).parseBudgetMs).toBe(500);
  });
});
