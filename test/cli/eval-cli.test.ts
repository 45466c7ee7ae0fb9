// npm run eval with --qa: scores a file against an index, prints dev items, and never shows a test-half question.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTempIndex, FIXTURE_CORPUS, tempDir } from '../helpers/fixture-index.js';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
let indexDir: string;
let qaFile: string;

beforeAll(async () => {
  indexDir = (await buildTempIndex(FIXTURE_CORPUS)).outDir;
  qaFile = path.join(tempDir('evalqa'), 'qa.jsonl');
  fs.writeFileSync(qaFile, [
    JSON.stringify({ id: 'd1', split: 'dev', kind: 'who', answer_type: 'person', q: '市人社局局长是谁？', must: ['郑文博'], source: 'hedong/hd-0312-p1.txt' }),
    JSON.stringify({ id: 't1', split: 'test', kind: 'refusal', q: '河东市的地铁什么时候开通？', found: false }),
    '{not json',
  ].join('\n') + '\n');
});

function evalCli(args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/eval-cli.ts', ...args], {
    cwd: ROOT, env: { ...process.env, EMBEDDING_MODEL: 'hash', LLM_BASE_URL: '' }, maxBuffer: 1 << 24,
  });
}

describe('eval --qa', () => {
  it('prints one JSON object with totals, scoring test items without their question or answer', async () => {
    const { stdout, stderr } = await evalCli(['--qa', qaFile, '--index', indexDir, '--json']);
    const r = JSON.parse(stdout);
    expect(r).toMatchObject({ passed: 2, total: 2 });
    expect(r.totals).toMatchObject({ items: 2, refusals: 1, refusalsRight: 1, answersRight: 1 });
    const dev = r.items.find((i: { id: string }) => i.id === 'd1');
    const test = r.items.find((i: { id: string }) => i.id === 't1');
    expect(dev).toMatchObject({ pass: true, q: '市人社局局长是谁？' });
    expect(dev.answer).toContain('郑文博');
    expect(test).toEqual({ id: 't1', split: 'test', pass: true, ms: expect.any(Number) });
    expect(stderr).toMatch(/skipped .*line 3/);
  });

  it('prints a table of dev items and only a count for the test half', async () => {
    const { stdout } = await evalCli(['--qa', qaFile, '--index', indexDir]);
    expect(stdout).toContain('市人社局局长是谁？');
    expect(stdout).not.toContain('地铁');
    expect(stdout).toContain('1 test-half items scored, not shown: 1 passed');
    expect(stdout).toMatch(/total: 2\/2 passed/);
  });
});
