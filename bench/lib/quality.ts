// Quality section: every peer on every bench set, recall, MRR and per-query latency, side by side.

import { performance } from 'node:perf_hooks';
import type { BenchSet } from './datasets.js';
import { mrrAt, percentile, rankOf, recallAt } from './metrics.js';
import type { Peer } from '../peers/types.js';

export interface QualityRow {
  set: string;
  peer: string;
  passages: number;
  questions: number;
  buildSeconds: number;
  r1: number;
  r5: number;
  mrr10: number;
  p50ms: number;
  p95ms: number;
  /** Question ids whose gold passage was not ranked first (for error analysis). */
  missedAt1: string[];
  /** Set when the peer could not be built or searched; the metrics are then NaN. */
  error?: string;
}

export interface QualityOptions {
  /** Keep every n-th question only (for --quick). Default 1. */
  stride?: number;
  /** Questions run before timing starts, so JIT and lazy dictionary loads do not land in p95. Default 5. */
  warmup?: number;
  log?: (line: string) => void;
}

const K = 10;

/** Runs one peer on one set. Errors are caught and reported in the row, so one broken peer does not stop the bench. */
export async function measurePeer(peer: Peer, set: BenchSet, options: QualityOptions = {}): Promise<QualityRow> {
  const stride = options.stride ?? 1;
  const questions = set.questions.filter((_, i) => i % stride === 0);
  const base = { set: set.name, peer: peer.name, passages: set.passages.length, questions: questions.length };
  try {
    const t0 = performance.now();
    const searcher = await peer.build(set.passages);
    const buildSeconds = (performance.now() - t0) / 1000;
    for (const q of questions.slice(0, options.warmup ?? 5)) await searcher.search(q.question, K);
    const ranks: number[] = [];
    const times: number[] = [];
    const missedAt1: string[] = [];
    for (const q of questions) {
      const s = performance.now();
      const hits = await searcher.search(q.question, K);
      times.push(performance.now() - s);
      const rank = rankOf(hits.slice(0, K).map((h) => h.id), q.passage_id);
      ranks.push(rank);
      if (rank !== 1) missedAt1.push(q.id);
    }
    return {
      ...base,
      buildSeconds,
      r1: recallAt(ranks, 1),
      r5: recallAt(ranks, 5),
      mrr10: mrrAt(ranks, K),
      p50ms: percentile(times, 50),
      p95ms: percentile(times, 95),
      missedAt1,
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    options.log?.(`  ${peer.name} on ${set.name} failed: ${message}`);
    return { ...base, buildSeconds: NaN, r1: NaN, r5: NaN, mrr10: NaN, p50ms: NaN, p95ms: NaN, missedAt1: [], error: message };
  }
}

export async function runQuality(peers: readonly Peer[], sets: readonly BenchSet[], options: QualityOptions = {}): Promise<QualityRow[]> {
  const rows: QualityRow[] = [];
  for (const set of sets) {
    for (const peer of peers) {
      options.log?.(`quality: ${peer.name} on ${set.name} …`);
      const row = await measurePeer(peer, set, options);
      if (!row.error) {
        options.log?.(
          `  R@1 ${row.r1.toFixed(3)}  R@5 ${row.r5.toFixed(3)}  MRR@10 ${row.mrr10.toFixed(3)}  p50 ${row.p50ms.toFixed(2)} ms  p95 ${row.p95ms.toFixed(2)} ms  build ${row.buildSeconds.toFixed(1)} s`,
        );
      }
      rows.push(row);
    }
  }
  return rows;
}

const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '–');
const fms = (x: number): string => (Number.isFinite(x) ? (x >= 10 ? x.toFixed(1) : x.toFixed(2)) : '–');
const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;

/**
 * Markdown for the quality section: an R@1 overview, one table per set, and sentences saying where the
 * project's retrieval (the row named `projectName`) beats or trails each peer.
 */
