// The CLI contract outside evaluations call: clean JSON on stdout, exact fields, batch, digest, clear errors.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTempIndex, FIXTURE_CORPUS, tempDir } from '../helpers/fixture-index.js';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
let indexDir: string;

function cli(script: string, args: string[]) {
  return run(process.execPath, ['--import', 'tsx', `src/cli/${script}`, ...args], {
    cwd: ROOT, env: { ...process.env, EMBEDDING_MODEL: 'hash', LLM_BASE_URL: '' }, maxBuffer: 1 << 24,
  });
}

beforeAll(async () => {
  indexDir = (await buildTempIndex(FIXTURE_CORPUS)).outDir;
});

describe('ask --json', () => {
  it('prints exactly one JSON object with the contract fields, in order', async () => {
    const { stdout } = await cli('ask-cli.ts', ['--index', indexDir, '--k', '3', '--json', '市人社局局长是谁？']);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]);
    expect(Object.keys(r)).toEqual(['question', 'found', 'answer', 'ms', 'citations', 'passages']);
    expect(r.found).toBe(true);
    expect(r.answer).toContain('郑文博');
    expect(Object.keys(r.citations[0])).toEqual(['n', 'source', 'paper', 'date', 'issue', 'page', 'title', 'quote']);
    expect(r.citations[0]).toMatchObject({ n: 1, source: 'hedong/hd-0312-p1.txt', paper: '河东日报', date: '2025-03-12', issue: '8812', page: '1' });
    expect(r.passages).toHaveLength(3);
    expect(Object.keys(r.passages[0])).toEqual(['source', 'title', 'text', 'score']);
    expect(r.passages[0].score).toBeGreaterThanOrEqual(r.passages[2].score);
    expect(typeof r.ms).toBe('number');
  });

  it('gives null, not a guess, for fields an undated page does not state', async () => {
    const { stdout } = await cli('ask-cli.ts', ['--index', indexDir, '--json', '新城街道社区养老服务中心设有多少张床位？']);
    const r = JSON.parse(stdout);
    expect(r.citations[0]).toMatchObject({ source: 'xw-undated.txt', paper: '晋西晚报', date: null, issue: null, page: null });
  });

  it('answers a batch in one process, one line per input, keeping ids and reporting bad lines', async () => {
    const dir = tempDir('batch');
    const file = path.join(dir, 'q.jsonl');
    fs.writeFileSync(file, [
      JSON.stringify({ id: 'a', q: '谁主持召开了全市防汛工作会议？' }),
      '{broken',
      JSON.stringify({ id: 7, q: '河东市去年的GDP是多少？' }),
    ].join('\n') + '\n');
    const { stdout } = await cli('ask-cli.ts', ['--index', indexDir, '--batch', file]);
    const rows = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual(['a', null, 7]);
    expect(rows[0].found).toBe(true);
    expect(rows[1].error).toBeTruthy();
    expect(rows[2].found).toBe(false);
  });

  it('fails with a clear message and no stdout for an index that does not exist', async () => {
    const missing = path.join(tempDir('none'), 'nothing-here');
    const err = await cli('ask-cli.ts', ['--index', missing, '--json', '问题']).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stdout).toBe('');
    expect(err.stderr).toMatch(/npm run index/);
  });
});

describe('digest --json', () => {
  it('lists an issue page by page with the contract fields', async () => {
    const { stdout } = await cli('digest-cli.ts', ['--index', indexDir, '--date', '2025-03-12', '--json']);
    const d = JSON.parse(stdout);
    expect(d.date).toBe('2025-03-12');
    expect(Object.keys(d.items[0])).toEqual(['paper', 'issue', 'page', 'title', 'summary', 'source']);
    expect(d.items.map((i: { page: string }) => i.page)).toEqual(['1', '1', '1', '1', '3', '3']);
  });

  it('rejects a malformed date', async () => {
    const err = await cli('digest-cli.ts', ['--index', indexDir, '--date', 'tomorrow', '--json']).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(/--date must look like/);
  });
});

describe('index', () => {
  it('fails with a clear message, and exit code 1, when the input folder is missing', async () => {
    const out = tempDir('cli-missing');
    const failed = await cli('index-cli.ts', ['--input', path.join(out, 'missing'), '--out', out]).catch((e) => e);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/input folder .*missing does not exist/);
  });
});

describe('flags', () => {
  it('a mistyped flag fails with the accepted ones named, instead of silently serving the default index', async () => {
    const failed = await cli('ask-cli.ts', ['--indx', indexDir, '--json', '市人社局局长是谁？']).catch((e) => e);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toMatch(/unknown option --indx \(accepted: --index/);
    const index = await cli('index-cli.ts', ['--inptu', 'seeds']).catch((e) => e);
    expect(index.code).toBe(1);
    expect(index.stderr).toMatch(/unknown option --inptu/);
  });

  it('says when --k is capped, and still answers', async () => {
    const { stdout, stderr } = await cli('ask-cli.ts', ['--index', indexDir, '--k', '999', '--json', '市人社局局长是谁？']);
    expect(stderr).toMatch(/--k 999 is capped: at most 50/);
    expect(JSON.parse(stdout).found).toBe(true);
  });
});
