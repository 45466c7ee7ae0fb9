// Sentences as every stage cuts them: a run-on stretch comes in pieces of a sentence's worth, cut at clauses.
import { describe, expect, it } from 'vitest';
import { capSentence, clip, MAX_SENTENCE_CHARS, splitSentences } from '../../src/text/sentences.js';

describe('splitSentences', () => {
  it('cuts ordinary text at sentence ends', () => {
    const text = '本报讯 市图书馆新馆开放。读者可凭证入馆！\n开放时间为每天九点至晚上九点；周末不闭馆。';
    expect(splitSentences(text).map((s) => s.text)).toEqual(['本报讯 市图书馆新馆开放。', '读者可凭证入馆！', '\n', '开放时间为每天九点至晚上九点；', '周末不闭馆。']);
  });

  it('cuts a line without full stops into pieces of at most a sentence, after a clause mark, that join back', () => {
    const text = '记者从市住建局获悉，老旧小区改造项目已惠及居民三万户'.repeat(200);
    const pieces = splitSentences(text);
    expect(pieces.length).toBeGreaterThan(text.length / MAX_SENTENCE_CHARS);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    for (const p of pieces) {
      expect(p.text.length).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
      expect(text.slice(p.start, p.start + p.text.length)).toBe(p.text);
    }
    for (const p of pieces.slice(0, -1)) expect(p.text).toMatch(/，$/);
  });
});

describe('capSentence', () => {
  it('cuts at the limit when there is no clause mark, never inside a surrogate pair', () => {
    const text = '𠀀'.repeat(10);
    const pieces = capSentence(text, 5);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    for (const p of pieces) expect(p.text.length).toBeLessThanOrEqual(5);
    for (const p of pieces) expect(/[\ud800-\udbff]$/.test(p.text)).toBe(false);
  });
});

describe('clip', () => {
  it('shortens a long text at a clause with an ellipsis and keeps a short one', () => {
    expect(clip('第一句，第二句，第三句', 6)).toBe('第一句…');
    expect(clip('短句。', 6)).toBe('短句。');
    expect([...clip('甲'.repeat(500))].length).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
  });
});
