// An index built with a transformers.js model records it, serves questions with it, and is never mixed with another.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../src/archive.js';
import { buildIndex } from '../../src/vectorstore/build-index.js';
import { loadStore } from '../../src/vectorstore/store.js';
import { FIXTURE_CORPUS, tempDir, testConfig } from '../helpers/fixture-index.js';
import { writeTinyBertModel } from '../helpers/tiny-onnx-model.js';

let modelDir: string;
let outDir: string;
let archive: Archive;
const logs: string[] = [];

beforeAll(async () => {
  modelDir = path.join(tempDir('model'), 'tiny-bert');
  await writeTinyBertModel(modelDir, { hiddenSize: 32 });
  outDir = tempDir('model-index');
  const config = testConfig({ embeddingModel: modelDir, inputDir: FIXTURE_CORPUS, indexDir: outDir });
  await buildIndex({ inputDir: FIXTURE_CORPUS, outDir, config, log: (l) => logs.push(l) });
  archive = await openArchive(config, { watch: false, log: (l) => logs.push(l) });
}, 120_000);

afterAll(() => archive?.close());

describe('index built with a transformers.js model', () => {
  it('records the model as its embedder, with its dimension, and no fallback', () => {
    const { manifest } = loadStore(outDir);
    expect(manifest.embedder).toEqual({ id: `transformers:${modelDir}`, dimensions: 32, fallback: false });
    expect(archive.stats()).toMatchObject({ embedder: `transformers:${modelDir}`, embedderFallback: false });
    expect(logs.filter((l) => /WARNING|dense search is off/.test(l))).toEqual([]);
  });

  it('answers questions with the model loaded for queries', async () => {
    const r = await archive.ask('谁主持召开了全市防汛工作会议？');
    expect(r.found).toBe(true);
    expect(r.answer).toMatch(/王建[國国]/);
  });

  it('rebuilds every file, rather than mixing vectors, when the embedder changes', async () => {
    const summary = await buildIndex({
      inputDir: FIXTURE_CORPUS, outDir, config: testConfig({ inputDir: FIXTURE_CORPUS, indexDir: outDir }), log: () => {},
    });
    expect(summary.embedder).toBe('hash-v1-512');
    expect(summary.changedFiles).toBe(summary.files);
    expect(loadStore(outDir).manifest.embedder.dimensions).toBe(512);
  });

  it('turns dense search off, loudly, when the model an index was built with is gone', async () => {
    const out = tempDir('gone');
    const config = testConfig({ embeddingModel: modelDir, inputDir: FIXTURE_CORPUS, indexDir: out });
    await buildIndex({ inputDir: FIXTURE_CORPUS, outDir: out, config, log: () => {} });
    fs.rmSync(modelDir, { recursive: true, force: true });
    const seen: string[] = [];
    const orphan = await openArchive(config, { watch: false, log: (l) => seen.push(l) });
    try {
      expect(seen.some((l) => /dense search is off/.test(l))).toBe(true);
      expect((await orphan.ask('市人社局局长是谁？')).answer).toContain('郑文博');
    } finally {
      orphan.close();
    }
  });
});
