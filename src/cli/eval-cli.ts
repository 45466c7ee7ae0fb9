// `npm run eval -- [--qa FILE --index DIR] [--json] [--failures]`: scores QA items and prints the totals.
//
// Without --qa it runs the project's own held-out suite: eval/qa.jsonl (and the shared dev questions in
// eval/dev-qa.jsonl) asked of an archive of the seed pages plus the fixture papers in eval/papers, built in
// .tmp/eval-archive. Items carry a split: the dev half is studied (--failures prints its failures), the test half
// is only scored — its questions and answers are never printed, in either mode. With --qa FILE the file's items are
// asked of --index DIR (default: the served index).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openArchive, type Archive } from '../archive.js';
import { loadConfig } from '../config.js';
import { fileTable, failureLines, halfOf, kindsLine, percentile, rowJson, totalsLine, type EvalRow } from '../eval/report.js';
import { parseQa, scoreItem, totals, type QaItem } from '../eval/score.js';
import { buildIndex } from '../vectorstore/build-index.js';
import { logLine, parseArgs, stringFlag } from './args.js';
import { runMain } from '../run-main.js';
import { openCliArchive, writeOut } from './open-cli-archive.js';

/** The project folder, from this file's place (the suite does not depend on the working directory). */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SUITE = path.join(ROOT, 'eval', 'qa.jsonl');
const SHARED_DEV = path.join(ROOT, 'eval', 'dev-qa.jsonl');
const WORK = path.join(ROOT, '.tmp', 'eval-archive');

/** Mirrors a folder tree into another (the suite's archive input), replacing what was there. */
function copyTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) copyTree(src, dst);
    else if (e.isFile()) fs.copyFileSync(src, dst);
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

async function askAll(archive: Archive, items: QaItem[]): Promise<EvalRow[]> {
  const rows: EvalRow[] = [];
  try {
    for (const item of items) {
      const result = await archive.ask(item.q);
      rows.push({ item, score: scoreItem(item, result), ms: result.ms, answer: result.answer });
    }
  } finally {
    archive.close();
  }
  return rows;
}

function readQa(file: string): QaItem[] {
  if (!fs.existsSync(file)) throw new Error(`QA file not found: ${file}`);
  const { items, errors } = parseQa(fs.readFileSync(file, 'utf8'));
  for (const e of errors) logLine(`skipped ${path.basename(file)} ${e}`);
  return items;
}

async function runSuite(json: boolean, failures: boolean): Promise<void> {
  const suite = readQa(SUITE);
  // The shared dev questions name seed files without the seeds/ folder of the suite's archive; they are dev items.
  const shared = (fs.existsSync(SHARED_DEV) ? readQa(SHARED_DEV) : [])
    .map((i) => ({ ...i, id: `shared-${i.id}`, split: 'dev' as const, source: i.source ? `seeds/${i.source}` : undefined }));
  const rows = await askAll(await openSuiteArchive(), [...suite, ...shared]);
  const ofSuite = rows.filter((r) => !r.item.id.startsWith('shared-'));
  const groups = { dev: ofSuite.filter((r) => halfOf(r.item) === 'dev'), test: ofSuite.filter((r) => halfOf(r.item) === 'test'), shared: rows.filter((r) => r.item.id.startsWith('shared-')) };
  if (json) {
    await writeOut(JSON.stringify({
      dev: totals(groups.dev), test: totals(groups.test), shared: totals(groups.shared),
      p95: { dev: percentile(groups.dev.map((r) => r.ms), 95), test: percentile(groups.test.map((r) => r.ms), 95) },
      // Item-level results of the dev half only: the test half is scored, never studied.
      dev_items: [...groups.dev, ...groups.shared].map(rowJson),
    }) + '\n');
    return;
  }
  const out = [`QA suite: ${path.relative(ROOT, SUITE)} over seeds/ + eval/papers/ (index in ${path.relative(ROOT, WORK)})`, ''];
  for (const [name, list] of Object.entries(groups)) out.push(totalsLine(name, list));
  out.push('', kindsLine(groups.dev, groups.test));
  if (failures) out.push('', 'dev failures:', ...failureLines([...groups.dev, ...groups.shared]));
  await writeOut(out.join('\n') + '\n');
}

async function runFile(file: string, args: ReturnType<typeof parseArgs>): Promise<void> {
  const items = readQa(file);
  const rows = await askAll(await openCliArchive(args), items);
  if (args.flags.has('json')) {
    const times = rows.map((r) => r.ms);
    await writeOut(JSON.stringify({
      file, passed: rows.filter((r) => r.score.pass).length, total: rows.length, p50: percentile(times, 50), p95: percentile(times, 95),
      totals: totals(rows), items: rows.map(rowJson),
    }) + '\n');
    return;
  }
  await writeOut(fileTable(`QA: ${path.relative(process.cwd(), file)}`, rows).join('\n') + '\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { values: ['qa', 'index'], booleans: ['json', 'failures'] });
  const qa = stringFlag(args, 'qa');
  if (qa) await runFile(path.resolve(qa), args);
  else await runSuite(args.flags.has('json'), args.flags.has('failures'));
}

runMain('eval', main);
