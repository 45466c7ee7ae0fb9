// OCR look-alike characters: a general confusion table used as a lexical fallback for query words the archive lacks.
import { simplify } from '../text/search-form.js';

/**
 * Groups of characters that OCR engines commonly mistake for one another in printed Chinese (simplified forms;
 * traditional text is simplified before matching). Not a list of names: any query word can be rescued by it.
 */
const GROUPS = [
  '盂孟', '己已巳', '未末', '土士', '日曰', '人入八', '千干于', '戊戌戍', '王玉主', '大太犬', '木本术', '免兔',
  '刀力', '辨辩辫瓣', '拔拨', '候侯', '冶治', '汩汨', '祗祇', '崇祟', '析折', '栗粟', '即既', '侯喉', '壁璧',
  '炙灸', '荼茶', '傅博', '雎睢', '贷货', '徒徙', '肓盲', '宫官', '竟竞', '洒酒', '晴睛', '锡钖', '凋调', '汆氽',
  '母毋', '今令', '斤斥', '丐丏', '苟茍', '沐沭', '鸟乌', '兵乒乓', '天夭', '失矢', '矛予', '季李', '茉茱',
  '淼森', '沽估', '漂瞟', '坝贝', '吕昌', '名各', '卫卬', '仑仓', '钓钩', '刺剌', '采釆', '准淮', '洁沽',
  '卸御', '郝赫', '阎闫', '晋普', '壶壸', '段叚', '彦产', '聿津', '浙淅', '钱线',
];

const TABLE = new Map<string, string[]>();
for (const group of GROUPS) {
  const chars = [...group];
  for (const c of chars) {
    const others = chars.filter((o) => o !== c);
    TABLE.set(c, [...new Set([...(TABLE.get(c) ?? []), ...others])]);
  }
}

/** Look-alikes of one character (simplified), empty when none are known. */
export function lookAlikes(char: string): string[] {
  return TABLE.get(simplify(char)) ?? [];
}

/**
 * Spellings of a word with one character replaced by a look-alike, at most `limit` of them.
 * @example ocrVariants('盂城') // ['孟城']
 */
export function ocrVariants(word: string, limit = 12): string[] {
  const chars = [...word];
  const out: string[] = [];
  for (let i = 0; i < chars.length && out.length < limit; i++) {
    for (const alt of lookAlikes(chars[i])) {
      out.push([...chars.slice(0, i), alt, ...chars.slice(i + 1)].join(''));
      if (out.length >= limit) break;
    }
  }
  return out;
}
