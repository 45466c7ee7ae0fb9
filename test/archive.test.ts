// What /stats counts: an issue is one paper on one date (or under one issue number), however many pages it has.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countIssues, openArchive, type Archive } from '../src/archive.js';
import { buildTempIndex, tempDir } from './helpers/fixture-index.js';

const page = (front: Record<string, string>, title: string, body: string) =>
  `---\n${Object.entries(front).map(([k, v]) => `${k}: ${v}`).join('\n')}\n---\n\n## ${title}\n\n本报讯 ${body}\n`;

let archive: Archive | undefined;
afterAll(() => archive?.close());

describe('stats: issues', () => {
  it('counts an issue printed on three pages once when only its front page states the issue number', async () => {
    const input = tempDir('issues');
    // Page 1 has the masthead (date and 第8812期); the inside pages state paper, date and page only.
    fs.writeFileSync(path.join(input, 'p1.txt'), '# 河东日报\n\n2025年3月12日 星期三\n\n第8812期 今日8版\n\n## 市区新增三条公交线路\n\n本报讯 3月11日，市区新开通3条公交线路，方便市民出行。（陈晨）\n');
    fs.writeFileSync(path.join(input, 'p2.txt'), page({ paper: '河东日报', date: '2025-03-12', page: '2' }, '春季植树活动启动', '3月11日，全市春季义务植树活动启动，2000余名干部群众参加。（林木）'));
    fs.writeFileSync(path.join(input, 'p3.txt'), page({ paper: '河东日报', date: '2025-03-12', page: '3' }, '市图书馆推出周末读书会', '从本月起，市图书馆每周六下午举办读书会。（孙悦）'));
    // Another paper the same day is another issue.
    fs.writeFileSync(path.join(input, 'other.txt'), page({ paper: '江北晚报', date: '2025-03-12', issue: '501', page: '1' }, '江北大桥完成荷载试验', '3月11日，江北大桥完成通车前的荷载试验。（周明）'));
    const built = await buildTempIndex(input);
    archive = await openArchive(built.config, { watch: false, log: () => {} });
    const stats = archive.stats();
    expect(stats.files).toBe(4);
    expect(stats.issues).toBe(2);
    expect(stats.papers).toEqual(['江北晚报', '河东日报']);
  });

  it('joins pages through the issue number when the date is missing, and leaves out pages stating neither', () => {
    expect(countIssues([
      { paper: 'A', date: null, issue: '9' },
      { paper: 'A', date: '2025-01-02', issue: '9' },
      { paper: 'A', date: '2025-01-02', issue: null },
      { paper: 'A', date: '2025-01-03', issue: '10' },
      { paper: 'B', date: null, issue: '9' },
      { paper: 'A', date: null, issue: null },
    ])).toBe(3);
  });
});
