// A headline typed or pasted as the question finds its article first, even when other articles share more of its words.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../src/archive.js';
import { buildTempIndex, frontMatterPage, tempDir } from '../helpers/fixture-index.js';

let archive: Archive;

beforeAll(async () => {
  const dir = tempDir('exact-line');
  const page = (name: string, body: string[]) => fs.writeFileSync(path.join(dir, name), frontMatterPage({ paper: '樟滨晚报', date: '2025-05-08', page: name[1] }, body));
  page('p1.md', [
    '## 市民热议“最美跑道”', '',
    '本报讯 滨海跑道开放一个月，跑道边的风景、跑道边的路灯和跑道边的补给点成了市民热议的话题。跑道边的温暖细节获得好评。', '',
  ]);
  page('p2.md', [
    '## 马拉松赛道沿线交通恢复', '',
    '本报讯 马拉松比赛结束后，赛道沿线交通于昨日午后全面恢复。', '',
    '## 跑道边的温暖', '',
    '在第二十八公里处的补给站，二十多名志愿者从凌晨四点就开始忙碌。', '',
  ]);
  const built = await buildTempIndex(dir);
  archive = await openArchive(built.config, { watch: false, log: () => {} });
});

afterAll(() => archive?.close());

describe('a headline as the question', () => {
  it('ranks the article printing that headline first', async () => {
    const r = await archive.ask('跑道边的温暖');
    expect(r.passages[0].title).toBe('跑道边的温暖');
  });
});
