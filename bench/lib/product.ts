// The product as the bench runs it: page files written to a temp folder, indexed by the `index` command's
// `buildIndex`, opened by `ask`'s `openArchive` with the no-weights embedder — one process, index loaded once.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openArchive, type Archive } from '../../src/archive.js';
import { loadConfig } from '../../src/config.js';
import type { IndexSummary } from '../../src/domain.js';
import { buildIndex } from '../../src/vectorstore/build-index.js';

export interface ProductArchive {
  archive: Archive;
  /** What `buildIndex` reported (files, articles, chunks, skipped files). */
  summary: IndexSummary;
  indexSeconds: number;
  /** The folder the pages were written to; `source` fields are relative to it. */
  pagesDir: string;
  /** Closes the archive and deletes the temp folder. */
  dispose(): void;
}

/**
 * The HNSW parameters the scale section chose last (bench/hnsw-defaults.json), as the env variables a deployment would
 * set: the project row is measured with them even before src/config.ts's defaults are updated to match.
 */
export function benchHnswEnv(): Record<string, string> {
  try {
    const chosen = JSON.parse(readFileSync(HNSW_DEFAULTS_FILE, 'utf8')) as Record<string, unknown>;
    return { HNSW_M: String(chosen.M), HNSW_EF_CONSTRUCTION: String(chosen.efConstruction), HNSW_EF_SEARCH: String(chosen.efSearch) };
  } catch {
    return {};
  }
}

/** Where the scale section writes the HNSW parameters it chose. */
export const HNSW_DEFAULTS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'hnsw-defaults.json');

/**
 * Writes a corpus with `writePages(dir)`, indexes it with `buildIndex` and opens it with `openArchive`, as
 * `EMBEDDING_MODEL=hash npm run index -- --input DIR --out IDX` followed by `npm run ask -- --index IDX --batch` would.
 */
export async function openProductArchive(label: string, writePages: (pagesDir: string) => void): Promise<ProductArchive> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), `newspaper-bench-${label.replace(/[^\w-]+/g, '_')}-`));
  try {
    const pagesDir = path.join(tmp, 'pages');
    writePages(pagesDir);
    const config = Object.freeze({
      ...loadConfig({ EMBEDDING_MODEL: 'hash', ...benchHnswEnv() } as NodeJS.ProcessEnv),
      llm: null,
      inputDir: pagesDir,
      indexDir: path.join(tmp, 'index'),
    });
    const t0 = performance.now();
    const summary = await buildIndex({ inputDir: config.inputDir, outDir: config.indexDir, config, log: () => {} });
    const indexSeconds = (performance.now() - t0) / 1000;
    const archive = await openArchive(config, { watch: false, buildIfMissing: false, log: () => {} });
    return {
      archive, summary, indexSeconds, pagesDir,
      dispose: () => {
        archive.close();
        rmSync(tmp, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}
