// Archive section: a synthetic daily paper of S months driven through the real CLI (`npm run index`, `ask --json`,
// `ask --batch`) exactly as an outside harness does — build time, peak RSS, disk, cold answer, batch latency, one more day.

import { lstatSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConfigError } from '../../src/errors.js';
import { ARCHIVE_PAPER, type ArchivePage, writeDailyArchive } from './corpus.js';
import { ROOT } from './env.js';
import { percentile, rankBySource, recallAt } from './metrics.js';
import { describeFailure, measureCommand, type MeasuredRun, succeeded } from './measured-process.js';
import { fix, mib, seconds, table } from './report.js';
import { mulberry32 } from './vectors.js';

/** Days in one scale unit: a month of the paper. */
export const DAYS_PER_SCALE = 30;
export const PAGES_PER_DAY = 8;
/** The scale the issue's targets are stated at (40 months ≈ 540 k chunks). */
export const TARGET_SCALE = 40;
/** The scale `--build-1m` adds: about 1.1 M chunks. */
export const LARGE_SCALE = 80;

export interface ArchivePlan {
  scales: number[];
  /** Questions in the `ask --batch` file (half headlines, half fact questions). */
  questions: number;
  seed: number;
}

export const FULL_ARCHIVE: ArchivePlan = { scales: [TARGET_SCALE], questions: 200, seed: 11 };
export const QUICK_ARCHIVE: ArchivePlan = { scales: [2], questions: 200, seed: 11 };

/** Issue 11's targets at 40×. */
export const TARGETS = {
  indexSeconds: 15 * 60,
  indexRssBytes: 6 * 2 ** 30,
  diskBytes: 2.5 * 2 ** 30,
  coldSeconds: 3,
  coldRssBytes: 2 * 2 ** 30,
  batchP95Ms: 100,
  addDaySeconds: 10,
} as const;

/** Per-child time limits: about twice the target time at 40×, proportional to the scale, never below a floor. */
export function timeoutsFor(scale: number): { index: number; addDay: number; cold: number; batch: number } {
  const min = 60_000;
  return {
    index: Math.max(20 * min, scale * 45_000),
    addDay: Math.max(5 * min, scale * 15_000),
    cold: Math.max(2 * min, scale * 6_000),
    batch: Math.max(5 * min, scale * 15_000),
  };
}

export interface StepResult {
  ok: boolean;
  /** Why it failed ("timed out after …", "died after … s: <last stderr line>"), or null. */
  failure: string | null;
  exitCode: number | null;
  wallSeconds: number;
  peakRssBytes: number;
  maxProcessRssBytes: number | null;
  treeRssBytes: number;
}

export interface DiskUse {
  /** Apparent bytes of all files under INDEX_DIR (`du -sb` without the folders' own blocks). */
  bytes: number;
  /** Allocated bytes (st_blocks × 512, as plain `du`). */
  allocatedBytes: number;
  files: number;
  /** Bytes per file name (the base name, summed over every folder it occurs in), largest first. */
  byName: Array<{ name: string; files: number; bytes: number }>;
}

export interface BatchResult extends StepResult {
  questions: number;
  answered: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  r1: number | null;
  r5: number | null;
  byKind: Record<string, { n: number; r1: number; r5: number }>;
}

export interface ScaleResult {
  scale: number;
  days: number;
  pages: number;
  chars: number;
  articles: number;
  /** Chunks as the index CLI's summary reports them (`chunks: N` on stderr); null when it prints none. */
  chunks: number | null;
  generateSeconds: number;
  index: StepResult;
  disk: DiskUse | null;
  cold: (StepResult & { ms: number | null; firstHit: boolean | null }) | null;
  batch: BatchResult | null;
  addDay: (StepResult & { chunks: number | null }) | null;
  diskAfterAddDay: DiskUse | null;
  /** What was not run and why (the index failed, …). */
  notes: string[];
}

