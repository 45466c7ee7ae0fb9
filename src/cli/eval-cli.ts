// `npm run eval -- [--qa FILE] [--index DIR] [--json]`: scores QA items and prints each item and the totals.
import fs from 'node:fs';
import path from 'node:path';
import { parseQa, scoreItem } from '../eval/score.js';
import { logLine, parseArgs, stringFlag } from './args.js';
import { openCliArchive, runCli, writeOut } from './open-cli-archive.js';

function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['json']);
  const file = path.resolve(stringFlag(args, 'qa') ?? 'eval/dev-qa.jsonl');
  if (!fs.existsSync(file)) throw new Error(`QA file not found: ${file}`);
  const { items, errors } = parseQa(fs.readFileSync(file, 'utf8'));
  for (const e of errors) logLine(`skipped ${e}`);
  const archive = await openCliArchive(args);
  const rows: Array<Record<string, unknown>> = [];
  const times: number[] = [];
  try {
    for (const item of items) {
      const result = await archive.ask(item.q);
      times.push(result.ms);
      const score = scoreItem(item, result);
      rows.push({ ...score, q: item.q, ms: result.ms, answer: result.answer });
    }
  } finally {
    archive.close();
  }
  const passed = rows.filter((r) => r.pass).length;
  if (args.flags.has('json')) {
    await writeOut(JSON.stringify({ file, passed, total: rows.length, p50: percentile(times, 50), p95: percentile(times, 95), items: rows }) + '\n');
    return;
  }
  const out: string[] = [`QA: ${path.relative(process.cwd(), file)}`, '', 'id    pass  ans  cite  ms     question / reason'];
  for (const r of rows) {
    out.push(`${String(r.id).padEnd(5)} ${r.pass ? 'PASS' : 'FAIL'}  ${r.answerOk ? 'ok ' : '-- '}  ${r.citationOk ? 'ok  ' : '--  '} ${String(r.ms).padEnd(6)} ${r.q}`);
    if (!r.pass) out.push(`      ${r.reason} | answer: ${String(r.answer).replace(/\n/g, ' ').slice(0, 160)}`);
  }
  out.push('', `total: ${passed}/${rows.length} passed; per question p50 ${percentile(times, 50)} ms, p95 ${percentile(times, 95)} ms`);
  await writeOut(out.join('\n') + '\n');
}

runCli(main);
