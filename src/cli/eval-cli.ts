// `npm run eval -- [--qa FILE --index DIR] [--json] [--failures]`: scores QA items and prints the totals.
//
// Without --qa it runs the project's own held-out suite: eval/qa.jsonl (and the shared dev questions in
// eval/dev-qa.jsonl) asked of an archive of the seed pages plus the fixture papers in eval/papers, built in
// .tmp/eval-archive. Items carry a split: the dev half is studied (--failures prints its failures), the test half
// is only scored. With --qa FILE the file's items are asked of --index DIR (default: the served index).
import fs from 'node:fs';
import path from 'node:path';
import { openArchive, type Archive } from '../archive.js';
import { loadConfig } from '../config.js';
import { parseQa, scoreItem, totals, type HalfTotals, type ItemScore, type QaItem } from '../eval/score.js';
import { buildIndex } from '../vectorstore/build-index.js';
import { logLine, parseArgs, stringFlag } from './args.js';
import { openCliArchive, runCli, writeOut } from './open-cli-archive.js';

const ROOT = process.cwd();
const SUITE = path.join(ROOT, 'eval', 'qa.jsonl');
const SHARED_DEV = path.join(ROOT, 'eval', 'dev-qa.jsonl');
const WORK = path.join(ROOT, '.tmp', 'eval-archive');

function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

function copyTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) copyTree(src, dst);
    else if (e.isFile()) {
      const same = fs.existsSync(dst) && fs.readFileSync(dst).equals(fs.readFileSync(src));
      if (!same) fs.copyFileSync(src, dst);
    }
  }
}

/** The suite's archive: seeds/ and eval/papers/ side by side, indexed incrementally in .tmp/eval-archive. */
async function openSuiteArchive(): Promise<Archive> {
  const input = path.join(WORK, 'input');
  fs.rmSync(input, { recursive: true, force: true });
  copyTree(path.join(ROOT, 'seeds'), path.join(input, 'seeds'));
  copyTree(path.join(ROOT, 'eval', 'papers'), path.join(input, 'papers'));
  const config = Object.freeze({ ...loadConfig(), llm: null, inputDir: input, indexDir: path.join(WORK, 'index') });
  await buildIndex({ inputDir: input, outDir: config.indexDir, config, log: () => {} });
  return openArchive(config, { log: logLine, watch: false, buildIfMissing: false });
}

interface Row {
  item: QaItem;
  score: ItemScore;
  ms: number;
  answer: string;
}

async function askAll(archive: Archive, items: QaItem[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const item of items) {
    const result = await archive.ask(item.q);
    rows.push({ item, score: scoreItem(item, result), ms: result.ms, answer: result.answer });
  }
  return rows;
}

function pct(a: number, b: number): string {
  return b ? `${a}/${b} (${((100 * a) / b).toFixed(0)}%)` : '–';
}

function describe(name: string, t: HalfTotals, times: number[]): string {
  return `${name.padEnd(12)} passed ${pct(t.passed, t.items).padEnd(14)} answers ${pct(t.answersRight, t.answerable).padEnd(14)} ` +
    `citations ${pct(t.citationsRight, t.answerable).padEnd(14)} refusals ${pct(t.refusalsRight, t.refusals).padEnd(12)} ` +
    `fragments ${t.fragments}  p50 ${percentile(times, 50)} ms  p95 ${percentile(times, 95)} ms`;
}

function failureLines(rows: Row[]): string[] {
  const out: string[] = [];
  for (const r of rows.filter((x) => !x.score.pass)) {
    out.push(`${r.item.id.padEnd(6)} [${r.item.kind ?? '?'}] ${r.item.q}`);
    out.push(`       ${r.score.reason} | answer: ${r.answer.replace(/\n/g, ' ').slice(0, 200)}`);
  }
  return out;
}