export interface ArchiveReport {
  plan: ArchivePlan;
  heapLimitBytes: number;
  /** Median wall of 3 `ask --json` runs on an empty index folder (they stop at "no index"): npm, tsx and imports. */
  startupSeconds: number | null;
  results: ScaleResult[];
  wallSeconds: number;
}

/** Walks a folder (not following links) and sums what `du -sb` / `du -s` would, with a per-file-name breakdown. */
export function diskUse(dir: string): DiskUse {
  const byName = new Map<string, { files: number; bytes: number }>();
  let bytes = 0;
  let allocatedBytes = 0;
  let files = 0;
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      const st = lstatSync(p);
      allocatedBytes += st.blocks * 512;
      if (entry.isDirectory()) { walk(p); continue; }
      bytes += st.size;
      files++;
      const row = byName.get(entry.name) ?? { files: 0, bytes: 0 };
      row.files++;
      row.bytes += st.size;
      byName.set(entry.name, row);
    }
  };
  walk(dir);
  return { bytes, allocatedBytes, files, byName: [...byName].map(([name, r]) => ({ name, ...r })).sort((a, b) => b.bytes - a.bytes) };
}

export interface ArchiveQuestion {
  id: string;
  q: string;
  kind: 'headline' | 'fact';
  gold: string;
}

/**
 * `count` questions spread evenly over the archive's pages (one page per slot, an article drawn at random on it):
 * alternately an article's printed headline and the question about its fact sentence. Deterministic for a seed.
 */
export function archiveQuestions(pages: readonly ArchivePage[], count: number, seed: number): ArchiveQuestion[] {
  const rand = mulberry32(seed);
  const out: ArchiveQuestion[] = [];
  for (let i = 0; i < count && pages.length; i++) {
    const page = pages[Math.min(pages.length - 1, Math.floor(((i + rand()) * pages.length) / count))];
    if (!page.articles.length) continue;
    const article = page.articles[Math.floor(rand() * page.articles.length)];
    const kind = i % 2 === 0 ? 'headline' : 'fact';
    out.push({ id: `a${i}`, q: kind === 'headline' ? article.headline : article.question, kind, gold: page.source });
  }
  return out;
}

/** The children's environment: the no-weights embedder, no LLM, and no NODE_OPTIONS (Node's default heap limit). */
function childEnv(): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _n, ...env } = process.env;
  return { ...env, EMBEDDING_MODEL: 'hash', LLM_BASE_URL: '', LLM_API_KEY: '', TELEGRAM_BOT_TOKEN: '', FORCE_COLOR: '0' };
}

function step(run: MeasuredRun): StepResult {
  const ok = succeeded(run);
  return {
    ok, failure: ok ? null : describeFailure(run), exitCode: run.exitCode, wallSeconds: run.wallSeconds,
    peakRssBytes: run.peakRssBytes, maxProcessRssBytes: run.maxProcessRssBytes, treeRssBytes: run.treeRssBytes,
  };
}

function chunksFromSummary(run: MeasuredRun): number | null {
  for (const line of [...run.stderrTail].reverse()) {
    const m = line.match(/^\s*chunks:\s+(\d+)/);
    if (m) return Number(m[1]);
  }
  return null;
}

/** `npm run -s <script> -- args…` from the project root, measured; progress lines go to `log` (index: every 10 %). */
function npmRun(script: string, args: readonly string[], timeoutMs: number, log: (line: string) => void): Promise<MeasuredRun> {
  return measureCommand('npm', ['run', '-s', script, '--', ...args], {
    cwd: ROOT, env: childEnv(), timeoutMs,
    onStderrLine: (line) => { if (/^indexing: |^index written|error|Error/.test(line)) log(`    ${script}| ${line}`); },
  });
}

