// Index builds: bad input is reported and skipped, builds are incremental, and a killed build leaves the old index.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/vectorstore/build-index.js';
import { CURRENT_FILE, currentGeneration, DB_FILE } from '../../src/vectorstore/generations.js';
import { loadStore, StoreReader } from '../../src/vectorstore/store.js';
import { openArchive } from '../../src/archive.js';
import { FIXTURE_CORPUS, tempDir, testConfig } from '../helpers/fixture-index.js';

const PAGE = `## 市图书馆延长开放时间\n\n本报讯 记者从市图书馆获悉，自下月起，市图书馆每天开放至晚上九点，周末不闭馆。（记者 孙悦）\n`;

/** Overwrites the live generation's database with bytes that are not a database. */
function damage(out: string): void {
  const dir = currentGeneration(out)!;
  for (const f of fs.readdirSync(dir)) if (f.startsWith(DB_FILE)) fs.rmSync(path.join(dir, f));
  fs.writeFileSync(path.join(dir, DB_FILE), 'not a database '.repeat(100));
}

function build(inputDir: string, outDir: string, maxFileBytes?: number) {
  const config = testConfig({ inputDir, indexDir: outDir });
  return buildIndex({ inputDir, outDir, config, log: () => {}, maxFileBytes });
}

describe('bad input: a clear message, and nothing else lost', () => {
  it('skips broken files with reasons and indexes the rest', async () => {
    const input = tempDir('bad');
    fs.writeFileSync(path.join(input, 'good.txt'), PAGE);
    fs.writeFileSync(path.join(input, 'empty.txt'), '   \n\n');
    fs.writeFileSync(path.join(input, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    fs.writeFileSync(path.join(input, 'gbk.txt'), iconv.encode('## 春季运动会开幕\n\n本报讯 3月20日，市第一中学春季运动会开幕，1200名学生参加。（李华）\n', 'gbk'));
    fs.writeFileSync(path.join(input, 'bom.md'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('## 新建公交线路开通\n\n本报讯 5路公交车于3月1日开通，全程18公里。（王强）\n')]));
    fs.writeFileSync(path.join(input, 'masthead-only.txt'), '# 河东日报\n\n2025年3月\n\n14\n\n星期五\n\n第8814期\n\n今日8版\n');
    fs.writeFileSync(path.join(input, 'zz-copy-of-good.txt'), PAGE);
    fs.symlinkSync(path.join(input, 'missing-target.txt'), path.join(input, 'dangling.txt'));
    fs.writeFileSync(path.join(input, 'huge.txt'), 'x'.repeat(3 * 1024 * 1024));
    fs.writeFileSync(path.join(input, 'notes.pdf'), 'not a page');
    const out = tempDir('bad-out');
    const summary = await build(input, out, 2 * 1024 * 1024);
    const reasons = Object.fromEntries(summary.skipped.map((s) => [s.source, s.reason]));
    expect(reasons['empty.txt']).toMatch(/empty/);
    expect(reasons['binary.txt']).toMatch(/binary/);
    expect(reasons['masthead-only.txt']).toMatch(/only a masthead/);
    expect(reasons['zz-copy-of-good.txt']).toMatch(/same content as good\.txt/);
    expect(reasons['dangling.txt']).toMatch(/unreadable/);
    expect(reasons['huge.txt']).toMatch(/3\.0 MB, over the 2 MB limit/);
    expect(summary.files).toBe(3);
    const store = loadStore(out);
    const titles = store.pages.flatMap((p) => p.articles.map((a) => a.title)).sort();
    expect(titles).toEqual(['市图书馆延长开放时间', '新建公交线路开通', '春季运动会开幕']);
    expect(store.pages.find((p) => p.source === 'gbk.txt')?.encoding).toBe('gb18030');
  });

  it('rebuilds over a corrupted or foreign output folder instead of crashing', async () => {
    const input = tempDir('in');
    fs.writeFileSync(path.join(input, 'a.txt'), PAGE);
    const out = tempDir('corrupt');
    fs.writeFileSync(path.join(out, 'notes.txt'), 'someone else\'s file');
    await build(input, out);
    damage(out);
    expect(() => loadStore(out)).toThrow(/unreadable/);
    const summary = await build(input, out);
    expect(summary.changedFiles).toBe(1);
    expect(loadStore(out).chunks.length).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('someone else\'s file');
    fs.writeFileSync(path.join(out, CURRENT_FILE), '../../etc\n');
    expect((await build(input, out)).files).toBe(1);
  });

  it('rebuilds an unreadable index (older version, damaged files) when the archive opens, and answers from it', async () => {
    const input = tempDir('stale-in');
    fs.writeFileSync(path.join(input, 'a.txt'), PAGE);
    const out = tempDir('stale');
    await build(input, out);
    damage(out);
    const lines: string[] = [];
    const archive = await openArchive(testConfig({ inputDir: input, indexDir: out }), { watch: false, log: (l) => lines.push(l) });
    try {
      expect(lines.join('\n')).toMatch(/rebuilding it from/);
      expect((await archive.ask('市图书馆每天开放到几点？')).found).toBe(true);
    } finally {
      archive.close();
    }
    // Named explicitly (buildIfMissing false, as `ask --index DIR` does), a damaged index is an error, not a rebuild.
    damage(out);
    await expect(openArchive(testConfig({ inputDir: input, indexDir: out }), { buildIfMissing: false, watch: false, log: () => {} })).rejects.toThrow(/unreadable/);
  });

  it('refuses to serve a missing index with a message that says how to fix it', async () => {
    const out = tempDir('none');
    await expect(openArchive(testConfig({ indexDir: out }), { buildIfMissing: false, watch: false, log: () => {} })).rejects.toThrow(/npm run index/);
  });
});

describe('incremental builds', () => {
  it('keeps unchanged files, re-parses changed ones and drops removed ones', async () => {
    const input = tempDir('inc');
    fs.cpSync(FIXTURE_CORPUS, input, { recursive: true });
    // Enough other pages that one changed and one removed file stay a small share of the vector graph.
    for (let i = 0; i < 12; i++) fs.writeFileSync(path.join(input, `filler-${i}.txt`), `## 第${i}条简讯\n\n本报讯 ${'各地各部门扎实推进重点工作。'.repeat(12)}编号${i}。（记者）\n`);
    const out = tempDir('inc-out');
    const first = await build(input, out);
    expect(first.changedFiles).toBe(first.files);
    const again = await build(input, out);
    expect(again.changedFiles).toBe(0);
    expect(again.chunks).toBe(first.chunks);
    const file = path.join(input, 'hedong/hd-0313-p1.txt');
    fs.appendFileSync(file, '\n## 河东大桥合龙\n\n本报讯 3月12日，河东大桥主桥顺利合龙，预计年底通车。（赵明）\n');
    fs.rmSync(path.join(input, 'xw-undated.txt'));
    const liveBefore = currentGeneration(out);
    const filesBefore = fs.readdirSync(liveBefore!).filter((f) => f.startsWith('graph-'));
    const third = await build(input, out);
    expect(third.changedFiles).toBe(1);
    expect(third.removedFiles).toBe(1);
    // The update was written in place: same generation, the graph file untouched (the new vectors wait beside it).
    expect(currentGeneration(out)).toBe(liveBefore);
    expect(fs.readdirSync(liveBefore!).filter((f) => f.startsWith('graph-'))).toEqual(filesBefore);
    // Every live chunk's vector — in the graph or waiting — finds that chunk first.
    const reader = StoreReader.open(out);
    try {
      await reader.graph();
      let checked = 0;
      for (let id = 0; id < reader.chunkPage.length; id++) {
        if (reader.chunkPage[id] < 0) continue;
        const { ids } = await reader.nearest(reader.vector(id)!, 1);
        expect(reader.chunk(ids[0])!.text).toBe(reader.chunk(id)!.text);
        checked++;
      }
      expect(checked).toBe(third.chunks);
    } finally {
      reader.close();
    }
    const archive = await openArchive(testConfig({ indexDir: out }), { watch: false, log: () => {} });
    try {
      const r = await archive.ask('河东大桥预计什么时候通车？');
      expect(r.found).toBe(true);
      expect(r.answer).toContain('年底通车');
      expect((await archive.ask('社区养老服务中心设有多少张床位？')).found).toBe(false);
      // Reused postings still find the unchanged pages.
      expect((await archive.ask('市人社局局长是谁？')).answer).toContain('郑文博');
    } finally {
      archive.close();
    }
  });

  it('reports new issue dates for subscription pushes', async () => {
    const input = tempDir('dates');
    fs.cpSync(path.join(FIXTURE_CORPUS, 'hedong'), input, { recursive: true });
    fs.rmSync(path.join(input, 'hd-0313-p1.txt'));
    const out = tempDir('dates-out');
    expect((await build(input, out)).newDates).toEqual(['2025-03-12']);
    fs.copyFileSync(path.join(FIXTURE_CORPUS, 'hedong/hd-0313-p1.txt'), path.join(input, 'hd-0313-p1.txt'));
    expect((await build(input, out)).newDates).toEqual(['2025-03-13']);
  });
});

describe('atomic builds', () => {
  it('leaves the previous index usable when a build is killed midway', async () => {
    const input = tempDir('atomic');
    fs.writeFileSync(path.join(input, 'first.txt'), PAGE);
    const out = tempDir('atomic-out');
    await build(input, out);
    const before = loadStore(out).manifest.builtAt;
    // Enough pages that the build is surely still running when it is killed.
    for (let i = 0; i < 400; i++) {
      fs.writeFileSync(path.join(input, `p${i}.txt`), `## 第${i}条消息\n\n本报讯 ${'这是一段用于测试的新闻正文，内容各不相同。'.repeat(40)}编号${i}。（记者）\n`);
    }
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index-cli.ts', '--input', input, '--out', out], {
      cwd: path.resolve(__dirname, '../..'), env: { ...process.env, EMBEDDING_MODEL: 'hash' }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (d: Buffer) => { if (/indexing: [1-9]\d*\//.test(d.toString())) resolve(); });
      child.on('exit', () => resolve());
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const store = loadStore(out);
    expect(store.manifest.builtAt).toBe(before);
    expect(store.pages.map((p) => p.source)).toEqual(['first.txt']);
    // The next build completes and cleans up the abandoned temporary folder.
    const summary = await build(input, out);
    expect(summary.files).toBe(401);
    expect(fs.readdirSync(out).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
  }, 120_000);

  it('removes what killed builds left at the start of the next build, never the live index nor a running build\'s folder', async () => {
    const input = tempDir('leftovers');
    fs.writeFileSync(path.join(input, 'first.txt'), PAGE);
    const out = tempDir('leftovers-out');
    await build(input, out);
    fs.writeFileSync(path.join(input, 'second.txt'), PAGE.replace('九点', '十点'));
    await build(input, out);
    // A second build updates the live generation in place; a third with another graph setting writes a new one.
    await buildIndex({ inputDir: input, outDir: out, config: testConfig({ hnsw: { ...testConfig().hnsw, M: 12 } }), log: () => {} });
    const [previous, live] = fs.readdirSync(out).filter((f) => f.startsWith('gen-')).sort();
    expect(fs.readFileSync(path.join(out, CURRENT_FILE), 'utf8').split(' ')[0]).toBe(live);
    // A process that has exited stands for a killed build; a sleeping one for a build still writing.
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    const running = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const t = (ms: number) => (Date.now() + ms).toString(36);
      const killed = [`.tmp-gen-${t(0)}-${dead.pid}`, `gen-${t(1)}-${dead.pid}`, `.CURRENT.${dead.pid}`];
      const inProgress = `.tmp-gen-${t(2)}-${running.pid}`;
      for (const name of [...killed.slice(0, 2), inProgress]) {
        fs.mkdirSync(path.join(out, name));
        fs.writeFileSync(path.join(out, name, 'vectors.f32'), Buffer.alloc(1 << 20));
      }
      fs.writeFileSync(path.join(out, killed[2]), 'gen-x\n');
      let atStart: string[] = [];
      const lines: string[] = [];
      await buildIndex({
        inputDir: input, outDir: out, config: testConfig({ inputDir: input, indexDir: out }), log: (l) => lines.push(l),
        onProgress: (done) => { if (done === 0) atStart = fs.readdirSync(out); },
      });
      for (const name of killed) expect(atStart).not.toContain(name);
      expect(atStart).toEqual(expect.arrayContaining([previous, live, inProgress, CURRENT_FILE]));
      expect(lines.join('\n')).toMatch(/removed 3 folder\(s\) left by interrupted builds \(2\.0 MB\)/);
      // After the build: the new live generation and the one before it; the running build's folder is untouched.
      const after = fs.readdirSync(out).sort();
      expect(after).toContain(inProgress);
      expect(after.filter((f) => f.startsWith('gen-'))).toEqual([live, fs.readFileSync(path.join(out, CURRENT_FILE), 'utf8').split(' ')[0]]);
      expect(loadStore(out).pages).toHaveLength(2);
    } finally {
      running.kill();
    }
  });
});

describe('a build never silently empties the archive', () => {
  async function served(out: string): Promise<string[]> {
    return loadStore(out).pages.map((p) => p.source).sort();
  }
  async function twoPageArchive() {
    const input = tempDir('shrink');
    fs.writeFileSync(path.join(input, 'a.txt'), PAGE);
    fs.writeFileSync(path.join(input, 'b.txt'), PAGE.replace('图书馆', '博物馆').replace('九点', '八点'));
    fs.writeFileSync(path.join(input, 'c.txt'), PAGE.replace('图书馆', '美术馆').replace('九点', '七点'));
    const out = tempDir('shrink-out');
    await build(input, out);
    return { input, out };
  }

  it('refuses a missing input folder and leaves the index as it was', async () => {
    const { out } = await twoPageArchive();
    await expect(build(path.join(tempDir('gone'), 'unmounted'), out)).rejects.toThrow(/does not exist.*left unchanged/);
    expect(await served(out)).toEqual(['a.txt', 'b.txt', 'c.txt']);
  });

  it('refuses an emptied input folder, and a build that loses most of the archive, unless allowed', async () => {
    const { input, out } = await twoPageArchive();
    const emptied = tempDir('emptied');
    await expect(build(emptied, out)).rejects.toThrow(/from 3 to 0 files.*--allow-shrink/);
    expect(await served(out)).toEqual(['a.txt', 'b.txt', 'c.txt']);
    fs.rmSync(path.join(input, 'a.txt'));
    fs.rmSync(path.join(input, 'b.txt'));
    await expect(build(input, out)).rejects.toThrow(/from 3 to 1 files/);
    expect(await served(out)).toEqual(['a.txt', 'b.txt', 'c.txt']);
    const config = testConfig({ inputDir: input, indexDir: out });
    const forced = await buildIndex({ inputDir: input, outDir: out, config, log: () => {}, allowShrink: true });
    expect(forced.removedFiles).toBe(2);
    expect(await served(out)).toEqual(['c.txt']);
  });

  it('takes a page renamed or replaced as no loss', async () => {
    const { input, out } = await twoPageArchive();
    fs.renameSync(path.join(input, 'a.txt'), path.join(input, 'a2.txt'));
    fs.renameSync(path.join(input, 'b.txt'), path.join(input, 'b2.txt'));
    const summary = await build(input, out);
    expect(summary.removedFiles).toBe(2);
    expect(await served(out)).toEqual(['a2.txt', 'b2.txt', 'c.txt']);
  });
});

describe('article ids', () => {
  it('a source link keeps opening its article after another is added above it, and stops when the article changes', async () => {
    const input = tempDir('ids');
    const story = '## 河滨公园改造完工\n\n本报讯 经过半年施工，河滨公园改造工程日前完工，新增步道三公里。（记者 周岚）\n';
    const other = '## 市区新增公交线路\n\n本报讯 下周起，市区新开通两条公交线路，连接高铁站和开发区。（记者 田野）\n';
    fs.writeFileSync(path.join(input, 'p1.txt'), `${story}\n${other}`);
    const out = tempDir('ids-out');
    await build(input, out);
    const open = () => openArchive(testConfig({ indexDir: out }), { watch: false, log: () => {} });
    let archive = await open();
    const id = (await archive.ask('河滨公园改造新增步道多少公里？')).citations[0].articleId!;
    expect(archive.article(id)?.title).toBe('河滨公园改造完工');
    archive.close();

    fs.writeFileSync(path.join(input, 'p1.txt'), `## 全市秋粮收购启动\n\n本报讯 全市秋粮收购工作日前启动，设收购点四十个。（记者 林海）\n\n${story}\n${other}`);
    await build(input, out);
    archive = await open();
    expect(archive.article(id)?.title).toBe('河滨公园改造完工');
    archive.close();

    fs.writeFileSync(path.join(input, 'p1.txt'), `${story.replace('日前完工', '昨日完工').replace('河滨公园改造完工', '河滨公园改造全面完工')}\n${other}`);
    await build(input, out);
    archive = await open();
    expect(archive.article(id)).toBeNull();
    archive.close();
  });
});
