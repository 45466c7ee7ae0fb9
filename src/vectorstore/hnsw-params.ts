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
