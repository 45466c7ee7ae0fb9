// Finds people (title + name), numbers with units, enumerations and places in a sentence of simplified text.
import { createRequire } from 'node:module';
import { TITLE_RE } from '../retrieve/query.js';

const require = createRequire(import.meta.url);
const jieba: { tag(text: string): Array<{ word: string; tag: string }> } = require('nodejieba');

export interface Person {
  name: string;
  /** The title printed right before the name (局长, 市委书记 …), or null. */
  title: string | null;
  index: number;
}

const HAN2_4 = /^[\p{Script=Han}]{2,4}$/u;
const NOT_NAMES = new Set(['同志', '一行', '表示', '指出', '强调', '认为', '介绍', '说', '带领', '带队', '主持', '出席', '参加',
  '深入', '看望', '慰问', '调研', '视察', '会见', '等人', '代表', '委员', '负责人', '同时', '工作', '相关', '有关', '部门', '全市',
  '我们', '他们', '大家', '记者', '本报', '市委', '市政府', '政府', '领导', '干部', '群众', '企业', '公司', '项目', '建设', '发展']);

/** People in a simplified sentence: a name right after a title, or a word jieba tags as a person name. */
export function findPersons(sentence: string): Person[] {
  const tokens = jieba.tag(sentence);
  const out: Person[] = [];
  let pos = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const at = sentence.indexOf(t.word, pos);
    pos = at >= 0 ? at + t.word.length : pos;
    if (!HAN2_4.test(t.word) || NOT_NAMES.has(t.word)) continue;
    const prev = tokens[i - 1]?.word ?? '';
    const titled = TITLE_RE.test(prev) && new RegExp(`(${TITLE_RE.source})$`).test(prev);
    const looksName = /^(nr|nrt|nrfg)$/.test(t.tag) || (t.tag === 'x' && [...t.word].length <= 3);
    if (titled && looksName && !TITLE_RE.test(t.word)) {
      out.push({ name: t.word, title: prev, index: at });
    } else if (t.tag === 'nr' && [...t.word].length === 3 && !/部|局|委|会|厅|院|司|处|省|市|县|区|村|镇|乡/.test(t.word.slice(-1))) {
      // Untitled: only full three-character names; two-character "nr" words are too often places or verbs.
      out.push({ name: t.word, title: null, index: at });
    }
  }
  return out;
}

const UNITS = [
  '平方公里', '平方米', '立方米', '千瓦时', '万千瓦', '公里', '千米', '公斤', '千克', '毫米', '厘米', '人次', '小时', '分钟',
  '万元', '亿元', '万人', '万吨', '万条', '元', '米', '吨', '亩', '斤', '克', '升', '户', '项', '个', '家', '名', '人', '件', '次',
  '天', '年', '月', '倍', '所', '座', '条', '辆', '台', '套', '艘', '张', '部', '只', '头', '棵', '株', '架', '块', '间', '栋',
  '层', '处', '场', '届', '期', '批', '份', '篇', '本', '册', '支', '枚', '袋', '箱', '位', '岁', '周', '余', '多',
].join('|');

/** Numbers with their unit or measure word: 484项, 七天, 1万平方米, 99.29%, 92.8亿元. */
export function findQuantities(sentence: string): Array<{ text: string; index: number }> {
  const re = new RegExp(
    `(?:[\\d０-９][\\d０-９.,，]*\\s*(?:%|％|万|亿|千|百)?(?:多|余)?(?:${UNITS})?|[一二两三四五六七八九十百千万]+(?:多|余)?(?:${UNITS}))`, 'g');
  const out: Array<{ text: string; index: number }> = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(sentence))) {
    const text = m[0].replace(/[，,.]$/, '').trim();
    if (!text || /^[.,，]/.test(text)) continue;
    const after = sentence.slice(m.index + m[0].length);
    // Years, months and days are dates, not quantities.
    if (/^\d{4}$/.test(text) && /^年/.test(after)) continue;
    if (/^\d{1,2}$/.test(text) && /^[月日号时:：]/.test(after)) continue;
    if (/^\d{1,4}(年|月|日)$/.test(text)) continue;
    if (/^[一二两三四五六七八九十]+$/.test(text)) continue;
    // Ordinals and names (第三批, 二期, 十二届) are not amounts.
    if (sentence[m.index - 1] === '第' || /^[一二两三四五六七八九十]+(期|届|批)$/.test(text)) continue;
    out.push({ text, index: m.index });
  }
  return out;
}

/** Runs of 、-separated items (at least three), e.g. “压缩办、打包办、定制办…”. */
export function findEnumerations(sentence: string): Array<{ items: string[]; index: number; text: string }> {
  const re = /([^，。；：、“”「」()（）,.;:\s]{1,20})((?:[、和及与][^，。；：、“”「」()（）,.;:\s]{1,20}){2,})/g;
  const out: Array<{ items: string[]; index: number; text: string }> = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(sentence))) {
    // The first item often carries the verb that introduces the list (实地察看了阳泉市中心医院): drop it.
    const lead = m[0].match(/^.*?(?:察看了|调研了|走进了|来到了|包括|有|了|为|是)(?=[^、和及与]{2,})/);
    const text = lead && !/[、和及与]/.test(lead[0]) ? m[0].slice(lead[0].length) : m[0];
    const items = text.split(/[、和及与]/).map((s) => s.trim()).filter(Boolean);
    if (items.length >= 3) out.push({ items, index: m.index + (m[0].length - text.length), text });
  }
  return out;
}

