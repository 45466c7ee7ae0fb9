// The archive section's synthetic daily paper: the project must read each page's date, issue and page from its front
// matter, days must follow one another, and the same seed must give the same archive (else runs are not comparable).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ARCHIVE_PAPER, writeDailyArchive } from '../../bench/lib/corpus.js';
import { metaFromRecord, parseFrontMatter } from '../../src/ingest/metadata.js';

const tmpDirs: string[] = [];
const tmp = (): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'archive-gen-'));
  tmpDirs.push(dir);
  return dir;
};
afterAll(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Every page file under `dir`, by relative path, with its text. */
function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const month of readdirSync(dir).sort()) {
    for (const name of readdirSync(path.join(dir, month)).sort()) files.set(`${month}/${name}`, readFileSync(path.join(dir, month, name), 'utf8'));
  }
  return files;
}

describe('writeDailyArchive', () => {
  it('writes the requested pages per day, on consecutive dates, with front matter the project reads', async () => {
    const dir = tmp();
    // Three days across a month boundary.
    const { pages, stats } = await writeDailyArchive(dir, { days: 3, pagesPerDay: 4, startDate: '2021-01-30', seed: 5 });
    expect(stats.files).toBe(12);
    expect(pages.map((p) => p.source)).toEqual([...readTree(dir).keys()]);
    const metas = [...readTree(dir).values()].map((text) => {
      const fm = parseFrontMatter(text);
      expect(fm.warning).toBeUndefined();
      return metaFromRecord(fm.fields);
    });
    const dates = [...new Set(metas.map((m) => m.date))];
    expect(dates).toEqual(['2021-01-30', '2021-01-31', '2021-02-01']);
    for (const date of dates) {
      const ofDay = metas.filter((m) => m.date === date);
      expect(ofDay.map((m) => m.page)).toEqual(['1', '2', '3', '4']);
      expect(new Set(ofDay.map((m) => m.issue)).size).toBe(1);
      expect(ofDay.every((m) => m.paper === ARCHIVE_PAPER && m.pageCount === 4)).toBe(true);
    }
    // One issue number a day, rising by one.
    const issues = dates.map((d) => Number(metas.find((m) => m.date === d)?.issue));
    expect(issues[1] - issues[0]).toBe(1);
    expect(issues[2] - issues[1]).toBe(1);
  });

  it('gives a month of pages about a national daily’s size (≈ 7,700 characters a page)', async () => {
    const { stats } = await writeDailyArchive(tmp(), { days: 2 });
    expect(stats.files).toBe(16);
    const perPage = stats.chars / stats.files;
    expect(perPage).toBeGreaterThan(6_500);
    expect(perPage).toBeLessThan(9_000);
  });

  it('is deterministic by seed, and a day written later is the day a longer run would have written', async () => {
    const a = tmp();
    const b = tmp();
    const c = tmp();
    await writeDailyArchive(a, { days: 2, seed: 3 });
    await writeDailyArchive(b, { days: 1, seed: 3 });
    await writeDailyArchive(b, { days: 1, firstDay: 1, seed: 3 });
    await writeDailyArchive(c, { days: 2, seed: 4 });
    expect([...readTree(b)]).toEqual([...readTree(a)]);
    const other = readTree(c);
    expect([...other.keys()]).toEqual([...readTree(a).keys()]);
    expect([...other.values()]).not.toEqual([...readTree(a).values()]);
  });

  it('names each article’s place on that page only, so a question about it has one right page', async () => {
    const dir = tmp();
    const { pages } = await writeDailyArchive(dir, { days: 2, seed: 9 });
    const texts = readTree(dir);
    for (const page of pages.slice(0, 4)) {
      for (const article of page.articles.slice(0, 3)) {
        const place = article.question.match(/^(\S+?村)/u)?.[1] ?? '';
        expect(place).not.toBe('');
        const holders = [...texts].filter(([, text]) => text.includes(place) || text.includes(article.headline)).map(([s]) => s);
        // Traditional pages print the place converted; the headline, as printed, is found there.
        expect(holders).toEqual([page.source]);
      }
    }
  });
});
