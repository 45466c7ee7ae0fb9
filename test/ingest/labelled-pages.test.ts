// The labelled pages of bench/pages (twenty-two layouts, seven authors): articles found and headlined on both halves.
import { describe, expect, it } from 'vitest';
import { runSegmentation } from '../../bench/lib/segmentation.js';

describe('segmentation of the labelled pages', () => {
  const report = runSegmentation();

  it('has pages in both halves', () => {
    expect(report.dev.pages).toBeGreaterThanOrEqual(30);
    expect(report.test.pages).toBeGreaterThanOrEqual(30);
  });

  // Floors a little under what each half measured when the sixth round of pages was added (dev 0.913 / 0.937 / 0.938,
  // test 0.849 / 0.849 / 0.909; bench/RESULTS.md, ingest section): the dev half is what the conventions were written
  // on, the test half was only scored.
  const floors = { dev: { recall: 0.9, precision: 0.92, headline: 0.92 }, test: { recall: 0.83, precision: 0.82, headline: 0.88 } };
  for (const half of ['dev', 'test'] as const) {
    it(`finds the printed articles with their headlines and skips no page (${half} half)`, () => {
      const t = report[half];
      expect(t.recall).toBeGreaterThanOrEqual(floors[half].recall);
      expect(t.precision).toBeGreaterThanOrEqual(floors[half].precision);
      expect(t.headlineAccuracy).toBeGreaterThanOrEqual(floors[half].headline);
      expect(t.skippedPages).toBe(0);
    });
  }
});
