// `npm run -s ask -- [--index DIR] [--k N] --json "问题"` and `--batch FILE.jsonl`: answers as JSON on stdout.
import fs from 'node:fs';
import readline from 'node:readline';
import type { AskResult } from '../domain.js';
import { MAX_PASSAGES } from '../archive.js';
import { logLine, parseArgs, stringFlag } from './args.js';
import { runMain } from '../run-main.js';
import { openCliArchive, writeOut } from './open-cli-archive.js';

/** The contract's JSON shape, field by field (internal fields such as articleId are left out). */
export function toContractJson(r: AskResult): Record<string, unknown> {
  return {
    question: r.question,
    found: r.found,
    answer: r.answer,
    ms: r.ms,
    citations: r.citations.map((c) => ({
      n: c.n, source: c.source, paper: c.paper, date: c.date, issue: c.issue, page: c.page, title: c.title, quote: c.quote,
    })),
    passages: r.passages.map((p) => ({ source: p.source, title: p.title, text: p.text, score: p.score })),
  };
}

function formatHuman(r: AskResult): string {
  const lines = [r.answer, ''];
  for (const c of r.citations) {
    const where = [c.paper, c.date, c.issue ? `第${c.issue}期` : null, c.page ? `第${c.page}版` : null].filter(Boolean).join(' ');
    lines.push(`[${c.n}] ${where}《${c.title}》 (${c.source})`);
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { values: ['index', 'k', 'batch'], booleans: ['json'] });
  const kRaw = stringFlag(args, 'k');
  const k = kRaw === undefined ? 8 : Number(kRaw);
  if (!Number.isInteger(k) || k < 1) throw new Error(`--k must be a positive whole number, got "${kRaw}"`);
  if (k > MAX_PASSAGES) logLine(`--k ${k} is capped: at most ${MAX_PASSAGES} passages are returned`);
  const batch = stringFlag(args, 'batch');
  const question = args.positional.join(' ').trim();
  if (!batch && !question) throw new Error('usage: npm run -s ask -- [--index DIR] [--k N] --json "问题"  |  --batch FILE.jsonl');
  if (batch && !fs.existsSync(batch)) throw new Error(`batch file not found: ${batch}`);
  const archive = await openCliArchive(args);
  try {
    if (!batch) {
      const result = await archive.ask(question, { k });
      await writeOut(args.flags.has('json') ? JSON.stringify(toContractJson(result)) + '\n' : formatHuman(result));
      return;
    }
    const rl = readline.createInterface({ input: fs.createReadStream(batch, 'utf8'), crlfDelay: Infinity });
    let lineNo = 0;
    for await (const line of rl) {
      lineNo++;
      if (!line.trim()) continue;
      let id: unknown = null;
      let q = '';
      try {
        const item = JSON.parse(line) as { id?: unknown; q?: unknown; question?: unknown };
        id = item.id ?? null;
        q = String(item.q ?? item.question ?? '').trim();
        if (!q) throw new Error('no "q" field');
      } catch (error) {
        logLine(`batch line ${lineNo} skipped: ${(error as Error).message}`);
        await writeOut(JSON.stringify({ id, question: q, found: false, answer: '这一行没有可读的问题。', ms: 0, citations: [], passages: [], error: (error as Error).message }) + '\n');
        continue;
      }
      const result = await archive.ask(q, { k });
      await writeOut(JSON.stringify({ id, ...toContractJson(result) }) + '\n');
    }
  } finally {
    archive.close();
  }
}

runMain('ask', main);
