// Builds an index of a fixture corpus into a temp folder once per test file (no-weights embedder, offline).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { buildIndex } from '../../src/vectorstore/build-index.js';
import type { IndexSummary } from '../../src/domain.js';

export const FIXTURE_CORPUS = path.resolve(__dirname, '../fixtures/corpus');
export const SEEDS = path.resolve(__dirname, '../../seeds');

/** A config for tests: hash embedder, temp index and data folders, no LLM. */
export function testConfig(overrides: Partial<Config> = {}): Readonly<Config> {
  const base = loadConfig({ EMBEDDING_MODEL: 'hash' } as NodeJS.ProcessEnv);
  return Object.freeze({ ...base, llm: null, ...overrides });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `nqa-${prefix}-`));
}

/** Indexes `inputDir` into a fresh temp folder and returns its path and the build summary. */
export async function buildTempIndex(inputDir: string, config = testConfig()): Promise<{ outDir: string; summary: IndexSummary; config: Readonly<Config> }> {
  const outDir = tempDir('index');
  const cfg = Object.freeze({ ...config, inputDir, indexDir: outDir });
  const summary = await buildIndex({ inputDir, outDir, config: cfg, log: () => {} });
  return { outDir, summary, config: cfg };
}

/** A page file with YAML front matter (paper, date, issue, page) over its lines. */
export function frontMatterPage(meta: { paper: string; date: string; issue?: string; page: string }, body: string[]): string {
  const fields = Object.entries(meta).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${v}`);
  return ['---', ...fields, '---', '', ...body, ''].join('\n');
}
