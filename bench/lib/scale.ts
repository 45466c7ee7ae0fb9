// Scale section: synthetic 100k / 1M stores and the project's own text vectors, hnswlib-node HNSW against exact
// search, and the choice of the HNSW defaults (bench/hnsw-defaults.json) from those numbers.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { runChild, runPool } from './child.js';
import { packageVersion } from './env.js';
import type { HnswResult, HnswTask, TruthResult, TruthTask } from './scale-worker.js';
import { textVectorsUnavailable } from './text-vectors.js';
import type { DataSpec } from './vectors.js';

const WORKER = fileURLToPath(new URL('./scale-worker.ts', import.meta.url));

export interface HnswDefaults {
  M: number;
  efConstruction: number;
  efSearch: number;
}

export interface BuildSetting {
  M: number;
  efConstruction: number;
}

export interface ScalePlan {
  /** Size of the synthetic (clustered, uniform) stores. */
  n: number;
  /** Size of the text-vector store (each vector costs about a millisecond of embedding). */
  textN: number;
  dim: number;
  k: number;
  queries: number;
  /** Build settings swept on both the clustered and the text vectors. */
  sweep: BuildSetting[];
  efs: number[];
  /** Size of the large store (exact search measured, HNSW extrapolated), or null to skip it. */
  large: number | null;
  largeQueries: number;
  /**
   * Build the large store's HNSW for real too (slow: not part of the default run). The cheapest qualifying
   * setting is built; when it misses the target at the large size it is ruled out and the next one is built.
   */
  buildLarge: boolean;
  /** Folder where measured large builds are kept and reused (same data, setting, queries and hnswlib), or null. */
  largeCacheDir: string | null;
  /** Recall@10 the defaults must reach on every vector set, at its size and extrapolated to `extrapolateTo`. */
  targetRecall: number;
  extrapolateTo: number;
  concurrency: number;
}

export const FULL_PLAN: ScalePlan = {
  n: 100_000,
  textN: 30_000,
  dim: 512,
  k: 10,
  queries: 100,
  sweep: [
    { M: 16, efConstruction: 100 },
    { M: 16, efConstruction: 200 },
    { M: 32, efConstruction: 200 },
  ],
  efs: [10, 20, 40, 80, 160, 320, 640, 1280],
  large: 1_000_000,
  largeQueries: 30,
  buildLarge: false,
  largeCacheDir: null,
  targetRecall: 0.95,
  extrapolateTo: 1_000_000,
  // hnswlib-node builds on one thread, so independent builds run side by side, one per core (at most two).
  concurrency: Math.max(1, Math.min(2, os.cpus().length)),
};

export const QUICK_PLAN: ScalePlan = {
  ...FULL_PLAN,
  n: 20_000,
  textN: 5_000,
  queries: 50,
  sweep: [
    { M: 16, efConstruction: 100 },
    { M: 32, efConstruction: 200 },
  ],
  large: null,
};

/** One kind of vectors and the sweep run on it. */
export interface SweptSet {
  name: string;
  truth: TruthResult;
  runs: HnswResult[];
}

export interface Chosen extends HnswDefaults {
  /** Per set: recall@10 at the chosen ef, at the set's size and extrapolated. */
  recall: Array<{ set: string; atN: number; extrapolated: number }>;
  reason: string;
}

export interface QueryCost {
  /** Mean CPU ms per query at `n` points. */
  ms: number;
  /** `fit`: a + b·ln(n) over the checkpoints; `last`: the largest measurement (the fit did not rise). */
  how: 'fit' | 'last';
}

export interface LargeEstimate {
  n: number;
  buildCpuSeconds: number;
  /** The same extrapolation from the text-vector build, when there is one. */
  textBuildCpuSeconds: number | null;
  fileBytes: number;
  rssMiB: number;
  query: QueryCost;
  textQuery: QueryCost | null;
  recall: number;
}

export interface ScaleReport {
  plan: ScalePlan;
  sets: SweptSet[];
  /** Why the text vectors were not measured, if they were not. */
  textSkipped: string | null;
  truthUniform: TruthResult;
  uniform: HnswResult;
  large: TruthResult | null;
  /** Large builds measured for real, in the order they were tried. */
  largeBuilt: HnswResult[];
  chosen: Chosen;
  estimate: LargeEstimate;
  wallSeconds: number;
}

