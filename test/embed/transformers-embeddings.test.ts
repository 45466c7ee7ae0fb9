// The real transformers.js path on a tiny generated ONNX model (offline), and the fallback in createEmbeddings.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEmbeddings } from '../../src/embed/create-embeddings.js';
import { HashEmbeddings } from '../../src/embed/hash-embeddings.js';
import { BGE_ZH_QUERY_INSTRUCTION, TransformersEmbeddings } from '../../src/embed/transformers-embeddings.js';
import { writeTinyBertModel } from '../helpers/tiny-onnx-model.js';

const HIDDEN = 24;
const texts = ['市委书记主持召开全市经济工作会议', '夏粮收购工作全面展开', '新建铁路客运站主体工程顺利封顶', '', '阳泉 ABC 2024年'];

function norm(v: number[]): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}

let tmp: string;
let modelDir: string;
let modelsDir: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'embed-test-'));
  modelDir = path.join(tmp, 'tiny-bert');
  modelsDir = path.join(tmp, 'models');
  await writeTinyBertModel(modelDir, { hiddenSize: HIDDEN });
  // The same model again, laid out as a Hub id under MODELS_DIR, the way a deployment caches bge.
  await writeTinyBertModel(path.join(modelsDir, 'test-org', 'tiny-bert'), { hiddenSize: HIDDEN });
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('TransformersEmbeddings on a local model folder', () => {
  let embeddings: TransformersEmbeddings;

  beforeAll(async () => {
    embeddings = new TransformersEmbeddings({ model: modelDir, modelsDir, allowRemote: false, batchSize: 2 });
    await embeddings.init();
  });

  afterAll(async () => {
    await embeddings.dispose();
  });

  it('knows its dimension after init and names the model in its id', () => {
    expect(embeddings.dimensions).toBe(HIDDEN);
    expect(embeddings.id).toBe(`transformers:${modelDir}`);
  });

  it('embeds documents and queries as unit vectors of that dimension', async () => {
    const docs = await embeddings.embedDocuments(texts);
    expect(docs).toHaveLength(texts.length);
    for (const v of docs) {
      expect(v).toHaveLength(HIDDEN);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    const query = await embeddings.embedQuery('市委书记是谁？');
    expect(query).toHaveLength(HIDDEN);
    expect(norm(query)).toBeCloseTo(1, 5);
  });

  it('gives different texts different vectors, and a text the same vector in any batch', async () => {
    const docs = await embeddings.embedDocuments(texts);
    for (let i = 0; i < docs.length; i++) {
      for (let j = i + 1; j < docs.length; j++) expect(docs[i]).not.toEqual(docs[j]);
    }
    // batchSize 2 splits the five texts into padded batches; padding must not change any vector.
    for (const [i, text] of texts.entries()) {
      const [alone] = await embeddings.embedDocuments([text]);
      alone.forEach((x, d) => expect(x).toBeCloseTo(docs[i][d], 5));
    }
  });

  it('prefixes queries, never documents, with the query instruction', async () => {
    const withInstruction = new TransformersEmbeddings({
      model: modelDir,
      modelsDir,
      allowRemote: false,
      queryInstruction: BGE_ZH_QUERY_INSTRUCTION,
    });
    const question = '矿区实训营为期几天？';
    const query = await withInstruction.embedQuery(question);
    const [prefixed, plain] = await withInstruction.embedDocuments([BGE_ZH_QUERY_INSTRUCTION + question, question]);
    query.forEach((x, d) => expect(x).toBeCloseTo(prefixed[d], 5));
    expect(query).not.toEqual(plain);
    // A folder model is not bge, so by default queries are embedded as they are.
    expect(await embeddings.embedQuery(question)).toEqual((await embeddings.embedDocuments([question]))[0]);
    await withInstruction.dispose();
  });

  it('loads a Hub-style id from modelsDir, a relative folder, CLS pooling and the quantized file', async () => {
    const variants = [
      new TransformersEmbeddings({ model: 'test-org/tiny-bert', modelsDir, allowRemote: false }),
      new TransformersEmbeddings({ model: './' + path.relative(process.cwd(), modelDir), modelsDir, allowRemote: false }),
      new TransformersEmbeddings({ model: modelDir, modelsDir, allowRemote: false, pooling: 'cls' }),
      new TransformersEmbeddings({ model: modelDir, modelsDir, allowRemote: false, dtype: 'q8' }),
    ];
    const [reference] = await embeddings.embedDocuments([texts[0]]);
    const vectors = [];
    for (const variant of variants) {
      await variant.init();
      expect(variant.dimensions).toBe(HIDDEN);
      vectors.push((await variant.embedDocuments([texts[0]]))[0]);
      await variant.dispose();
    }
    // `reference` is mean-pooled: the default for a model that is not bge.
    const [hubId, relative, cls, quantized] = vectors;
    hubId.forEach((x, d) => expect(x).toBeCloseTo(reference[d], 5));
    relative.forEach((x, d) => expect(x).toBeCloseTo(reference[d], 5));
    quantized.forEach((x, d) => expect(x).toBeCloseTo(reference[d], 5));
    expect(norm(cls)).toBeCloseTo(1, 5);
    expect(cls).not.toEqual(reference);
  });

  it('rejects a missing model with a message naming it, the folder and the fix', async () => {
    const missing = new TransformersEmbeddings({ model: 'nobody/missing-model', modelsDir, allowRemote: false });
    await expect(missing.init()).rejects.toThrow(/nobody\/missing-model.*missing in .*ALLOW_REMOTE_MODELS=1/);
  });
});

describe('createEmbeddings', () => {
  it('uses the hash embedder without fallback or warning when asked for "hash"', async () => {
    const log = vi.fn();
    const { embeddings, fallback } = await createEmbeddings({ model: 'hash', modelsDir, allowRemote: false, log });
    expect(embeddings).toBeInstanceOf(HashEmbeddings);
    expect(embeddings.id).toBe('hash-v1-512');
    expect(fallback).toBe(false);
    expect(log).not.toHaveBeenCalled();
  });

  it('falls back to the hash embedder, quickly and loudly, when the model is not available offline', async () => {
    const log = vi.fn();
    const started = performance.now();
    const { embeddings, fallback } = await createEmbeddings({
      model: 'Xenova/bge-small-zh-v1.5',
      modelsDir,
      allowRemote: false,
      log,
    });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(fallback).toBe(true);
    expect(embeddings).toBeInstanceOf(HashEmbeddings);
    expect(await embeddings.embedQuery('市委书记')).toHaveLength(embeddings.dimensions);
    expect(log).toHaveBeenCalledTimes(1);
    const line: string = log.mock.calls[0][0];
    expect(line).not.toContain('\n');
    expect(line).toMatch(/Xenova\/bge-small-zh-v1\.5.*could not be loaded/);
    expect(line).toMatch(/no-weights embedder hash-v1-512/);
  });

  it('writes the fallback warning to stderr, never stdout, by default', async () => {
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    const stdout = vi.spyOn(process.stdout, 'write');
    try {
      const { fallback } = await createEmbeddings({ model: 'nobody/missing-model', modelsDir, allowRemote: false });
      expect(fallback).toBe(true);
      expect(stderr).toHaveBeenCalledTimes(1);
      expect(stdout).not.toHaveBeenCalled();
    } finally {
      stderr.mockRestore();
      stdout.mockRestore();
    }
  });

  it('returns the loaded model, ready, when it is available', async () => {
    const log = vi.fn();
    const { embeddings, fallback } = await createEmbeddings({ model: 'test-org/tiny-bert', modelsDir, allowRemote: false, log });
    expect(fallback).toBe(false);
    expect(embeddings).toBeInstanceOf(TransformersEmbeddings);
    expect(embeddings.id).toBe('transformers:test-org/tiny-bert');
    expect(embeddings.dimensions).toBe(HIDDEN);
    expect(log).not.toHaveBeenCalled();
    await (embeddings as TransformersEmbeddings).dispose();
  });
});
