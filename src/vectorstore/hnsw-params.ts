// HNSW parameters: what a build uses comes from Config (DEFAULT_HNSW, overridable by env); the search beam grows with
// the archive.
export type { HnswParams } from '../config.js';

/** The narrowest beam a search uses: over three times the 60 dense candidates the retriever asks for. */
const MIN_SEARCH_EF = 200;
/** Points per unit of beam width: the scale benchmark's text vectors reach recall@10 ≥ 0.98 at ef ≈ points / 23. */
const POINTS_PER_EF = 16;

/**
 * The beam width a search over `points` vectors uses: it grows with the archive (points / 16), from 200 up to the
 * configured efSearch. The scale benchmark's text vectors reach recall@10 0.98–0.99 at about points / 23 (320 at
 * 7.5k, 640 at 15k, 1280 at 30k), and on the retrieval dev sets (3,000–3,500 chunks) ef 200 ranks exactly as
 * 1280 does while costing a third of the time.
 */
export function searchEf(efSearch: number, points: number): number {
  return Math.min(efSearch, Math.max(MIN_SEARCH_EF, Math.ceil(points / POINTS_PER_EF)));
}