const PLACE_RE = /(中心|区|县|市|省|镇|乡|村|街道|社区|小区|馆|园|场|厅|楼|室|街|路|广场|大厦|学校|大学|学院|公司|基地|医院|车间|站|所|班|局|厂|港|分会场|会议室|现场|一线|企业|景区|酒店|宾馆)/;
const PLACE_END_RE = new RegExp(`${PLACE_RE.source}$`);

/** Places after movement verbs: 深入市疾控中心和榆次区、太谷区 → [市疾控中心, 榆次区, 太谷区]. */
export function findPlaces(sentence: string): Array<{ items: string[]; index: number }> {
  const re = /(?:深入|走进|来到|赴|前往|到|位于|设在|在)([^，。；：,;:]{2,60})/g;
  const out: Array<{ items: string[]; index: number }> = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(sentence))) {
    // Stop at the next verb-like boundary (就 / 开展 / 调研 / 进行 …).
    const span = m[1].split(/(?:就|开展|调研|进行|实地|检查|视察|察看|考察|看望|慰问|召开|举行|参加|出席|，)/)[0];
    // An item is a place when it ends like one (榆次区, 市疾控中心), not when a place word sits inside a clause.
    const items = span.split(/[、和及与]/).map((s) => s.trim().replace(/等地?$/, '')).filter((s) => s.length >= 2 && PLACE_END_RE.test(s) && !/^\d/.test(s));
    if (items.length) out.push({ items, index: m.index });
  }
  return out;
}

/** Verbs that name a kind of project (维修项目, 改造项目), unlike verbs of doing something to one (了解项目). */
const PROJECT_VN = new Set(['建设', '改造', '技术改造', '搬迁', '开发', '扩建', '改扩建', '新建', '治理', '提升', '综合利用', '利用',
  '恢复', '维修', '修缮', '整治', '更新', '提质', '升级', '安置', '保护', '修复', '配套']);
/** Words that open an instruction (要…, 必须…): what follows is a task, not a name. */
const INSTRUCTION = new Set(['要', '需要', '需', '必须', '务必', '应', '应当', '应该', '要求', '着力', '注重', '坚持', '持续', '进一步']);
const NOUNISH = /^(n|nr|ns|nt|nz|ng|x|m|q|vn|an|b|j|l|eng)$/;

/** Project names: the noun phrase ending in 项目 (阳泉市中心医院项目), generic ones (重点项目) left out. */
export function findProjects(text: string): string[] {
  // Tag only the sentences that mention a project: part-of-speech tagging a whole article is slow.
  const tokens = (text.match(/[^。！？；\n]*项目[^。！？；\n]*/g) ?? []).flatMap((sentence) => [...jieba.tag(sentence), { word: '。', tag: 'x' }]);
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const at = tokens[i].word.indexOf('项目');
    if (at < 0) continue;
    let phrase = tokens[i].word.slice(0, at + 2);
    let j = i - 1;
    for (; j >= 0 && phrase.length < 24; j--) {
      const t = tokens[j];
      if (!((NOUNISH.test(t.tag) && t.tag !== 'vn') || PROJECT_VN.has(t.word)) || /[，。、；：“”"（）()\s]/.test(t.word)) break;
      phrase = t.word + phrase;
    }
    // 要科学精准谋划项目 is an instruction about projects in general, not a project's name.
    if (j >= 0 && INSTRUCTION.has(tokens[j].word)) continue;
    if ([...phrase].length >= 6 && !/^(该|此|这个|这些|各类|一批|重点|重大|优质|合作|新建)项目$/.test(phrase)) out.push(phrase);
  }
  return [...new Set(out)];
}

/**
 * The title chain printed right before a name (市委常委、宣传部部长 before 郭晓东), or null.
 * @param index where the name starts in `sentence`
 */
export function titleBefore(sentence: string, index: number): string | null {
  const before = sentence.slice(Math.max(0, index - 24), index);
  // The chain starts after punctuation or after a verb linking it to someone else (会见…总经理陈从兵).
  const chain = (before.split(/[，,。；;：:（()）“”\s]/).pop() ?? '').split(/会见|会晤|看望|慰问|陪同|带领|率领|邀请|接见|拜访|走访|向|对|与|和|为|是|及/).pop() ?? '';
  const cleaned = chain.replace(/^(本报讯|本報訊|日前|近日|\d+月\d+日|[\d一二三四五六七八九十]+月[\d一二三四五六七八九十]+日)/, '');
  return cleaned && new RegExp(`(${TITLE_RE.source})$`).test(cleaned) ? cleaned : null;
}