async function runScale(scale: number, plan: ArchivePlan, log: (line: string) => void): Promise<ScaleResult> {
  const work = mkdtempSync(path.join(os.tmpdir(), `bench-archive-${scale}x-`));
  const inputDir = path.join(work, 'archive');
  const indexDir = path.join(work, 'index');
  const limits = timeoutsFor(scale);
  const days = scale * DAYS_PER_SCALE;
  try {
    const t0 = performance.now();
    const archive = await writeDailyArchive(inputDir, { days, pagesPerDay: PAGES_PER_DAY, seed: plan.seed });
    const generateSeconds = (performance.now() - t0) / 1000;
    const { stats } = archive;
    log(`archive ${scale}×: ${days} days, ${stats.files} pages, ${(stats.chars / 1e6).toFixed(2)} M characters written in ${generateSeconds.toFixed(1)} s → ${inputDir}`);
    log(`archive ${scale}×: npm run index from empty (timeout ${(limits.index / 60_000).toFixed(0)} min) …`);
    const indexRun = await npmRun('index', ['--input', inputDir, '--out', indexDir], limits.index, log);
    const result: ScaleResult = {
      scale, days, pages: stats.files, chars: stats.chars, articles: stats.articles, chunks: chunksFromSummary(indexRun), generateSeconds,
      index: step(indexRun), disk: null, cold: null, batch: null, addDay: null, diskAfterAddDay: null, notes: [],
    };
    return await finishScale(result, { archive: archive.pages, inputDir, indexDir, limits, plan, log, work });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

interface ScaleContext {
  archive: ArchivePage[];
  inputDir: string;
  indexDir: string;
  work: string;
  limits: ReturnType<typeof timeoutsFor>;
  plan: ArchivePlan;
  log: (line: string) => void;
}

async function finishScale(result: ScaleResult, ctx: ScaleContext): Promise<ScaleResult> {
  const { archive, inputDir, indexDir, work, limits, plan, log } = ctx;
  const scale = result.scale;
  if (!result.index.ok) {
    log(`archive ${scale}×: index ${result.index.failure}`);
    result.notes.push('cold answer, batch and one more day not run: the index from empty did not finish');
    return result;
  }
  result.disk = diskUse(indexDir);
  log(`archive ${scale}×: index ${seconds(result.index.wallSeconds)}, peak RSS ${mib(result.index.peakRssBytes)}, ${result.chunks ?? '?'} chunks, disk ${mib(result.disk.bytes)}`);

  const questions = archiveQuestions(archive, plan.questions, plan.seed);
  const first = questions.find((q) => q.kind === 'fact') ?? questions[0];
  log(`archive ${scale}×: cold ask --json (fresh process) …`);
  const coldRun = await npmRun('ask', ['--index', indexDir, '--json', first.q], limits.cold, log);
  let ms: number | null = null;
  let firstHit: boolean | null = null;
  try {
    const parsed = JSON.parse(coldRun.stdout.trim().split('\n').pop() ?? '') as { ms?: number; passages?: Array<{ source?: string }> };
    ms = typeof parsed.ms === 'number' ? parsed.ms : null;
    firstHit = parsed.passages?.[0]?.source === first.gold;
  } catch {
    // No JSON: the step's failure line says why.
  }
  result.cold = { ...step(coldRun), ms, firstHit };
  if (result.cold.ok && ms === null) Object.assign(result.cold, { ok: false, failure: 'printed no JSON answer' });
  log(`archive ${scale}×: cold answer ${result.cold.ok ? `${result.cold.wallSeconds.toFixed(2)} s wall, ${mib(result.cold.peakRssBytes)}` : result.cold.failure}`);

  const batchFile = path.join(work, 'questions.jsonl');
  writeFileSync(batchFile, questions.map(({ id, q }) => JSON.stringify({ id, q })).join('\n') + '\n');
  log(`archive ${scale}×: ask --batch, ${questions.length} questions …`);
  const batchRun = await npmRun('ask', ['--index', indexDir, '--batch', batchFile], limits.batch, log);
  result.batch = scoreBatch(step(batchRun), batchRun.stdout, questions);
  log(`archive ${scale}×: batch ${result.batch.answered}/${questions.length} answered, p50 ${fix(result.batch.p50Ms, 0)} ms, p95 ${fix(result.batch.p95Ms, 0)} ms, R@1 ${fix(result.batch.r1, 3)}, R@5 ${fix(result.batch.r5, 3)}`);

  const nextDay = await writeDailyArchive(inputDir, { days: 1, firstDay: result.days, pagesPerDay: PAGES_PER_DAY, seed: plan.seed });
  log(`archive ${scale}×: one more day (${nextDay.pages[0]?.date}, ${nextDay.stats.files} pages), npm run index again …`);
  const addRun = await npmRun('index', ['--input', inputDir, '--out', indexDir], limits.addDay, log);
  result.addDay = { ...step(addRun), chunks: chunksFromSummary(addRun) };
  if (result.addDay.ok) result.diskAfterAddDay = diskUse(indexDir);
  log(`archive ${scale}×: one more day ${result.addDay.ok ? `${result.addDay.wallSeconds.toFixed(1)} s, peak RSS ${mib(result.addDay.peakRssBytes)}` : result.addDay.failure}`);
  return result;
}

/** Scores `ask --batch` output lines against the questions' pages (rank by distinct `source`, as the quality bench). */
export function scoreBatch(base: StepResult, stdout: string, questions: readonly ArchiveQuestion[]): BatchResult {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const ms: number[] = [];
  const ranks: number[] = [];
  const kindRanks = new Map<string, number[]>();
  for (const line of stdout.split('\n')) {
    if (!line.trim()) continue;
    let row: { id?: string; ms?: number; passages?: Array<{ source?: string }> };
    try {
      row = JSON.parse(line);
    } catch {
      continue;
    }
    const q = row.id === undefined ? undefined : byId.get(row.id);
    if (!q) continue;
    byId.delete(q.id);
    if (typeof row.ms === 'number') ms.push(row.ms);
    const rank = rankBySource((row.passages ?? []).map((p) => p.source ?? ''), [q.gold]);
    ranks.push(rank);
    kindRanks.set(q.kind, [...(kindRanks.get(q.kind) ?? []), rank]);
  }
  // A question with no output line counts as a miss, so a batch that died halfway cannot look accurate.
  for (const q of byId.values()) { ranks.push(0); kindRanks.set(q.kind, [...(kindRanks.get(q.kind) ?? []), 0]); }
  const answered = questions.length - byId.size;
  const ok = base.ok && answered === questions.length;
  return {
    ...base,
    ok,
    failure: base.failure ?? (ok ? null : `${questions.length - answered} of ${questions.length} questions got no output line`),
    questions: questions.length,
    answered,
    p50Ms: ms.length ? percentile(ms, 50) : null,
    p95Ms: ms.length ? percentile(ms, 95) : null,
    maxMs: ms.length ? Math.max(...ms) : null,
    r1: ranks.length ? recallAt(ranks, 1) : null,
    r5: ranks.length ? recallAt(ranks, 5) : null,
    byKind: Object.fromEntries([...kindRanks].map(([k, r]) => [k, { n: r.length, r1: recallAt(r, 1), r5: recallAt(r, 5) }])),
  };
}

function heapLimit(): Promise<number> {
  return measureCommand(process.execPath, ['-p', 'require("v8").getHeapStatistics().heap_size_limit'], { cwd: ROOT, env: childEnv(), timeoutMs: 30_000 })
    .then((r) => Number(r.stdout.trim()) || 0);
}

/** The floor under a cold answer: the same command on an empty index folder, which stops once it finds no index. */
async function startupFloor(log: (line: string) => void): Promise<number | null> {
  const empty = mkdtempSync(path.join(os.tmpdir(), 'bench-archive-empty-'));
  try {
    const walls: number[] = [];
    for (let i = 0; i < 3; i++) {
      const run = await npmRun('ask', ['--index', empty, '--json', '今天有什么新闻？'], 120_000, () => {});
      if (!run.timedOut) walls.push(run.wallSeconds);
    }
    const median = walls.length ? percentile(walls, 50) : null;
    log(`archive: start-up floor (ask on an empty index folder) ${fix(median, 2)} s`);
    return median;
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
}

export async function runArchiveBench(plan: ArchivePlan, log: (line: string) => void): Promise<ArchiveReport> {
  const t0 = performance.now();
  const heapLimitBytes = await heapLimit();
  const startupSeconds = await startupFloor(log);
  const results: ScaleResult[] = [];
  // One scale at a time: each is a big run, and two at once would measure each other.
  for (const scale of plan.scales) results.push(await runScale(scale, plan, log));
  return { plan, heapLimitBytes, startupSeconds, results, wallSeconds: (performance.now() - t0) / 1000 };
}

type Verdict = 'pass' | 'fail' | '–';

/**
 * Pass or fail against a 40× target: judged at 40× itself; below 40× only a failure is final (every measured cost
 * grows with the archive), above it only a pass is (the target held on a bigger archive). Missing values → fail.
 */
export function verdict(scale: number, value: number | null | undefined, limit: number, ok = true): Verdict {
  if (!ok || value === null || value === undefined || !Number.isFinite(value)) return 'fail';
  const within = value <= limit;
  if (scale === TARGET_SCALE) return within ? 'pass' : 'fail';
  if (scale < TARGET_SCALE) return within ? '–' : 'fail';
  return within ? 'pass' : '–';
}

const failed = (s: StepResult | null): string => (s === null ? 'not run' : (s.failure ?? ''));

export function formatArchive(r: ArchiveReport): string {
  const out: string[] = [];
  out.push(
    `A synthetic daily paper (\`${ARCHIVE_PAPER}\`, invented name): ${PAGES_PER_DAY} pages a day, consecutive dates, YAML front matter (paper, date, ` +
      `issue, page, page count), \`##\` headlines, about 7,700 characters a page of CMRC 2018 / DRCD dev sentences recombined (one page in three ` +
      `in traditional script), each article led by an invented fact about an invented place whose name occurs nowhere else in the archive. ` +
      `**1× = one month** (${DAYS_PER_SCALE} days, ${DAYS_PER_SCALE * PAGES_PER_DAY} pages, ≈ 1.85 M characters, ≈ 13 k chunks: a tenth of ` +
      `issue 11's ten copies of a national daily's month, 18.8 M characters, 134.6 k chunks); S× = S × ${DAYS_PER_SCALE} days. ` +
      `Everything runs through the CLI in fresh processes, as an outside harness does: \`npm run -s index -- --input DIR --out DIR\` from an empty ` +
      `folder, \`npm run -s ask -- --index DIR --json "…"\` (cold: load + first answer), \`npm run -s ask -- --index DIR --batch FILE\` ` +
      `(${r.plan.questions} questions, one process), then ${PAGES_PER_DAY} pages of the next day and \`npm run -s index\` again. ` +
      `\`EMBEDDING_MODEL=hash\`, no LLM, \`NODE_OPTIONS\` unset: Node's default heap limit (${mib(r.heapLimitBytes)} here) is not raised. ` +
      `Peak RSS = the larger of GNU time's \`%M\` (largest process) and the process tree's summed RSS sampled every 200 ms (npm and tsx included). ` +
      `Disk = bytes of all files under the index folder. Wall times include npm and tsx start-up; the start-up floor is the median of 3 runs ` +
      `of the same \`ask --json\` on an empty index folder (they stop at "no index"): what npm, tsx and the imports cost before any index is read.`,
    '',
  );
  const cols = r.results.map((x) => `${x.scale}×`);
  const at = (f: (x: ScaleResult) => string): string[] => r.results.map(f);
  // Verdicts at the scale closest to the target one (40× when it was run).
  const judged = r.results.find((x) => x.scale === TARGET_SCALE) ?? r.results[r.results.length - 1];
  const v = (f: (x: ScaleResult) => Verdict): string => (judged ? f(judged) : '–');
  const rows: string[][] = [
    ['days / pages', ...at((x) => `${x.days} / ${x.pages.toLocaleString('en')}`), '', ''],
    ['characters / chunks', ...at((x) => `${(x.chars / 1e6).toFixed(2)} M / ${x.chunks === null ? '–' : x.chunks.toLocaleString('en')}`), '', ''],
    ['chunks per page', ...at((x) => (x.chunks === null ? '–' : (x.chunks / x.pages).toFixed(1))), '≈ 48 (issue 11)', ''],
    ['**index from empty**, wall', ...at((x) => (x.index.ok ? seconds(x.index.wallSeconds) : `**${failed(x.index)}**`)), '≤ 15 min',
      v((x) => verdict(x.scale, x.index.wallSeconds, TARGETS.indexSeconds, x.index.ok))],
    ['index peak RSS', ...at((x) => mib(x.index.peakRssBytes)), '≤ 6 GiB', v((x) => verdict(x.scale, x.index.peakRssBytes, TARGETS.indexRssBytes, x.index.ok))],
    ['index on disk', ...at((x) => (x.disk ? mib(x.disk.bytes) : '–')), '≤ 2.5 GiB', v((x) => verdict(x.scale, x.disk?.bytes, TARGETS.diskBytes))],
    ['**cold first answer** (`ask --json`), wall', ...at((x) => (x.cold?.ok ? `${x.cold.wallSeconds.toFixed(2)} s` : `**${failed(x.cold)}**`)), '≤ 3 s',
      v((x) => verdict(x.scale, x.cold?.wallSeconds, TARGETS.coldSeconds, x.cold?.ok))],
    ['cold first answer, peak RSS', ...at((x) => (x.cold ? mib(x.cold.peakRssBytes) : '–')), '≤ 2 GiB',
      v((x) => verdict(x.scale, x.cold?.peakRssBytes, TARGETS.coldRssBytes, x.cold?.ok))],
    ['start-up floor: the same command on an empty index folder', ...at(() => (r.startupSeconds === null ? '–' : `${r.startupSeconds.toFixed(2)} s`)), '', ''],
    ['cold answer: its `ms` / first hit right', ...at((x) => (x.cold ? `${fix(x.cold.ms, 0)} ms / ${x.cold.firstHit ? 'yes' : 'no'}` : '–')), '', ''],
    ['**`ask --batch`** `ms` p50 / p95 / max', ...at((x) => (x.batch ? `${fix(x.batch.p50Ms, 0)} / **${fix(x.batch.p95Ms, 0)}** / ${fix(x.batch.maxMs, 0)} ms` : '–')),
      'p95 ≤ 100 ms', v((x) => verdict(x.scale, x.batch?.p95Ms, TARGETS.batchP95Ms, x.batch?.ok))],
    ['`ask --batch` R@1 / R@5 (page asked about)', ...at((x) => (x.batch ? `${fix(x.batch.r1, 3)} / ${fix(x.batch.r5, 3)}` : '–')), 'sanity: no collapse', ''],
    ['`ask --batch` process: wall / peak RSS', ...at((x) => (x.batch ? `${seconds(x.batch.wallSeconds)} / ${mib(x.batch.peakRssBytes)}` : '–')), '', ''],
    ['**one day added** (8 pages), `index` wall', ...at((x) => (x.addDay?.ok ? seconds(x.addDay.wallSeconds) : `**${failed(x.addDay)}**`)), '≤ 10 s',
      v((x) => verdict(x.scale, x.addDay?.wallSeconds, TARGETS.addDaySeconds, x.addDay?.ok))],
    ['one day added, peak RSS', ...at((x) => (x.addDay ? mib(x.addDay.peakRssBytes) : '–')), '', ''],
    ['on disk after the added day', ...at((x) => (x.diskAfterAddDay ? mib(x.diskAfterAddDay.bytes) : '–')), '', ''],
  ];
  out.push(table(['', ...cols, `target at ${TARGET_SCALE}×`, judged ? `verdict (${judged.scale}×)` : 'verdict'], rows), '');
  out.push(
    `Verdicts are for ${TARGET_SCALE}×; when ${TARGET_SCALE}× was not run they are given for the largest scale run, where below ${TARGET_SCALE}× ` +
      `only a failure counts (a cost over the target on a smaller archive stays over it) and a value within the target shows –.`,
    '',
  );
  const last = [...r.results].reverse().find((x) => x.disk);
  if (last?.disk) {
    out.push(`Index folder at ${last.scale}× after the build from empty (${last.disk.files} files; allocated ${mib(last.disk.allocatedBytes)}), by file name:`, '');
    out.push(table(['file', 'files', 'bytes', 'share'], last.disk.byName.slice(0, 12).map((f) => [
      `\`${f.name}\``, String(f.files), f.bytes < 2 ** 20 ? `${(f.bytes / 1024).toFixed(0)} KiB` : mib(f.bytes), `${((f.bytes / Math.max(1, last.disk!.bytes)) * 100).toFixed(1)} %`,
    ])), '');
  }
  for (const x of r.results) {
    const extra = [
      `index exit ${x.index.exitCode ?? '–'} (largest process ${x.index.maxProcessRssBytes === null ? '–' : mib(x.index.maxProcessRssBytes)}, tree ${mib(x.index.treeRssBytes)})`,
      x.batch ? `batch by kind: ${Object.entries(x.batch.byKind).map(([k, s]) => `${k} R@1 ${s.r1.toFixed(3)} R@5 ${s.r5.toFixed(3)} (n ${s.n})`).join('; ')}` : null,
      x.addDay?.chunks ? `after the added day the index CLI reports ${x.addDay.chunks.toLocaleString('en')} chunks` : null,
      `archive written in ${x.generateSeconds.toFixed(1)} s (not counted)`,
      ...x.notes,
    ].filter(Boolean);
    out.push(`- ${x.scale}×: ${extra.join('; ')}.`);
  }
  out.push(`- Section wall time: ${seconds(r.wallSeconds)}. Time limits per child (killed on expiry, reported as a failure): index max(20 min, S × 45 s), ` +
    `one more day max(5 min, S × 15 s), cold answer max(2 min, S × 6 s), batch max(5 min, S × 15 s).`);
  return out.join('\n');
}

/** The section's line of the JSON summary: per scale, the judged numbers. */
export function archiveSummary(r: ArchiveReport): unknown {
  return { startupSeconds: r.startupSeconds, heapLimitBytes: r.heapLimitBytes, scales: archiveRows(r) };
}

function archiveRows(r: ArchiveReport): unknown[] {
  return r.results.map((x) => ({
    scale: x.scale, pages: x.pages, chars: x.chars, chunks: x.chunks,
    index: { ok: x.index.ok, seconds: x.index.wallSeconds, peakRssBytes: x.index.peakRssBytes, failure: x.index.failure },
    diskBytes: x.disk?.bytes ?? null,
    cold: x.cold && { ok: x.cold.ok, seconds: x.cold.wallSeconds, peakRssBytes: x.cold.peakRssBytes, ms: x.cold.ms },
    batch: x.batch && { ok: x.batch.ok, p50Ms: x.batch.p50Ms, p95Ms: x.batch.p95Ms, maxMs: x.batch.maxMs, r1: x.batch.r1, r5: x.batch.r5 },
    addDay: x.addDay && { ok: x.addDay.ok, seconds: x.addDay.wallSeconds, peakRssBytes: x.addDay.peakRssBytes },
  }));
}

/** Parses `--archive-scales 1,10,40`: positive whole numbers, in the order given, without repeats. */
export function parseScales(raw: string): number[] {
  const scales = raw.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const bad = scales.filter((s) => !Number.isInteger(s) || s < 1);
  if (!scales.length || bad.length) throw new ConfigError(`--archive-scales takes positive whole numbers separated by commas, got "${raw}"`);
  return [...new Set(scales)];
}
