// The labelled pages of bench/pages (six layouts, two authors): articles found and headlined on both halves.
import { describe, expect, it } from 'vitest';
import { runSegmentation } from '../../bench/lib/segmentation.js';

describe('segmentation of the labelled pages', () => {
  const report = runSegmentation();

  it('has pages in both halves', () => {
    expect(report.dev.pages).toBeGreaterThanOrEqual(30);
    expect(report.test.pages).toBeGreaterThanOrEqual(30);
  });

  for (const half of ['dev', 'test'] as const) {
    it(`finds nine in ten printed articles with their headlines, and skips no page (${half} half)`, () => {
      const t = report[half];
      expect(t.recall).toBeGreaterThanOrEqual(0.9);
      expect(t.precision).toBeGreaterThanOrEqual(0.9);
      expect(t.headlineAccuracy).toBeGreaterThanOrEqual(0.9);
      expect(t.digestRecall).toBeGreaterThanOrEqual(0.85);
      expect(t.skippedPages).toBe(0);
    });
  }
});