/** Least-squares fit y = a + b·ln(n). */
export function fitLogLinear(points: ReadonlyArray<readonly [number, number]>): { a: number; b: number } {
  const xs = points.map(([n]) => Math.log(n));
  const ys = points.map(([, y]) => y);
  const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
  const my = ys.reduce((s, y) => s + y, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * (ys[i] - my);
    sxx += (x - mx) ** 2;
  });
  const b = sxx === 0 ? 0 : sxy / sxx;
  return { a: my - b * mx, b };
}

/**
 * Recall of one ef at each checkpoint, extrapolated log-linearly to `target` points (capped at 1). A rising trend
 * is not extrapolated (recall does not improve as a store grows): then the last measured value stands.
 */
export function extrapolateRecall(result: HnswResult, ef: number, target: number): number {
  const pts = result.checkpoints.map((c) => [c.n, c.perEf.find((e) => e.ef === ef)?.recall ?? NaN] as const);
  const last = pts[pts.length - 1][1];
  if (pts.length < 2) return last;
  const { a, b } = fitLogLinear(pts);
  return b >= 0 ? last : Math.min(1, a + b * Math.log(target));
}

/**
 * CPU seconds to grow the index from its measured size to `target` points: the per-insert cost of the later
 * blocks is fitted as a + b·ln(n) (HNSW insertion is logarithmic in the store size) and integrated.
 */
export function extrapolateBuild(result: HnswResult, target: number): number {
  const blocks = result.blocks;
  const pts: Array<[number, number]> = [];
  for (let i = 1; i < blocks.length; i++) {
    const [n0, t0] = blocks[i - 1];
    const [n1, t1] = blocks[i];
    if (n1 <= result.data.n / 5) continue; // the first inserts are cheap and not representative
    pts.push([(n0 + n1) / 2, (t1 - t0) / (n1 - n0)]);
  }
  const { a, b } = fitLogLinear(pts);
  const integral = (n: number): number => a * n + b * (n * Math.log(n) - n);
  const [nLast, tLast] = blocks[blocks.length - 1];
  return tLast + integral(target) - integral(nLast);
}

/** An ef only counts when its search costs at most this share of the exact scan's CPU at the same size. */
export const MAX_COST_VS_EXACT = 0.5;

/**
 * Smallest swept ef that reaches the target at the run's size and extrapolated, and (when the exact scan's cost is
 * known) is at least twice as cheap as the exact scan — an index that is not clearly faster than a flat scan
 * buys nothing for its lost recall. Null when there is none.
 */
function smallestEf(r: HnswResult, target: number, extrapolateTo: number, exactCpuMs?: number): number | null {
  const last = r.checkpoints[r.checkpoints.length - 1];
  for (const e of last.perEf) {
    if (exactCpuMs !== undefined && e.cpuMs > MAX_COST_VS_EXACT * exactCpuMs) break;
    if (e.recall >= target && extrapolateRecall(r, e.ef, extrapolateTo) >= target) return e.ef;
  }
  return null;
}

const key = (s: BuildSetting): string => `${s.M}/${s.efConstruction}`;

/**
 * The rule for the defaults. A build setting qualifies when, on every vector set it was swept on, some swept ef
 * reaches the target recall@10 both at the set's size and extrapolated to `extrapolateTo`, while costing at most
 * half the exact scan's CPU per query (when the set's exact cost is given). Of those, the one with
 * the cheapest build (CPU seconds summed over the sets) wins — every candidate answers in milliseconds, far below
 * the cost of embedding the question, while build time is paid for every page indexed. efSearch is the largest of
 * the per-set smallest sufficient ef.
 */