export function formatQuality(
  rows: readonly QualityRow[],
  sets: readonly BenchSet[],
  peers: readonly Peer[],
  options: { projectName: string; skipped: string | null; stride: number },
): string {
  const out: string[] = [];
  const names = peers.map((p) => p.name);
  const get = (set: string, peer: string): QualityRow | undefined => rows.find((r) => r.set === set && r.peer === peer);
  out.push(
    'Each question has exactly one gold passage; a peer indexes every passage of the set (title + text) and returns its top 10. ' +
      'R@k = share of questions whose gold passage is in the top k; MRR@10 = mean of 1/rank (0 beyond 10); p50/p95 = wall ms per ' +
      'query after 5 warm-up questions, single process. **The peers index the raw text as printed** (that is the naive baseline); ' +
      'the project normalises script (NFKC, traditional → simplified) on both sides.' +
      (options.stride > 1 ? ` Quick run: every ${options.stride}th question only.` : ''),
    '',
  );
  out.push('| set | script | passages | questions |', '|---|---|---:|---:|');
  for (const s of sets) {
    const any = rows.find((r) => r.set === s.name);
    out.push(`| ${s.name} | ${s.script} | ${s.passages.length} | ${any?.questions ?? s.questions.length} |`);
  }
  out.push('', '#### R@1 overview', '');
  out.push(`| peer | ${sets.map((s) => s.name).join(' | ')} |`, `|---|${sets.map(() => '---:').join('|')}|`);
  for (const name of names) {
    out.push(`| ${name} | ${sets.map((s) => { const r = get(s.name, name); return r?.error ? 'failed' : f3(r?.r1 ?? NaN); }).join(' | ')} |`);
  }
  if (options.skipped) out.push(`| ${options.projectName} | ${sets.map(() => 'skipped').join(' | ')} |`);

  for (const s of sets) {
    out.push('', `#### ${s.name}`, '');
    out.push('| peer | R@1 | R@5 | MRR@10 | p50 ms | p95 ms | build s |', '|---|---:|---:|---:|---:|---:|---:|');
    for (const name of names) {
      const r = get(s.name, name);
      if (!r) continue;
      if (r.error) {
        out.push(`| ${name} | failed: ${r.error.replace(/\|/g, '\\|').slice(0, 120)} | | | | | |`);
        continue;
      }
      const bold = name === options.projectName ? (x: string) => `**${x}**` : (x: string) => x;
      out.push(`| ${bold(name)} | ${bold(f3(r.r1))} | ${f3(r.r5)} | ${bold(f3(r.mrr10))} | ${fms(r.p50ms)} | ${fms(r.p95ms)} | ${r.buildSeconds.toFixed(1)} |`);
    }
  }

  out.push('', '#### Peers', '');
  for (const p of peers) out.push(`- **${p.name}**: ${p.description}`);
  if (options.skipped) out.push(`- **${options.projectName}**: ${options.skipped}`);

  // Where the project stands against each peer, and the cross-script penalty.
  out.push('', '#### Where the project beats or trails the peers', '');
  const project = names.includes(options.projectName) && !options.skipped;
  if (!project) {
    out.push('No project row in this run, so no comparison.');
  } else {
    for (const s of sets) {
      const mine = get(s.name, options.projectName);
      if (!mine || mine.error) {
        out.push(`- ${s.name}: the project row failed.`);
        continue;
      }
      const parts = names
        .filter((n) => n !== options.projectName)
        .map((n) => get(s.name, n))
        .filter((r): r is QualityRow => !!r && !r.error)
        .map((r) => `${r.peer} ${signed(mine.r1 - r.r1)} R@1 / ${signed(mine.mrr10 - r.mrr10)} MRR`);
      const best = rows.filter((r) => r.set === s.name && r.peer !== options.projectName && !r.error).sort((a, b) => b.r1 - a.r1)[0];
      const verdict = best ? (mine.r1 > best.r1 ? 'beats the best peer' : mine.r1 === best.r1 ? 'ties the best peer' : 'trails the best peer') : '';
      out.push(`- **${s.name}**: project R@1 ${f3(mine.r1)}, ${verdict} (${best?.peer} ${f3(best?.r1 ?? NaN)}). Against each: ${parts.join('; ')}.`);
    }
  }
  const trad = sets.find((s) => s.script === 'traditional');
  const cross = sets.find((s) => s.script.includes('simplified questions'));
  if (trad && cross) {
    const penalties = names
      .map((n) => [n, get(trad.name, n), get(cross.name, n)] as const)
      .filter(([, a, b]) => a && b && !a.error && !b.error)
      .map(([n, a, b]) => `${n} ${signed(b!.r1 - a!.r1)}`);
    out.push(`- **Cross-script penalty** (R@1 on ${cross.name} minus R@1 on ${trad.name}): ${penalties.join('; ')}.`);
  }
  return out.join('\n');
}
