// The digest lists an issue's articles page by page with one-line summaries; undated pages are never given a date.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../src/archive.js';
import { buildTempIndex, FIXTURE_CORPUS } from '../helpers/fixture-index.js';

let archive: Archive;
beforeAll(async () => {
  const f = await buildTempIndex(FIXTURE_CORPUS);
  archive = await openArchive(f.config, { watch: false, log: () => {} });
});
afterAll(() => archive?.close());

describe('digest', () => {
  it('defaults to the newest issue', async () => {
    const d = await archive.digest();
    expect(d.date).toBe('2025-03-13');
    expect(d.items.map((i) => i.title)).toEqual(['王建國主持召開全市防汛工作會議', '市人大常委會視察營商環境建設']);
    expect(d.items[0]).toMatchObject({ paper: '河东日报', issue: '8813', page: '1', source: 'hedong/hd-0313-p1.txt' });
  });

  it('groups a chosen issue by page, each with a one-sentence summary without the dateline', async () => {
    const d = await archive.digest('2025-03-12');
    expect(d.items.map((i) => i.page)).toEqual(['1', '1', '1', '1', '3', '3']);
    const lead = d.items.find((i) => i.title === '我市一季度新增城镇就业岗位3200个');
    expect(lead?.summary.startsWith('本报讯')).toBe(false);
    expect(lead?.summary).toMatch(/^记者从市人力资源和社会保障局获悉/);
    // Whole sentences within the digest's line length, never cut off with an ellipsis.
    expect(d.items.every((i) => [...i.summary].length <= 100 && !i.summary.endsWith('…'))).toBe(true);
    expect(d.items.filter((i) => i.summary).every((i) => /[。！？”]$/.test(i.summary))).toBe(true);
    expect(lead?.summary).toBe('记者从市人力资源和社会保障局获悉，今年一季度，我市新增城镇就业岗位3200个，城镇调查失业率控制在5.1%以内，发放创业担保贷款4600万元。');
  });

  it('gives a photo the caption without its credit, never the caption that is already its headline', async () => {
    const d = await archive.digest('2025-03-12');
    const photo = d.items.find((i) => i.title.startsWith('3月11日，市民在河东湿地公园'));
    expect(photo).toBeDefined();
    expect(photo!.summary).not.toContain('赏花踏青');
    expect(photo!.summary).not.toMatch(/摄$/);
  });

  it('lists pages with no known date as undated, never under a guessed date', async () => {
    const undated = await archive.digest('undated');
    expect(undated.date).toBeNull();
    expect(undated.items.map((i) => i.source)).toEqual(['xw-undated.txt', 'xw-undated.txt']);
    expect(undated.items[0]).toMatchObject({ paper: '晋西晚报', issue: null, page: null });
    const dates = archive.issueDates();
    expect(dates).toEqual(['2025-03-13', '2025-03-12']);
  });

  it('returns an empty digest for a date with no issue', async () => {
    expect((await archive.digest('2024-01-01')).items).toEqual([]);
  });
});