export function chooseDefaults(
  sets: ReadonlyArray<Pick<SweptSet, 'name' | 'runs'> & { truth?: TruthResult }>,
  plan: Pick<ScalePlan, 'targetRecall' | 'extrapolateTo'>,
  measured?: { runs: readonly HnswResult[]; truth?: TruthResult | null },
): Chosen {
  const settings = new Map<string, BuildSetting>();
  for (const s of sets) for (const r of s.runs) settings.set(key(r), { M: r.M, efConstruction: r.efConstruction });
  const largeExactMs = measured?.truth?.exact[measured.truth.exact.length - 1].cpuMs;
  const scored = [...settings.values()].map((setting) => {
    const runs = sets.map((s) => ({
      set: s.name,
      run: s.runs.find((r) => key(r) === key(setting)),
      exactCpuMs: s.truth?.exact[s.truth.exact.length - 1].cpuMs,
    }));
    const efs = runs.map(({ run, exactCpuMs }) => (run ? smallestEf(run, plan.targetRecall, plan.extrapolateTo, exactCpuMs) : null));
    // A build measured at the large size replaces the extrapolation for that setting: it must reach the target there.
    const large = measured?.runs.find((r) => key(r) === key(setting));
    if (large) efs.push(smallestEf(large, plan.targetRecall, large.data.n, largeExactMs));
    const cpu = runs.reduce((sum, { run }) => sum + (run?.buildCpuSeconds ?? Infinity), 0);
    const ok = efs.every((ef) => ef !== null);
    return { setting, runs, large, efSearch: ok ? Math.max(...(efs as number[])) : null, cpu };
  });
  const recallAt = (runs: (typeof scored)[number]['runs'], ef: number): Chosen['recall'] =>
    runs.map(({ set, run }) => {
      const last = run!.checkpoints[run!.checkpoints.length - 1];
      return { set, atN: last.perEf.find((e) => e.ef === ef)?.recall ?? NaN, extrapolated: extrapolateRecall(run!, ef, plan.extrapolateTo) };
    });
  const qualified = scored.filter((s) => s.efSearch !== null).sort((a, b) => a.cpu - b.cpu);
  if (qualified.length > 0) {
    const c = qualified[0];
    const others = qualified.slice(1).map((o) => `M ${o.setting.M}/efC ${o.setting.efConstruction} (${o.cpu.toFixed(0)} s)`);
    const failed = scored.filter((s) => s.efSearch === null).map((s) => `M ${s.setting.M}/efC ${s.setting.efConstruction}` + (s.large ? ` (measured at ${s.large.data.n.toLocaleString('en')} points)` : ''));
    const checked = c.large ? `; its build at ${c.large.data.n.toLocaleString('en')} points was measured and reaches the target there too` : '';
    const maxEf = Math.max(...c.runs.flatMap(({ run }) => run!.checkpoints[0].perEf.map((e) => e.ef)));
    const boundary = c.efSearch === maxEf ? `; efSearch is the largest swept value, so a wider ef range might let a cheaper build qualify` : '';
    return {
      ...c.setting,
      efSearch: c.efSearch!,
      recall: recallAt(c.runs, c.efSearch!),
      reason:
        `the cheapest build (${c.cpu.toFixed(0)} CPU s over the swept sets) among the settings that reach recall@10 ≥ ${plan.targetRecall} ` +
        `on every set, at its size and extrapolated to ${plan.extrapolateTo.toLocaleString('en')} points, at no more than ` +
        `${MAX_COST_VS_EXACT * 100} % of the exact scan's CPU per query` +
        (others.length ? `; also qualifying but slower to build: ${others.join(', ')}` : '') +
        (failed.length ? `; not reaching it at any swept ef: ${failed.join(', ')}` : '') +
        checked +
        boundary,
    };
  }
  // Nothing qualifies: take the setting and ef with the best worst-set recall, and say so.
  let best = { s: scored[0], ef: 0, worst: -1 };
  for (const s of scored) {
    if (s.runs.some(({ run }) => !run)) continue;
    const efs = s.runs[0].run!.checkpoints[0].perEf.map((e) => e.ef);
    for (const ef of efs) {
      const worst = Math.min(...recallAt(s.runs, ef).map((r) => r.atN));
      if (worst > best.worst) best = { s, ef, worst };
    }
  }
  return {
    ...best.s.setting,
    efSearch: best.ef,
    recall: recallAt(best.s.runs, best.ef),
    reason: `no swept setting reached recall@10 ${plan.targetRecall} on every set; the setting and ef with the best worst-set recall (${best.worst.toFixed(3)}) were taken`,
  };
}