async function runSuite(json: boolean, failures: boolean): Promise<void> {
  const suite = parseQa(fs.readFileSync(SUITE, 'utf8'));
  const shared = fs.existsSync(SHARED_DEV) ? parseQa(fs.readFileSync(SHARED_DEV, 'utf8')) : { items: [], errors: [] };
  for (const e of [...suite.errors, ...shared.errors]) logLine(`skipped ${e}`);
  // The shared dev questions name seed files without the seeds/ folder of the suite's archive.
  const sharedItems = shared.items.map((i) => ({ ...i, id: `shared-${i.id}`, split: 'dev' as const, source: i.source ? `seeds/${i.source}` : undefined }));
  const archive = await openSuiteArchive();
  let rows: Row[];
  try {
    rows = await askAll(archive, [...suite.items, ...sharedItems]);
  } finally {
    archive.close();
  }
  const half = (h: 'dev' | 'test') => rows.filter((r) => (r.item.split ?? 'dev') === h && !r.item.id.startsWith('shared-'));
  const groups = { dev: half('dev'), test: half('test'), shared: rows.filter((r) => r.item.id.startsWith('shared-')) };
  if (json) {
    await writeOut(JSON.stringify({
      dev: totals(groups.dev), test: totals(groups.test), shared: totals(groups.shared),
      p95: { dev: percentile(groups.dev.map((r) => r.ms), 95), test: percentile(groups.test.map((r) => r.ms), 95) },
      // Item-level results of the dev half only: the test half is scored, never studied.
      dev_items: groups.dev.map((r) => ({ ...r.score, q: r.item.q, kind: r.item.kind, answer: r.answer, ms: r.ms })),
    }) + '\n');
    return;
  }
  const out = [`QA suite: ${path.relative(ROOT, SUITE)} over seeds/ + eval/papers/ (index in ${path.relative(ROOT, WORK)})`, ''];
  for (const [name, list] of Object.entries(groups)) out.push(describe(name, totals(list), list.map((r) => r.ms)));
  const kinds = [...new Set(rows.map((r) => r.item.kind ?? '?'))].sort();
  out.push('', 'by kind (dev | test): ' + kinds.map((k) => {
    const d = totals(groups.dev.filter((r) => (r.item.kind ?? '?') === k));
    const t = totals(groups.test.filter((r) => (r.item.kind ?? '?') === k));
    return `${k} ${d.passed}/${d.items} | ${t.passed}/${t.items}`;
  }).join('; '));
  if (failures) out.push('', 'dev failures:', ...failureLines([...groups.dev, ...groups.shared]));
  await writeOut(out.join('\n') + '\n');
}

async function runFile(file: string, args: ReturnType<typeof parseArgs>): Promise<void> {
  if (!fs.existsSync(file)) throw new Error(`QA file not found: ${file}`);
  const { items, errors } = parseQa(fs.readFileSync(file, 'utf8'));
  for (const e of errors) logLine(`skipped ${e}`);
  const archive = await openCliArchive(args);
  let rows: Row[];
  try {
    rows = await askAll(archive, items);
  } finally {
    archive.close();
  }
  const times = rows.map((r) => r.ms);
  const passed = rows.filter((r) => r.score.pass).length;
  if (args.flags.has('json')) {
    await writeOut(JSON.stringify({ file, passed, total: rows.length, p50: percentile(times, 50), p95: percentile(times, 95), items: rows.map((r) => ({ ...r.score, q: r.item.q, ms: r.ms, answer: r.answer })) }) + '\n');
    return;
  }
  const out: string[] = [`QA: ${path.relative(ROOT, file)}`, '', 'id    pass  ans  cite  ms     question / reason'];
  for (const r of rows) {
    out.push(`${r.item.id.padEnd(5)} ${r.score.pass ? 'PASS' : 'FAIL'}  ${r.score.answerOk ? 'ok ' : '-- '}  ${r.score.citationOk ? 'ok  ' : '--  '} ${String(r.ms).padEnd(6)} ${r.item.q}`);
    if (!r.score.pass) out.push(`      ${r.score.reason} | answer: ${r.answer.replace(/\n/g, ' ').slice(0, 160)}`);
  }
  out.push('', `total: ${passed}/${rows.length} passed; per question p50 ${percentile(times, 50)} ms, p95 ${percentile(times, 95)} ms`);
  await writeOut(out.join('\n') + '\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['json', 'failures']);
  const qa = stringFlag(args, 'qa');
  if (qa) await runFile(path.resolve(qa), args);
  else await runSuite(args.flags.has('json'), args.flags.has('failures'));
}

runCli(main);
