// HNSW parameters: the defaults chosen by the scale benchmark (bench/hnsw-defaults.json), overridable.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface HnswParams {
  M: number;
  efConstruction: number;
  efSearch: number;
}

const FALLBACK: HnswParams = { M: 16, efConstruction: 200, efSearch: 64 };

let cached: HnswParams | null = null;

/** Reads bench/hnsw-defaults.json once (the benchmark writes it); falls back to M=16, efC=200, ef=64. */
export function defaultHnswParams(): HnswParams {
  if (cached) return cached;
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bench/hnsw-defaults.json');
  try {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<HnswParams>;
    cached = {
      M: Number(raw.M) > 0 ? Number(raw.M) : FALLBACK.M,
      efConstruction: Number(raw.efConstruction) > 0 ? Number(raw.efConstruction) : FALLBACK.efConstruction,
      efSearch: Number(raw.efSearch) > 0 ? Number(raw.efSearch) : FALLBACK.efSearch,
    };
  } catch {
    cached = FALLBACK;
  }
  return cached;
}

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