/** CPU per query at one ef, extrapolated to `target` points. */
export function extrapolateQuery(result: HnswResult, ef: number, target: number): QueryCost {
  const pts = result.checkpoints.map((c) => [c.n, c.perEf.find((e) => e.ef === ef)?.cpuMs ?? NaN] as const);
  const { a, b } = fitLogLinear(pts);
  // Query cost does not fall as a store grows; a falling fit is noise, and the last measurement stands.
  return b > 0 ? { ms: a + b * Math.log(target), how: 'fit' } : { ms: pts[pts.length - 1][1], how: 'last' };
}

/** Extrapolates a setting's n-point run to `target` points. */
export function estimateLarge(result: HnswResult, ef: number, target: number): LargeEstimate {
  const scale = target / result.data.n;
  return {
    n: target,
    buildCpuSeconds: extrapolateBuild(result, target),
    textBuildCpuSeconds: null,
    query: extrapolateQuery(result, ef, target),
    textQuery: null,
    // The hnswlib file and the index memory are linear in the number of points.
    fileBytes: result.fileBytes * scale,
    rssMiB: result.rssBeforeBuildMiB + (result.rssAfterBuildMiB - result.rssBeforeBuildMiB) * scale,
    recall: extrapolateRecall(result, ef, target),
  };
}

function spec(n: number, dim: number, distribution: DataSpec['distribution'], seed: number): DataSpec {
  return { n, dim, distribution, seed };
}

/** Cache file of one large build: the data, setting, efs and queries, and the hnswlib-node version decide it. */
function largeCacheFile(dir: string, t: HnswTask): string {
  const version = packageVersion('hnswlib-node');
  const d = t.data;
  return path.join(dir, `${d.distribution}-${d.n}-d${d.dim}-s${d.seed}-M${t.M}-efc${t.efConstruction}-q${t.queries}-ef${t.efs.join('_')}-hnswlib${version}.json`);
}

function readCachedLarge(dir: string | null, t: HnswTask): HnswResult | null {
  if (!dir) return null;
  try {
    return JSON.parse(readFileSync(largeCacheFile(dir, t), 'utf8')) as HnswResult;
  } catch {
    return null;
  }
}

function writeCachedLarge(dir: string | null, t: HnswTask, r: HnswResult): void {
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(largeCacheFile(dir, t), JSON.stringify(r));
}

const quarters = (n: number): number[] => [Math.round(n / 4), Math.round(n / 2), n];

