// The index build in a child process: the caller's event loop stays free, refusals keep their reasons, abort is safe.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IndexError } from '../../src/errors.js';
import { buildIndexInChild } from '../../src/vectorstore/build-process.js';
import { loadStore } from '../../src/vectorstore/store.js';
import { FIXTURE_CORPUS, tempDir, testConfig } from '../helpers/fixture-index.js';

function corpus(pages: number): string {
  const input = tempDir('child-in');
  if (pages === 0) fs.cpSync(FIXTURE_CORPUS, input, { recursive: true });
  for (let i = 0; i < pages; i++) {
    fs.writeFileSync(path.join(input, `p${i}.txt`), `## 第${i}条消息\n\n本报讯 ${'各地各部门扎实推进重点工作，群众反映良好。'.repeat(30)}编号${i}。（记者）\n`);
  }
  return input;
}

describe('buildIndexInChild', () => {
  it('builds the same index as in-process while the caller keeps handling timers', async () => {
    const input = corpus(120);
    const out = tempDir('child-out');
    const logs: string[] = [];
    let last = Date.now();
    let longestGap = 0;
    let ticks = 0;
    const timer = setInterval(() => {
      const now = Date.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      ticks++;
    }, 20);
    try {
      const summary = await buildIndexInChild({ inputDir: input, outDir: out, config: testConfig(), log: (l) => logs.push(l) });
      expect(summary.files).toBe(120);
      expect(summary.changedFiles).toBe(120);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(5);
    // The build ran elsewhere: this process never stopped answering its timers for long.
    expect(longestGap).toBeLessThan(1_500);
    expect(loadStore(out).pages).toHaveLength(120);
  }, 120_000);

  it('passes a refused build back as an IndexError with its Chinese reason', async () => {
    const out = tempDir('child-refused');
    const failed = await buildIndexInChild({
      inputDir: path.join(out, 'not-mounted'), outDir: out, config: testConfig(), log: () => {},
    }).catch((e) => e);
    expect(failed).toBeInstanceOf(IndexError);
    expect(failed.message).toMatch(/does not exist/);
    expect(failed.userMessage).toMatch(/索引保持不变/);
  }, 60_000);

  it('stops the build when aborted, and the served index stays as it was', async () => {
    const input = corpus(0);
    const out = tempDir('child-abort');
    await buildIndexInChild({ inputDir: input, outDir: out, config: testConfig(), log: () => {} });
    const before = loadStore(out).manifest.builtAt;
    for (let i = 0; i < 400; i++) fs.writeFileSync(path.join(input, `q${i}.txt`), `## 第${i}条\n\n本报讯 ${'这是一段用于测试的新闻正文。'.repeat(40)}编号${i}。\n`);
    const controller = new AbortController();
    const running = buildIndexInChild({ inputDir: input, outDir: out, config: testConfig(), log: () => {}, signal: controller.signal });
    setTimeout(() => controller.abort(), 1_500);
    await expect(running).rejects.toThrow();
    expect(loadStore(out).manifest.builtAt).toBe(before);
  }, 60_000);
});

describe('a build child whose parent dies', () => {
  it('stops too, instead of building on unseen', async () => {
    const input = corpus(400);
    const out = tempDir('child-orphan');
    const script = [
      "import { buildIndexInChild } from './src/vectorstore/build-process.ts';",
      "import { loadConfig } from './src/config.ts';",
      `const config = { ...loadConfig({ EMBEDDING_MODEL: 'hash' }), llm: null };`,
      `void buildIndexInChild({ inputDir: ${JSON.stringify(input)}, outDir: ${JSON.stringify(out)}, config, log: () => {} });`,
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: path.resolve(__dirname, '../..'), stdio: 'ignore',
    });
    const childOf = (pid: number): number | null => {
      const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' }).split('\n');
      const row = rows.map((r) => r.trim().split(/\s+/)).find((r) => Number(r[1]) === pid && r.join(' ').includes('build-process-entry'));
      return row ? Number(row[0]) : null;
    };
    const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
    let child: number | null = null;
    for (let i = 0; i < 200 && child === null; i++) {
      await new Promise((r) => setTimeout(r, 100));
      child = childOf(parent.pid!);
    }
    expect(child, 'the build child never started').not.toBeNull();
    parent.kill('SIGKILL');
    let gone = false;
    for (let i = 0; i < 100 && !gone; i++) {
      await new Promise((r) => setTimeout(r, 100));
      gone = !alive(child!);
    }
    expect(gone).toBe(true);
  }, 60_000);
});
