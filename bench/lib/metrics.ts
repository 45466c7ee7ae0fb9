// Retrieval and latency metrics shared by every bench section.

/** 1-based rank of `gold` in a ranked id list, or 0 when it is absent. */
export function rankOf(ranked: readonly string[], gold: string): number {
  const i = ranked.indexOf(gold);
  return i < 0 ? 0 : i + 1;
}

/** The distinct values of a list, in order of first occurrence. */
export function distinctInOrder(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * Rank of the gold page in a result list, read as an outside harness reads `ask` output: the 1-based position of the
 * first gold source among the distinct `source`s of the list, in order; 0 when no gold source is in the list.
 *
 * @example rankBySource(['a.txt', 'a.txt', 'b.txt'], ['b.txt']) // 2
 */
export function rankBySource(sources: readonly string[], gold: readonly string[]): number {
  const distinct = distinctInOrder(sources);
  const i = distinct.findIndex((s) => gold.includes(s));
  return i < 0 ? 0 : i + 1;
}

/** Share of queries whose gold item is within the first `k` results (ranks are 1-based, 0 = not found). */
export function recallAt(ranks: readonly number[], k: number): number {
  if (ranks.length === 0) return 0;
  let hit = 0;
  for (const r of ranks) if (r > 0 && r <= k) hit++;
  return hit / ranks.length;
}

/** Mean reciprocal rank, counting only ranks within the first `k` results. */
export function mrrAt(ranks: readonly number[], k: number): number {
  if (ranks.length === 0) return 0;
  let sum = 0;
  for (const r of ranks) if (r > 0 && r <= k) sum += 1 / r;
  return sum / ranks.length;
}

/** Nearest-rank percentile (p in 0..100) of a sample; NaN for an empty sample. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

/** Share of the exact top-k ids that an approximate top-k found (recall@k of ANN against brute force). */
export function overlapRecall(approx: ArrayLike<number>, exact: ArrayLike<number>): number {
  if (exact.length === 0) return 1;
  const want = new Set<number>();
  for (let i = 0; i < exact.length; i++) want.add(exact[i]);
  let hit = 0;
  for (let i = 0; i < approx.length; i++) if (want.has(approx[i])) hit++;
  return hit / exact.length;
}
