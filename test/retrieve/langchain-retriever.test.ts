// The archive's retrieval as a LangChain retriever: the passages `ask` cites, as Documents, usable in any chain.
import fs from 'node:fs';
import path from 'node:path';
import { Document } from '@langchain/core/documents';
import { RunnableLambda } from '@langchain/core/runnables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../src/archive.js';
import { buildIndex } from '../../src/vectorstore/build-index.js';
import { buildTempIndex, FIXTURE_CORPUS, frontMatterPage, tempDir } from '../helpers/fixture-index.js';

let archive: Archive;

beforeAll(async () => {
  const built = await buildTempIndex(FIXTURE_CORPUS);
  archive = await openArchive(built.config, { watch: false, log: () => {} });
});

afterAll(() => archive?.close());

describe('archive.retriever()', () => {
  it('returns the passages of a question as Documents, the first from the page ask cites', async () => {
    const question = '一季度新增城镇就业岗位多少个？';
    const asked = await archive.ask(question);
    expect(asked.found).toBe(true);
    const docs = await archive.retriever().invoke(question);
    expect(docs.length).toBeGreaterThan(0);
    expect(docs.length).toBeLessThanOrEqual(8);
    expect(docs[0]).toBeInstanceOf(Document);
    expect(docs[0].metadata.source).toBe(asked.citations[0].source);
    expect(docs[0].pageContent).toContain('3200');
    expect(docs[0].metadata).toMatchObject({ paper: '河东日报', date: '2025-03-12', issue: '8812', page: '1', title: '我市一季度新增城镇就业岗位3200个' });
    // The same passages, in the same order, as `ask` returns.
    expect(docs.map((d) => d.metadata.chunkId)).toEqual(asked.passages.map((p) => p.chunkId));
    expect(docs.map((d) => d.pageContent)).toEqual(asked.passages.map((p) => p.text));
  });

  it('is a LangChain Runnable: it batches and pipes into a chain', async () => {
    const retriever = archive.retriever({ k: 2 });
    const [who, jobs] = await retriever.batch(['谁主持召开全市防汛工作会议？', '一季度新增城镇就业岗位多少个？']);
    expect(who.length).toBeLessThanOrEqual(2);
    expect(who[0].pageContent).toMatch(/防汛/);
    expect(jobs[0].pageContent).toContain('3200');
    const chain = retriever.pipe(RunnableLambda.from((docs: Document[]) => docs.map((d) => `${d.metadata.title}（${d.metadata.source}）`)));
    const lines = await chain.invoke('一季度新增城镇就业岗位多少个？');
    expect(lines[0]).toBe(`我市一季度新增城镇就业岗位3200个（${jobs[0].metadata.source}）`);
  });

  it('searches the index served when it is invoked, not the one served when it was made', async () => {
    const dir = tempDir('retriever-reload');
    const write = (title: string, body: string) => fs.writeFileSync(path.join(dir, 'p1.md'), frontMatterPage({ paper: '樟滨晚报', date: '2025-05-08', page: '1' }, [`## ${title}`, '', `本报讯 ${body}`, '']));
    write('城南新建两座口袋公园', '城南区新建的两座口袋公园昨日向市民开放。');
    const built = await buildTempIndex(dir);
    const served = await openArchive(built.config, { watch: false, log: () => {} });
    try {
      const retriever = served.retriever();
      expect((await retriever.invoke('口袋公园'))[0].metadata.title).toBe('城南新建两座口袋公园');
      write('城北开通夜间公交专线', '城北区开通两条夜间公交专线，方便夜班职工出行。');
      // A new generation in the served index folder, swapped in by the archive.
      await buildIndex({ inputDir: dir, outDir: built.outDir, config: built.config, log: () => {} });
      expect(await served.reload()).toBe(true);
      expect((await retriever.invoke('夜间公交专线'))[0].metadata.title).toBe('城北开通夜间公交专线');
    } finally {
      served.close();
    }
  });

  it('masks identifiers in passages as ask does', async () => {
    const dir = tempDir('retriever-mask');
    fs.writeFileSync(path.join(dir, 'p1.md'), frontMatterPage({ paper: '樟滨晚报', date: '2025-05-08', page: '2' }, [
      '## 失物招领', '', '本报讯 市民在公交站拾到钱包一个，请失主拨打13912345678联系认领。', '',
    ]));
    const built = await buildTempIndex(dir);
    const served = await openArchive(built.config, { watch: false, log: () => {} });
    try {
      const [doc] = await served.retriever().invoke('拾到钱包');
      expect(doc.pageContent).toContain('139******78');
      expect(doc.pageContent).not.toContain('13912345678');
    } finally {
      served.close();
    }
  });
});
