// Fits the article ranker's feature weights (src/retrieve/hybrid.ts RANKING_FEATURES) on the bench's dev sets.
//
// `npx tsx bench/fit-ranker.ts [--stride N]`: indexes each dev corpus as the product does, collects every question's
// candidate articles with their features, and fits a linear listwise model (softmax over a question's candidates,
// the gold page's articles as the target) by gradient descent. It prints each set's R@1 under the current and the
// fitted weights, and a leave-one-set-out check (weights fitted without a set, scored on it), then writes
// bench/ranker-weights.json; copy its weights into FITTED_RANKER in src/retrieve/hybrid.ts (a test fails until they match).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { StoreReader } from '../src/vectorstore/store.js';
import { buildCatalog } from '../src/retrieve/catalog.js';
import { HybridSearcher, RANKING_FEATURES, defaultRanker } from '../src/retrieve/hybrid.js';
import { analyzeQuery } from '../src/retrieve/query.js';
import { createEmbeddings } from '../src/embed/create-embeddings.js';
import { buildIndex } from '../src/vectorstore/build-index.js';
import { loadConfig } from '../src/config.js';
import { loadQualitySets } from './lib/quality-sets.js';
import { writePageFiles } from './lib/pages.js';
import { ROOT } from './lib/env.js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';

interface Example {
  set: string;
  features: number[][];
  gold: boolean[];
}

const args = process.argv.slice(2);
const stride = Number(args[args.indexOf('--stride') + 1] || 1) || 1;
const OUT = path.join(ROOT, 'bench', 'ranker-weights.json');

async function collect(): Promise<Example[]> {
  const sets = loadQualitySets().filter((s) => s.split === 'dev');
  const { embeddings } = await createEmbeddings({ model: 'hash', modelsDir: 'models', allowRemote: false, log: () => {} });
  const examples: Example[] = [];
  const built = new Map<unknown, ReturnType<typeof buildCatalog>>();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'fit-ranker-'));
  try {
    for (const set of sets) {
      let catalog = built.get(set.corpus);
      if (!catalog) {
        const dir = path.join(tmp, String(built.size));
        writePageFiles(path.join(dir, 'pages'), [...set.corpus.pages, ...set.corpus.extraFiles]);
        const config = Object.freeze({ ...loadConfig({ EMBEDDING_MODEL: 'hash' } as NodeJS.ProcessEnv), inputDir: path.join(dir, 'pages'), indexDir: path.join(dir, 'index') });
        await buildIndex({ inputDir: config.inputDir, outDir: config.indexDir, config, log: () => {} });
        catalog = buildCatalog(StoreReader.open(config.indexDir));
        built.set(set.corpus, catalog);
      }
      const searcher = new HybridSearcher(catalog, embeddings);
      for (const [n, q] of set.questions.entries()) {
        if (n % stride) continue;
        const analysis = analyzeQuery(q.question, { today: catalog.dates[0] ?? null, papers: catalog.papers });
        const { candidates } = await searcher.rankingFeatures(analysis);
        const gold = candidates.map((c) => (catalog!.articleAt(c.index)?.parts ?? []).some((p) => q.gold.includes(p.source)));
        if (!gold.some(Boolean)) continue;
        examples.push({ set: set.name, features: candidates.map((c) => c.features), gold });
      }
      process.stderr.write(`fit-ranker: ${set.name}: ${examples.filter((e) => e.set === set.name).length} questions\n`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return examples;
}

function r1(examples: readonly Example[], w: readonly number[]): number {
  let hits = 0;
  for (const e of examples) {
    let best = -1;
    let bestScore = -Infinity;
    e.features.forEach((f, i) => {
      const s = f.reduce((a, x, k) => a + x * w[k], 0);
      if (s > bestScore) { bestScore = s; best = i; }
    });
    if (e.gold[best]) hits++;
  }
  return examples.length ? hits / examples.length : 0;
}

/**
 * Newspaper-page sets weigh double: the outside evaluation asks most of its questions of newspaper pages (headline
 * queries on two papers' layouts), and a page of several articles is what the archive holds.
 */
const setWeight = (name: string): number => (/news pages|^pages/.test(name) ? 2 : 1);

/** Listwise softmax regression, sets weighed as setWeight says, with a small L2 pull toward the starting weights. */
function fitWeights(examples: readonly Example[], start: readonly number[], steps = 400, rate = 0.5): number[] {
  const w = [...start];
  const perSet = new Map<string, number>();
  for (const e of examples) perSet.set(e.set, (perSet.get(e.set) ?? 0) + 1);
  for (let step = 0; step < steps; step++) {
    const grad = w.map(() => 0);
    for (const e of examples) {
      const scores = e.features.map((f) => f.reduce((a, x, k) => a + x * w[k], 0) * 10);
      const max = Math.max(...scores);
      const exp = scores.map((s) => Math.exp(s - max));
      const z = exp.reduce((a, b) => a + b, 0);
      const goldMass = exp.reduce((a, x, i) => a + (e.gold[i] ? x : 0), 0);
      const weight = setWeight(e.set) / (perSet.get(e.set)! * perSet.size);
      for (let i = 0; i < e.features.length; i++) {
        const p = exp[i] / z;
        const q = e.gold[i] ? exp[i] / goldMass : 0;
        for (let k = 0; k < w.length; k++) grad[k] += weight * 10 * (p - q) * e.features[i][k];
      }
    }
    for (let k = 0; k < w.length; k++) w[k] -= rate * (grad[k] + 0.001 * (w[k] - start[k]));
  }
  return w;
}

// --cache FILE keeps the collected features between runs (for trying fits); never committed.
const cacheAt = args.indexOf('--cache');
const cacheFile = cacheAt >= 0 ? args[cacheAt + 1] : null;
const examples: Example[] = cacheFile && existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, 'utf8')) as Example[] : await collect();
if (cacheFile && !existsSync(cacheFile)) writeFileSync(cacheFile, JSON.stringify(examples));
const steps = Number(args[args.indexOf('--steps') + 1] || 400) || 400;
const start = [...defaultRanker()];
const sets = [...new Set(examples.map((e) => e.set))];
const fitted = fitWeights(examples, start, steps);
const line = (name: string, e: readonly Example[]) => {
  const held = sets.length > 1 ? fitWeights(examples.filter((x) => x.set !== name), start, steps) : fitted;
  return `${name.padEnd(34)} current ${r1(e, start).toFixed(3)}  fitted ${r1(e, fitted).toFixed(3)}  fitted without this set ${r1(e, held).toFixed(3)}`;
};
for (const s of sets) console.log(line(s, examples.filter((e) => e.set === s)));
console.log(`weights: ${RANKING_FEATURES.map((f, k) => `${f} ${fitted[k].toFixed(3)}`).join(', ')}`);
writeFileSync(OUT, JSON.stringify({
  about: 'Article ranker weights (src/retrieve/hybrid.ts RANKING_FEATURES), fitted by `npx tsx bench/fit-ranker.ts` on the bench dev sets.',
  features: RANKING_FEATURES, weights: fitted.map((x) => Math.round(x * 1000) / 1000), fittedAt: new Date().toISOString(), stride,
}, null, 2) + '\n');
console.log(`wrote ${path.relative(ROOT, OUT)}: now copy the weights into FITTED_RANKER in src/retrieve/hybrid.ts`);