export async function runScale(plan: ScalePlan, log: (line: string) => void): Promise<ScaleReport> {
  const t0 = performance.now();
  const tmp = path.join(os.tmpdir(), `newspaper-bench-${process.pid}`);
  const truthFile = (d: DataSpec): string => path.join(tmp, `truth-${d.distribution}-${d.n}.json`);
  const truthTask = (data: DataSpec, queries = plan.queries, checkpoints = quarters(data.n)): TruthTask => ({
    kind: 'truth',
    data,
    checkpoints,
    queries,
    k: plan.k,
    truthFile: truthFile(data),
  });
  const hnswTask = (data: DataSpec, s: BuildSetting, queries = plan.queries, checkpoints = quarters(data.n)): HnswTask => ({
    kind: 'hnsw',
    data,
    M: s.M,
    efConstruction: s.efConstruction,
    efs: plan.efs,
    checkpoints,
    queries,
    k: plan.k,
    truthFile: truthFile(data),
    tmpDir: tmp,
  });
  const clustered = spec(plan.n, plan.dim, 'clustered', 1);
  const uniform = spec(plan.n, plan.dim, 'uniform', 2);
  const text = spec(plan.textN, plan.dim, 'text', 4);
  const textSkipped = textVectorsUnavailable();
  if (textSkipped) log(`scale: text vectors skipped: ${textSkipped}`);

  try {
    log(`scale: vectors and exact top-${plan.k} for ${plan.n} clustered, ${plan.n} uniform${textSkipped ? '' : `, ${plan.textN} text`} …`);
    const truths = await runPool(
      [
        ...(textSkipped ? [] : [() => runChild<TruthResult>(WORKER, truthTask(text))]),
        () => runChild<TruthResult>(WORKER, truthTask(clustered)),
        () => runChild<TruthResult>(WORKER, truthTask(uniform)),
      ],
      plan.concurrency,
    );
    const truthText = textSkipped ? null : truths[0];
    const [truthClustered, truthUniform] = truths.slice(textSkipped ? 0 : 1);

    // Uniform vectors are the worst case and slow to build (several ms per insert): one build, with the cheapest
    // swept setting, shows the floor.
    const uniformSetting = [...plan.sweep].sort((a, b) => a.M * a.efConstruction - b.M * b.efConstruction)[0];
    const jobs: Array<{ set: string; cost: number; run: () => Promise<HnswResult> }> = [
      { set: 'uniform', cost: 3 * uniformSetting.M * uniformSetting.efConstruction * plan.n, run: () => runChild<HnswResult>(WORKER, hnswTask(uniform, uniformSetting)) },
    ];
    for (const s of plan.sweep) {
      jobs.push({ set: 'clustered', cost: s.M * s.efConstruction * plan.n, run: () => runChild<HnswResult>(WORKER, hnswTask(clustered, s)) });
      if (!textSkipped) {
        // Text vectors cost about three times as much per insert as clustered ones.
        jobs.push({ set: 'text', cost: 3 * s.M * s.efConstruction * plan.textN, run: () => runChild<HnswResult>(WORKER, hnswTask(text, s)) });
      }
    }
    log(`scale: HNSW sweep (${plan.sweep.map(key).join(', ')} as M/efConstruction) and uniform ${key(uniformSetting)} — ${jobs.length} builds, ${plan.concurrency} at a time …`);
    // Longest builds first, so the lanes finish together.
    const order = jobs.map((j, i) => ({ j, i })).sort((a, b) => b.j.cost - a.j.cost);
    const done = await runPool(order.map(({ j }) => j.run), plan.concurrency);
    const results = new Array<HnswResult>(jobs.length);
    order.forEach(({ i }, pos) => (results[i] = done[pos]));
    const sets: SweptSet[] = [];
    if (truthText) sets.push({ name: `text (${plan.textN.toLocaleString('en')} hash-embedded chunks)`, truth: truthText, runs: results.filter((_, i) => jobs[i].set === 'text') });
    sets.push({ name: `clustered (${plan.n.toLocaleString('en')})`, truth: truthClustered, runs: results.filter((_, i) => jobs[i].set === 'clustered') });

    let chosen = chooseDefaults(sets, plan);
    log(`scale: chosen M ${chosen.M}, efConstruction ${chosen.efConstruction}, efSearch ${chosen.efSearch} (${chosen.reason})`);

    const large = plan.large;
    const largeData = large ? spec(large, plan.dim, 'clustered', 3) : null;
    const uniformRun = results.find((_, i) => jobs[i].set === 'uniform')!;
    let largeTruth: TruthResult | null = null;
    if (large) {
      log(`scale: exact search over ${large} clustered vectors …`);
      largeTruth = await runChild<TruthResult>(WORKER, truthTask(largeData!, plan.largeQueries, [large]));
    }
    const largeBuilt: HnswResult[] = [];
    if (large) {
      const largeTask = (setting: BuildSetting): HnswTask => hnswTask(largeData!, setting, plan.largeQueries, [large]);
      // Large builds measured by earlier --build-1m runs (committed) count in every run, so the defaults stay theirs.
      for (const s of plan.sweep) {
        const cached = readCachedLarge(plan.largeCacheDir, largeTask(s));
        if (cached) largeBuilt.push(cached);
      }
      if (largeBuilt.length) log(`scale: ${largeBuilt.length} measured ${large}-vector build(s) from ${plan.largeCacheDir}: ${largeBuilt.map(key).join(', ')}`);
      // With --build-1m, build the chosen setting at the large size; if it misses the target there, the rule moves on.
      for (let tries = 0; ; tries++) {
        if (largeBuilt.length) {
          chosen = chooseDefaults(sets, plan, { runs: largeBuilt, truth: largeTruth });
          log(`scale: with the measured large builds: M ${chosen.M}, efConstruction ${chosen.efConstruction}, efSearch ${chosen.efSearch}`);
        }
        if (!plan.buildLarge || tries >= plan.sweep.length || largeBuilt.some((r) => key(r) === key(chosen))) break;
        log(`scale: building HNSW ${key(chosen)} over ${large} vectors for real (slow) …`);
        const run = await runChild<HnswResult>(WORKER, largeTask(chosen));
        writeCachedLarge(plan.largeCacheDir, largeTask(chosen), run);
        largeBuilt.push(run);
      }
    }
    const chosenClustered = sets[sets.length - 1].runs.find((r) => key(r) === key(chosen))!;
    const chosenText = truthText ? sets[0].runs.find((r) => key(r) === key(chosen)) : undefined;
    const estimate = estimateLarge(chosenClustered, chosen.efSearch, plan.extrapolateTo);
    if (chosenText) {
      estimate.textBuildCpuSeconds = extrapolateBuild(chosenText, plan.extrapolateTo);
      estimate.textQuery = extrapolateQuery(chosenText, chosen.efSearch, plan.extrapolateTo);
    }
    return {
      plan,
      sets,
      textSkipped,
      truthUniform,
      uniform: uniformRun,
      large: largeTruth,
      largeBuilt,
      chosen,
      estimate,
      wallSeconds: (performance.now() - t0) / 1000,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const ms = (x: number): string => (!Number.isFinite(x) ? '–' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const count = (n: number): string => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${+(n / 1000).toFixed(1)}k` : String(n));
const mibs = (x: number): string => (x >= 1024 ? `${(x / 1024).toFixed(2)} GiB` : `${x.toFixed(0)} MiB`);
const bytes = (x: number): string => mibs(x / 2 ** 20);
const row = (cells: Array<string | number>): string => `| ${cells.join(' | ')} |`;
const header = (cells: string[]): string => [row(cells), row(cells.map((_, i) => (i === 0 ? '---' : '---:')))].join('\n');

function formatSet(s: SweptSet, plan: ScalePlan, chosen: HnswDefaults): string[] {
  const out: string[] = [];
  const n = s.truth.data.n;
  const isChosen = (r: HnswResult): boolean => r.M === chosen.M && r.efConstruction === chosen.efConstruction;
  const label = (r: HnswResult): string => (isChosen(r) ? `**${r.M} / ${r.efConstruction}**` : `${r.M} / ${r.efConstruction}`);
  out.push('', `#### ${s.name}`, '');
  out.push(header(['M / efC', 'build CPU', 'build wall', 'index RSS', 'peak RSS', 'file', 'write / load']));
  for (const r of s.runs) {
    out.push(
      row([
        label(r),
        `${r.buildCpuSeconds.toFixed(0)} s`,
        `${r.buildSeconds.toFixed(0)} s`,
        mibs(r.rssAfterBuildMiB - r.rssBeforeBuildMiB),
        mibs(r.peakRssMiB),
        bytes(r.fileBytes),
        `${r.writeSeconds.toFixed(1)} / ${r.readSeconds.toFixed(1)} s`,
      ]),
    );
  }
  out.push('', `Recall@10 · wall ms per query p50 / p95 at ${count(n)}, by efSearch:`, '');
  out.push(header(['M / efC', ...plan.efs.map((ef) => `ef ${ef}`)]));
  for (const r of s.runs) {
    const last = r.checkpoints[r.checkpoints.length - 1];
    out.push(row([label(r), ...last.perEf.map((e) => `${e.recall.toFixed(3)} · ${ms(e.p50)} / ${ms(e.p95)}`)]));
  }
  const ex = s.truth.exact[s.truth.exact.length - 1];
  out.push(row(['exact (flat scan)', ...plan.efs.map(() => `1 · ${ms(ex.p50)} / ${ms(ex.p95)}`)]));
  out.push('', 'Recall@10 as the same index grows (queried after 25 %, 50 %, 100 % of the inserts):', '');
  out.push(header(['M / efC', 'points', ...plan.efs.map((ef) => `ef ${ef}`), 'exact p50 ms']));
  for (const r of s.runs) {
    for (const c of r.checkpoints) {
      const e = s.truth.exact.find((x) => x.n === c.n);
      out.push(row([label(r), count(c.n), ...c.perEf.map((p) => p.recall.toFixed(3)), e ? ms(e.p50) : '–']));
    }
  }
  return out;
}

/** Markdown for the scale section (without the "Run on" block, which the CLI adds). */
export function formatScale(r: ScaleReport): string {
  const { plan, chosen, estimate } = r;
  const out: string[] = [];
  out.push(
    `Three kinds of 512-dimensional unit vectors (cosine space, as the store uses), each with ${plan.queries} queries that are not in the store:`,
    `- **text**: the project's own vectors — ${count(plan.textN)} chunks of 3–5 sentences recombined from the CMRC 2018 / DRCD dev passages, ` +
      `embedded by the no-weights embedder (src/embed/hash-embeddings.ts); the queries are dev questions embedded the same way. ` +
      `Short questions against signed feature-hashed vectors leave many near-ties, so this is the set that decides.` +
      (r.textSkipped ? ` **Skipped in this run:** ${r.textSkipped}.` : ''),
    `- **clustered** (${count(plan.n)}): synthetic topics → clusters → points (cos ≈ 0.6 within a cluster, ≈ 0.3 within a topic, ≈ 0 across), ` +
      `queries drawn from the same clusters; the synthetic stand-in for a store of this size.`,
    `- **uniform** (${count(plan.n)}): random directions, the worst case for any graph index (no neighbourhood structure at all).`,
    '',
    `Exact = a flat scan (dot products over one Float32Array in JS). Recall@10 = share of the exact top 10 that HNSW returns. ` +
      `Build = \`addPoint\` calls only; hnswlib-node builds on one thread, and two builds ran side by side (one per core). **CPU** time ` +
      `(user + system of the child process) is the build figure to compare: other work may share the machine (see the load average), ` +
      `which stretches wall time but not CPU time. Query latencies are wall time of single searches in one process. ` +
      `"index RSS" = resident memory after the build minus before it.`,
  );
  for (const s of r.sets) out.push(...formatSet(s, plan, chosen));

  out.push('', '#### Chosen defaults → `bench/hnsw-defaults.json`', '');
  out.push(
    `**M ${chosen.M}, efConstruction ${chosen.efConstruction}, efSearch ${chosen.efSearch}** — ${chosen.reason}. ` +
      `Recall@10 at efSearch ${chosen.efSearch}: ` +
      chosen.recall.map((x) => `${x.set} ${x.atN.toFixed(3)} (trend to ${count(plan.extrapolateTo)}: ${x.extrapolated.toFixed(3)})`).join('; ') +
      `. hnswlib searches with max(efSearch, k), so a retriever asking for more than ${chosen.efSearch} dense candidates widens the search by itself.`,
  );

  const u = r.uniform;
  const uExact = r.truthUniform.exact[r.truthUniform.exact.length - 1];
  out.push('', `#### ${count(plan.n)} uniform vectors (worst case), M ${u.M} / efC ${u.efConstruction}`, '');
  out.push(
    `Build ${u.buildCpuSeconds.toFixed(0)} CPU s (${u.buildSeconds.toFixed(0)} s wall), index RSS ${mibs(u.rssAfterBuildMiB - u.rssBeforeBuildMiB)}, ` +
      `file ${bytes(u.fileBytes)}; exact scan p50 ${ms(uExact.p50)} ms, p95 ${ms(uExact.p95)} ms.`,
    '',
  );
  out.push(header(['points', ...plan.efs.map((ef) => `ef ${ef}`)]));
  for (const c of u.checkpoints) out.push(row([count(c.n), ...c.perEf.map((e) => `${e.recall.toFixed(3)} · ${ms(e.p50)} / ${ms(e.p95)}`)]));
  out.push(
    '',
    'Cells: recall@10 · wall ms per query p50 / p95. Random directions in 512 dimensions have no neighbourhood for the graph to follow: ' +
      'this is a floor, not what text embeddings see. It is built with the cheapest swept setting because uniform inserts are the slowest of all.',
  );

  out.push('', `#### ${count(plan.extrapolateTo)} vectors`, '');
  if (r.large) {
    const e = r.large.exact[r.large.exact.length - 1];
    out.push(
      `**Measured:** exact flat scan over ${count(r.large.data.n)} clustered vectors: ${ms(e.cpuMs)} CPU ms per query ` +
        `(wall p50 ${ms(e.p50)} ms, p95 ${ms(e.p95)} ms, ${plan.largeQueries} queries); the vectors alone take ${bytes(r.large.dataBytes)} ` +
        `(peak RSS ${mibs(r.large.peakRssMiB)}).`,
      '',
    );
  }
  if (r.largeBuilt.length) {
    const n = r.largeBuilt[0].data.n;
    out.push(
      `**Measured HNSW builds over ${count(n)} clustered vectors**, in the order the rule tried them (the cheapest setting that ` +
        `qualified at 100k first; a setting that misses recall@10 ${plan.targetRecall} here is ruled out and the next one is built). ` +
        `Built by \`npm run bench -- --only scale --build-1m\`; each result is kept in bench/large-builds/ (committed), and every later run ` +
        `applies them to the rule without rebuilding, as long as the data, setting, queries and hnswlib-node version match.`,
      '',
      header(['M / efC', 'build CPU', 'build wall', 'index RSS', 'peak RSS', 'file', 'load']),
      ...r.largeBuilt.map((b) =>
        row([`${b.M} / ${b.efConstruction}`, `${(b.buildCpuSeconds / 60).toFixed(1)} min`, `${(b.buildSeconds / 60).toFixed(1)} min`, mibs(b.rssAfterBuildMiB - b.rssBeforeBuildMiB), mibs(b.peakRssMiB), bytes(b.fileBytes), `${b.readSeconds.toFixed(1)} s`]),
      ),
      '',
      `Recall@10 · wall ms per query p50 / p95 at ${count(n)}, by efSearch (${plan.largeQueries} queries):`,
      '',
      header(['M / efC', ...plan.efs.map((ef) => `ef ${ef}`)]),
      ...r.largeBuilt.map((b) => {
        const last = b.checkpoints[b.checkpoints.length - 1];
        return row([`${b.M} / ${b.efConstruction}`, ...plan.efs.map((ef) => {
          const p = last.perEf.find((x) => x.ef === ef);
          return p ? `${p.recall.toFixed(3)} · ${ms(p.p50)} / ${ms(p.p95)}` : '–';
        })]);
      }),
      '',
    );
  }
  out.push(
    (r.largeBuilt.length
      ? `**Extrapolated from the chosen setting's ${count(plan.n)} clustered build, beside the measurements above** (the default run has only this: ` +
        `a ${count(estimate.n)} build does not fit its 15-minute budget on 2 cores, hnswlib-node inserting on one thread): `
      : `**Extrapolated, not measured:** building HNSW over ${count(estimate.n)} points does not fit the 15-minute budget on 2 cores ` +
        `(hnswlib-node inserts on one thread), so the default run extrapolates from the chosen setting's ${count(plan.n)} clustered build: `) +
      `per-insert CPU cost fitted as a + b·ln(n) over the later blocks and integrated → **~${(estimate.buildCpuSeconds / 60).toFixed(0)} CPU min** ` +
      (estimate.textBuildCpuSeconds !== null
        ? `for clustered vectors, **~${(estimate.textBuildCpuSeconds / 60).toFixed(0)} CPU min** by the same fit on the text-vector build, whose inserts cost more; `
        : '(clustered vectors); ') +
      `file and index memory are linear in the points → ` +
      `**~${bytes(estimate.fileBytes)} on disk, ~${mibs(estimate.rssMiB)} resident**; CPU per query at efSearch ${chosen.efSearch} → ` +
      `**~${ms(estimate.query.ms)} ms** clustered${estimate.query.how === 'last' ? ' (no growth measurable from 25 % to 100 %: the 100 % figure)' : ' (a + b·ln(n))'}` +
      (estimate.textQuery
        ? `, **~${ms(estimate.textQuery.ms)} ms** text${estimate.textQuery.how === 'last' ? ' (the largest measurement)' : ' (a + b·ln(n))'}`
        : '') +
      `; ` +
      `recall@10 at efSearch ${chosen.efSearch} by the log-linear trend → **~${estimate.recall.toFixed(3)}** (three points: a rough guide).` +
      (r.largeBuilt.length
        ? ' The measured builds above are what counts; where they differ from this, the extrapolation was wrong.'
        : ' `npm run bench -- --only scale --build-1m` builds it for real (half an hour or more per setting).'),
  );
  return out.join('\n');
}
