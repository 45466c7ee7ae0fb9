// Query normalisation, dates, OCR look-alikes and rank fusion — the parts of retrieval a reader notices.
import { describe, expect, it } from 'vitest';
import { ocrVariants } from '../../src/retrieve/confusables.js';
import { reciprocalRankFusion, lexicalQuery } from '../../src/retrieve/hybrid.js';
import { analyzeQuery, findDates } from '../../src/retrieve/query.js';
import { toSearchForm } from '../../src/text/search-form.js';
import { maskIdentifiers } from '../../src/answer/privacy.js';

describe('search form', () => {
  it('folds full-width characters and traditional script into one form', () => {
    expect(toSearchForm('陽泉市中心醫院，ＡＢＣ１２３')).toBe('阳泉市中心医院,abc123');
  });
});

describe('query analysis', () => {
  it('recognises question types, units and what is asked about', () => {
    expect(analyzeQuery('市行政审批服务管理局局长是谁？')).toMatchObject({ type: 'who', titles: ['局长'] });
    expect(analyzeQuery('矿区首期求能实训营为期几天？')).toMatchObject({ type: 'number', unit: '天' });
    expect(analyzeQuery('郊区“七办”服务模式包括哪些？').type).toBe('list');
    expect(analyzeQuery('爱心托管班设在哪里？').type).toBe('where');
    expect(analyzeQuery('社区养老服务中心总投资多少？').focus).toEqual(['投资']);
    // A title describing someone the question names is not the title asked for.
    expect(analyzeQuery('谁看望慰问了著名科幻作家刘慈欣？').titles).toEqual([]);
  });

  it('reads counts and ordinals asked with 几 and any unit, and a phase as a specifier but not 这两期', () => {
    expect(analyzeQuery('近一周新增几例重症？')).toMatchObject({ type: 'number', unit: '例' });
    expect(analyzeQuery('绿道全长几公里？')).toMatchObject({ type: 'number', unit: '公里' });
    // 第几届 asks for an ordinal, answered as printed (第七届), not for an amount.
    expect(analyzeQuery('读书节今年是第几届？').type).not.toBe('number');
    expect(analyzeQuery('滨江绿道二期全长多少？').contrasts).toEqual(['二期']);
    expect(analyzeQuery('某某在这两期报纸里参加了什么活动？').contrasts).toEqual([]);
  });

  it('reads dates in several spellings, and 今天/昨天 relative to the newest issue', () => {
    expect(findDates('8月6日市委书记调研了哪些项目？', null)).toEqual([{ iso: null, month: 8, day: 6 }]);
    expect(findDates('2025年8月7日的头版', null)).toEqual([{ iso: '2025-08-07', month: 8, day: 7 }]);
    expect(findDates('八月十一日开班的实训营', null)).toEqual([{ iso: null, month: 8, day: 11 }]);
    expect(findDates('昨天有什么新闻？', '2025-03-01')).toEqual([{ iso: '2025-02-28', month: 2, day: 28 }]);
  });

  it('names the papers the archive holds when the question does', () => {
    expect(analyzeQuery('晋中日报报道了哪些调研？', { papers: ['阳泉日报', '晋中日报'] }).papers).toEqual(['晋中日报']);
  });
});

describe('OCR look-alikes', () => {
  it('spells a word with look-alike characters, from a general table', () => {
    expect(ocrVariants('盂县')).toContain('孟县');
    expect(ocrVariants('壶关')).toContain('壸关');
    expect(ocrVariants('己经')).toContain('已经');
  });

  it('adds look-alike spellings only for words the archive lacks', () => {
    const analysis = analyzeQuery('盂县签约仪式');
    const df = (t: string) => (t === '孟县' || t === '#孟县' || t === '签约' ? 3 : 0);
    const terms = lexicalQuery(analysis, df).map((t) => t.term);
    expect(terms).toContain('孟县');
    expect(terms).not.toContain('签约仪式'.replace('签', '佥'));
  });

  it('weighs the search-mode pieces of a word (负责, 责人 of 负责人) below the word and a name', () => {
    const weights = new Map(lexicalQuery(analyzeQuery('蔺远舟是哪个部门的负责人？'), () => 1, 0.6, 1, 0.7).map((t) => [t.term, t.weight]));
    expect(weights.get('负责人')).toBe(1);
    expect(weights.get('蔺远舟')).toBe(1);
    expect(weights.get('负责')).toBeCloseTo(0.7);
  });
});

describe('reciprocal rank fusion', () => {
  it('ranks an item found by both retrievers above items found by one', () => {
    const fused = reciprocalRankFusion([{ ids: [1, 2, 3], weight: 1 }, { ids: [3, 4, 1], weight: 1 }], 60);
    const order = [...fused].sort((a, b) => b[1] - a[1]).map(([id]) => id);
    expect(order.slice(0, 2)).toEqual([1, 3]);
    expect(order).toHaveLength(4);
  });

  it('lets a weight tilt the fusion', () => {
    const fused = reciprocalRankFusion([{ ids: [1], weight: 1 }, { ids: [2], weight: 2 }], 60);
    expect(fused.get(2)!).toBeGreaterThan(fused.get(1)!);
  });
});

describe('privacy masking', () => {
  it('masks 15–20 digit identifiers but keeps ordinary numbers', () => {
    expect(maskIdentifiers('身份证号为14030219880516002X，声明作废')).toBe('身份证号为140*************2X，声明作废');
    expect(maskIdentifiers('残疾人证号为14030219650618082843')).not.toMatch(/\d{6}/);
    expect(maskIdentifiers('第15434期，投资92.8亿元，电话12345678')).toBe('第15434期，投资92.8亿元，电话12345678');
  });
});
