// The ranker weights in src are the ones the fit last wrote to bench/ranker-weights.json, for the current features.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FITTED_RANKER, RANKING_FEATURES } from '../../src/retrieve/hybrid.js';

describe('fitted ranker weights', () => {
  it('match bench/ranker-weights.json feature by feature', () => {
    const fitted = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../bench/ranker-weights.json'), 'utf8'));
    expect(fitted.features).toEqual([...RANKING_FEATURES]);
    expect([...FITTED_RANKER]).toEqual(fitted.weights);
  });
});
