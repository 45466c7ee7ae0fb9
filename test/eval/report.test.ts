// The eval report: totals per half, kinds, and the rule that test-half questions and answers are never shown.
import { describe, expect, it } from 'vitest';
import { fileTable, kindsLine, percentile, rowJson, type EvalRow } from '../../src/eval/report.js';

const row = (id: string, split: 'dev' | 'test', pass: boolean, kind = 'who'): EvalRow => ({
  item: { id, q: `问题${id}`, split, kind },
  score: { id, answerOk: pass, citationOk: pass, pass, fragment: false, reason: pass ? 'ok' : 'missing 某某' },
  ms: 10,
  answer: `答案${id}`,
});

describe('eval report', () => {
  it('takes nearest-rank percentiles', () => {
    expect(percentile([5, 1, 9, 3], 50)).toBe(3);
    expect(percentile([5, 1, 9, 3], 95)).toBe(9);
    expect(percentile([], 95)).toBe(0);
  });

  it('counts passes per kind for each half', () => {
    expect(kindsLine([row('a', 'dev', true), row('b', 'dev', false)], [row('c', 'test', true, 'list')])).toBe('by kind (dev | test): list 0/0 | 1/1; who 1/2 | 0/0');
  });

  it('never shows a test-half question or answer, in the table or the JSON', () => {
    const rows = [row('d1', 'dev', false), row('t1', 'test', false)];
    const table = fileTable('QA', rows).join('\n');
    expect(table).toContain('问题d1');
    expect(table).not.toContain('问题t1');
    expect(table).not.toContain('答案t1');
    expect(table).toContain('1 test-half items scored, not shown: 0 passed');
    expect(JSON.stringify(rowJson(rows[1]))).not.toMatch(/问题t1|答案t1|missing/);
    expect(rowJson(rows[0])).toMatchObject({ q: '问题d1', answer: '答案d1', split: 'dev' });
  });
});
