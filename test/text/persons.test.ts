// People as news prints them: names after offices and role words, title chains, names inside bodies' names.
import { describe, expect, it } from 'vitest';
import { findPersons, titleBefore } from '../../src/text/persons.js';

const names = (s: string) => findPersons(s).map((p) => p.name);

describe('names after titles and roles', () => {
  it('ends a name where the next word begins (2 or 3 characters)', () => {
    expect(names('副市长吕婷参加调研。')).toEqual(['吕婷']);
    expect(names('市委副书记、市长钟振华深入基层调研。')).toEqual(['钟振华']);
    expect(names('市人大代表霍晓红提交了建议。')).toEqual(['霍晓红']);
  });

  it('reads a common word as a name only before a speech verb (讲解员和平说)', () => {
    expect(names('讲解员和平说：“欢迎大家。”')).toEqual(['和平']);
    expect(names('市长和副市长一起参加。')).toEqual([]);
  });

  it('trusts a surname the table lacks only after an office and before an official act', () => {
    expect(names('市委副书记、市长鞠某出席签约仪式。')).toEqual(['鞠某']);
    expect(names('该校研究院院长丑某某说：')).toEqual(['丑某某']);
  });

  it('reads names listed under one title, and none after a preposition', () => {
    expect(names('市领导符志诚、谭慧敏参加。')).toEqual(['符志诚', '谭慧敏']);
    expect(names('市人大常委会副主任到榆林调研。')).toEqual([]);
  });
});

describe('title chains', () => {
  it('keeps 和 inside a body\'s name and drops the verb before the chain', () => {
    const s = '市文化和旅游局局长卢某某介绍';
    expect(titleBefore(s, s.indexOf('卢某某'))).toBe('市文化和旅游局局长');
    const t = '市长某某会见了华拓集团董事长骆某某一行';
    expect(titleBefore(t, t.indexOf('骆某某'))).toBe('华拓集团董事长');
  });
});

describe('names printed without a title', () => {
  it('finds a three-character name jieba knows, in a sentence that prints one, and none in one that does not', () => {
    expect(names('昨天诸葛亮的故事在剧场上演。')).toEqual(['诸葛亮']);
    expect(names('昨天剧场上演了一出新戏。')).toEqual([]);
  });
});
