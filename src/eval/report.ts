// What `npm run eval` prints: totals per half, per-kind counts and failures — test-half items scored, never shown.
import { totals, type HalfTotals, type ItemScore, type QaItem } from './score.js';

/** One scored question. */
export interface EvalRow {
  item: QaItem;
  score: ItemScore;
  ms: number;
  answer: string;
}

/**
 * The p-th percentile (nearest rank) of a list of numbers, 0 for an empty list.
 * @example percentile([5, 1, 9, 3], 50) // 3
 */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** The half an item belongs to: items without a split are dev (studied). */
export function halfOf(item: QaItem): 'dev' | 'test' {
  return item.split === 'test' ? 'test' : 'dev';
}

function pct(a: number, b: number): string {
  return b ? `${a}/${b} (${((100 * a) / b).toFixed(0)}%)` : '–';
}

/** One totals line: passed, answers, citations, refusals, fragment short answers and latency. */
export function totalsLine(name: string, rows: readonly EvalRow[]): string {
  const t: HalfTotals = totals(rows);
  const times = rows.map((r) => r.ms);
  return `${name.padEnd(12)} passed ${pct(t.passed, t.items).padEnd(14)} answers ${pct(t.answersRight, t.answerable).padEnd(14)} ` +
    `citations ${pct(t.citationsRight, t.answerable).padEnd(14)} refusals ${pct(t.refusalsRight, t.refusals).padEnd(12)} ` +
    `fragments ${t.fragments}  p50 ${percentile(times, 50)} ms  p95 ${percentile(times, 95)} ms`;
}

/** Passed per kind, dev | test, for the kinds the rows hold. */
export function kindsLine(dev: readonly EvalRow[], test: readonly EvalRow[]): string {
  const kinds = [...new Set([...dev, ...test].map((r) => r.item.kind ?? '?'))].sort();
  const count = (rows: readonly EvalRow[], k: string) => {
    const of = rows.filter((r) => (r.item.kind ?? '?') === k);
    return `${of.filter((r) => r.score.pass).length}/${of.length}`;
  };
  return 'by kind (dev | test): ' + kinds.map((k) => `${k} ${count(dev, k)} | ${count(test, k)}`).join('; ');
}

/** Two lines per failed item (id, kind, question; reason and answer). Only ever given dev rows. */
export function failureLines(rows: readonly EvalRow[]): string[] {
  const out: string[] = [];
  for (const r of rows.filter((x) => !x.score.pass)) {
    out.push(`${r.item.id.padEnd(6)} [${r.item.kind ?? '?'}] ${r.item.q}`);
    out.push(`       ${r.score.reason} | answer: ${r.answer.replace(/\n/g, ' ').slice(0, 200)}`);
  }
  return out;
}

/** A row as the JSON report shows it: the score, and the question and answer only for dev items. */
export function rowJson(r: EvalRow): Record<string, unknown> {
  const base = { ...r.score, split: halfOf(r.item), kind: r.item.kind ?? null, ms: r.ms };
  return halfOf(r.item) === 'dev' ? { ...base, q: r.item.q, answer: r.answer } : { id: r.item.id, split: 'test', pass: r.score.pass, ms: r.ms };
}

/** The table for a QA file: one line per dev item (reason on failure), a count of test items scored, the totals. */
export function fileTable(title: string, rows: readonly EvalRow[]): string[] {
  const out = [title, '', 'id    pass  ans  cite  ms     question / reason'];
  const dev = rows.filter((r) => halfOf(r.item) === 'dev');
  const test = rows.filter((r) => halfOf(r.item) === 'test');
  for (const r of dev) {
    out.push(`${r.item.id.padEnd(5)} ${r.score.pass ? 'PASS' : 'FAIL'}  ${r.score.answerOk ? 'ok ' : '-- '}  ${r.score.citationOk ? 'ok  ' : '--  '} ${String(r.ms).padEnd(6)} ${r.item.q}`);
    if (!r.score.pass) out.push(`      ${r.score.reason} | answer: ${r.answer.replace(/\n/g, ' ').slice(0, 160)}`);
  }
  if (test.length) out.push('', `${test.length} test-half items scored, not shown: ${test.filter((r) => r.score.pass).length} passed`);
  const times = rows.map((r) => r.ms);
  out.push('', `total: ${rows.filter((r) => r.score.pass).length}/${rows.length} passed; per question p50 ${percentile(times, 50)} ms, p95 ${percentile(times, 95)} ms`);
  return out;
}
