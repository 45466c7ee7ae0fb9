// Items read from sentences: lists cleaned of the verbs around them, dates as printed, quantities with units.
import { describe, expect, it } from 'vitest';
import { findDateExpressions, findEnumerations, findPlaces, findProjectSites, findQuantities } from '../../src/answer/entities.js';

describe('lists', () => {
  it('drops the subject and verb before the first item and the count after the last', () => {
    expect(findEnumerations('双方将在心血管内科、神经外科、儿科3个专科开展合作')[0].items).toEqual(['心血管内科', '神经外科', '儿科']);
    expect(findEnumerations('新馆设有少儿阅览区、古籍阅览区和数字体验区。')[0].items).toEqual(['少儿阅览区', '古籍阅览区', '数字体验区']);
    expect(findEnumerations('积极推广电子爆竹、喜庆音乐、悬挂灯笼等绿色方式')[0].items).toEqual(['电子爆竹', '喜庆音乐', '悬挂灯笼']);
  });

  it('splits at 以及 but not inside a word (议和) or before 其, and drops a verb closing the clause', () => {
    expect(findEnumerations('广场包括地下车库、地上广场以及地下通道。')[0].items).toEqual(['地下车库', '地上广场', '地下通道']);
    expect(findEnumerations('他主张促进南北议和、裁军、整顿财政。')[0].items).toEqual(['南北议和', '裁军', '整顿财政']);
    expect(findEnumerations('主要水量由东山河和西岭河提供。', { pairs: true })[0].items).toEqual(['东山河', '西岭河']);
    expect(findEnumerations('主要分布于某地带及其附近的山区。', { pairs: true })).toEqual([]);
  });

  it('keeps a subject joined by 与 out of the list it signed with', () => {
    const items = findEnumerations('某县人民政府分别与甲银行某支行、乙保险公司某分公司、丙石化公司签订合作意向书。')[0].items;
    expect(items[0]).toBe('甲银行某支行');
    expect(items).toHaveLength(3);
  });

  it('reads pairs of book titles whole', () => {
    expect(findEnumerations('会议通过了《某市停车管理办法》和《某市绿化条例》。', { pairs: true })[0].items).toEqual(['《某市停车管理办法》', '《某市绿化条例》']);
  });
});

describe('places, dates and quantities', () => {
  it('takes the place an item names before what was done there', () => {
    expect(findPlaces('在某某纪念馆里感受先烈的情怀，到“记忆·1947”文化园中了解历史').flatMap((p) => p.items)).toEqual(['某某纪念馆', '“记忆·1947”文化园']);
  });

  it('reads ranges, reign years and deadlines as dates, not a season alone', () => {
    expect(findDateExpressions('供暖期为11月15日至次年3月15日').map((d) => d.text)).toEqual(['11月15日至次年3月15日']);
    expect(findDateExpressions('建于清朝乾隆十八年').map((d) => d.text)).toEqual(['清朝乾隆十八年']);
    expect(findDateExpressions('确保汛期前投入使用').map((d) => d.text)).toEqual(['汛期前']);
    expect(findDateExpressions('供暖期内室温达标')).toEqual([]);
    // 今年中考 is 今年 + 中考: no 年中 in it; 年中前 is a deadline.
    expect(findDateExpressions('今年中考体育总分50分')).toEqual([]);
    expect(findDateExpressions('力争年中前完工').map((d) => d.text)).toEqual(['年中前']);
  });

  it('reads works named by what is done to them as project sites (水库除险加固工程)', () => {
    expect(findProjectSites('在北湾水库除险加固工程现场，他察看了大坝防渗处理情况').map((p) => p.text)).toEqual(['北湾水库除险加固工程']);
    // A rare character of a place name (泠) that the tagger cannot place stays in the name.
    expect(findProjectSites('在泠港集装箱码头三期工程现场，他登上观景平台').map((p) => p.text)).toEqual(['泠港集装箱码头三期工程']);
  });

  it('finds amounts with units, fractions and spans of time when asked for', () => {
    expect(findQuantities('总投资5200万美元').map((q) => q.text)).toEqual(['5200万美元']);
    expect(findQuantities('约占四分之三').map((q) => q.text)).toEqual(['四分之三']);
    expect(findQuantities('笼罩欧洲44年之久').map((q) => q.text)).toEqual([]);
    expect(findQuantities('笼罩欧洲44年之久', { durations: true }).map((q) => q.text)).toEqual(['44年']);
    expect(findQuantities('第三批、二期和1号线都不是数量')).toEqual([]);
  });
});
