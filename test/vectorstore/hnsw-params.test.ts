// HNSW parameters come through Config: the defaults are the bench's choice, and env overrides reach the build.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HNSW, loadConfig } from '../../src/config.js';
import { buildIndex } from '../../src/vectorstore/build-index.js';
import { loadStore } from '../../src/vectorstore/store.js';
import { tempDir } from '../helpers/fixture-index.js';

describe('HNSW parameters', () => {
  it('default to what the scale benchmark chose', () => {
    const chosen = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../bench/hnsw-defaults.json'), 'utf8'));
    expect({ ...DEFAULT_HNSW }).toEqual(chosen);
    expect(loadConfig({} as NodeJS.ProcessEnv).hnsw).toEqual(chosen);
  });

  it('are set by HNSW_* variables, which the build records in the index', async () => {
    const input = tempDir('hnsw-in');
    fs.writeFileSync(path.join(input, 'a.txt'), '## 市图书馆延长开放时间\n\n本报讯 自下月起，市图书馆每天开放至晚上九点。（记者 孙悦）\n');
    const out = tempDir('hnsw-out');
    const config = { ...loadConfig({ EMBEDDING_MODEL: 'hash', HNSW_M: '8', HNSW_EF_SEARCH: '300' } as NodeJS.ProcessEnv), llm: null };
    await buildIndex({ inputDir: input, outDir: out, config, log: () => {} });
    expect(loadStore(out).manifest.hnsw).toEqual({ M: 8, efConstruction: DEFAULT_HNSW.efConstruction, efSearch: 300 });
  });
});
