// Items in a sentence of simplified text: numbers with units, dates, enumerations, places, projects, named works.
import { createRequire } from 'node:module';
import { LIST_LEAD_RE, PLACE_END_RE, PROJECT_END_RE } from '../text/item-shapes.js';
import { isCommonWord } from '../text/persons.js';
import { capSentence } from '../text/sentences.js';

export { findPersons, titleBefore, type Person } from '../text/persons.js';

const require = createRequire(import.meta.url);
const jieba: { tag(text: string): Array<{ word: string; tag: string }> } = require('nodejieba');

/** Units and measure words a quantity may carry (longest first when matched). */
const UNIT_WORDS = [
  '平方公里', '平方千米', '平方米', '立方米', '千瓦时', '万千瓦', '千瓦', '兆瓦', '公里', '千米', '公斤', '千克', '毫米', '厘米', '人次', '小时', '分钟',
  '万元', '亿元', '万人', '万吨', '万条', '标箱', '公顷', '美元', '港元', '欧元', '日元', '英镑', '法郎', '卢布', '元', '米', '吨', '亩', '斤', '克', '升', '户', '项', '个', '家', '名', '人', '件',
  '次', '天', '年', '月', '倍', '所', '座', '条', '辆', '台', '套', '艘', '张', '部', '只', '头', '棵', '株', '架', '块', '间', '栋', '层',
  '处', '场', '届', '期', '批', '份', '篇', '本', '册', '支', '枚', '袋', '箱', '位', '岁', '周', '种', '类', '所', '字', '例', '余', '多',
];
const UNITS = [...new Set(UNIT_WORDS)].sort((a, b) => b.length - a.length).join('|');

/**
 * Numbers with their unit or measure word: 484项, 七天, 1万平方米, 99.29%, 92.8亿元, 5000余人次, 四分之三, 四十万.
 * With `durations`, spans of time count too (44年, 三个月), as for a 多久 question.
 */
export function findQuantities(sentence: string, options: { durations?: boolean } = {}): Array<{ text: string; index: number }> {
  const re = new RegExp(
    `(?:(?:百分之|[\\d一二两三四五六七八九十百]+分之)[\\d一二两三四五六七八九十点.]+|[\\d０-９][\\d０-９.,，]*\\s*(?:%|％|万|亿|千|百)?(?:多|余)?(?:个)?(?:${UNITS})?(?:余|多)?(?:${UNITS})?|[一二两三四五六七八九十百千万亿]+(?:多|余)?(?:个)?(?:${UNITS})|[一二两三四五六七八九十]+[十百千万亿]+)`, 'g');
  const out: Array<{ text: string; index: number }> = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(sentence))) {
    const text = m[0].replace(/[，,.]$/, '').trim();
    if (!text || /^[.,，]/.test(text)) continue;
    const after = sentence.slice(m.index + m[0].length);
    // Years, months and days are dates, not quantities (2025年, 2025—2027年).
    if (/^\d{4}$/.test(text) && (/^\s*年/.test(after) || /^(?:19|20)\d\d$/.test(text))) continue;
    if (/^\d{1,2}$/.test(text) && /^[月日号时:：]/.test(after)) continue;
    if (/^\d{1,4}(年|月|日)$/.test(text) && !(options.durations && !/^\d{4}年$/.test(text) && /^(?:之久|多|以来|时间|间|的|，|,|。|$)/.test(after))) continue;
    if (/^[一二两三四五六七八九十]+$/.test(text)) continue;
    // Ordinals and names (第三批, 二期, 十二届, 1号线) are not amounts.
    if (sentence[m.index - 1] === '第' || /^[一二两三四五六七八九十]+(期|届|批)$/.test(text) || /^号/.test(after)) continue;
    out.push({ text, index: m.index });
  }
  return out;
}

/** Dates and times as printed: 2024年7月30日, 9月12日至15日, 11月15日至次年3月15日, 今年11月, 2019年, 年底. */
const DATE_EXPR_RE = new RegExp(
  // Reign and era years (某某五年, 某某王七年) and dynasties.
  '(?:(?:(?:清|明|元|宋|唐|隋|汉|晋|秦|北魏|南宋|北宋|东汉|西汉|东晋|西晋)朝?)?[\\p{Script=Han}]{2,3}?[元一二三四五六七八九十]{1,3}年(?:[一二三四五六七八九十正冬腊]{1,2}月)?(?![\\p{Script=Han}]*间)|' +
  '(?:\\d{4}|[〇零一二三四五六七八九]{4})\\s*年(?:\\d{1,2}月(?:\\d{1,2}日)?|[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?|底|初|末|上半年|下半年)?' +
  '|(?:今年|明年|去年|次年|当年)?(?:\\d{1,2}|[一二三四五六七八九十]{1,2})月(?:(?:\\d{1,2}|[一二三四五六七八九十]{1,3})日)?(?:上旬|中旬|下旬|底|初)?' +
  '|(?:今年|明年|去年|年)(?:底|初|内|年底)|公元前?\\d+年|\\d{1,2}世纪(?:\\d0年代)?|(?:星期|周)[一二三四五六日天]' +
  // Seasons and holidays as deadlines: 汛期前, 年底前, 春节前, 入冬前, 开学前. (今年中考 holds no 年中: after 今/明/去 the
  // 年 ends a word of its own.)
  '|(?:(?<![今明去当次往])(?:年底|年初|年中)|月底|月初|上半年|下半年|[一二三四]季度)(?:前|后|以前|之前|以后|之后|内)?' +
  '|(?:汛期|主汛期|春节|国庆|元旦|中秋|端午|五一|开学|入冬|入秋|冬季|夏季|秋季|春季|雨季|供暖期)(?:前|后|以前|之前|以后|之后|期间))' +
  '(?:(?:至|到|—|-|～|~)(?:次年)?(?:(?:\\d{4}年)?(?:\\d{1,2}月)?\\d{1,2}日|\\d{4}年(?:\\d{1,2}月)?|\\d{1,2}月))?',
  'gu');

/** Date expressions in a sentence (search form or simplified), ranges kept whole. */
export function findDateExpressions(sentence: string): Array<{ text: string; index: number }> {
  const s = sentence.normalize('NFKC');
  const out: Array<{ text: string; index: number }> = [];
  DATE_EXPR_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DATE_EXPR_RE.exec(s))) {
    // 1号线, 3个月 and 第5月 are no dates.
    if (!m[0] || /^\d{1,2}月$/.test(m[0]) && /[个第]$/.test(s.slice(0, m.index))) continue;
    out.push({ text: m[0], index: m.index });
  }
  return out;
}

/**
 * Runs of 、-separated items (at least three, or two joined by 和/与/及 when `pairs`): “压缩办、打包办、定制办…”.
 * The verb that introduces the list (察看了, 包括) is dropped from the first item.
 */
export function findEnumerations(sentence: string, options: { pairs?: boolean } = {}): Array<{ items: string[]; index: number; text: string }> {
  // An item: characters, short brackets, and quoted names inside it (“积分超市”激励), or a whole book title.
  const piece = '(?:《[^》]{1,40}》|(?:[^，。；：、“”「」()（）《》,.;:\\s]|“[^”]{1,30}”|（[^）]{1,8}）|\\([^)]{1,8}\\)){1,32})';
  const re = new RegExp(`(${piece})((?:[、和及与]${piece}){${options.pairs ? 1 : 2},})`, 'g');
  const out: Array<{ items: string[]; index: number; text: string }> = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(sentence))) {
    let raw = splitItems(m[0]);
    // 某某政府分别与A、B、C签订…: the first item is the subject, joined by a preposition to a list of 、.
    if (raw.length >= 3 && /^[^、]*?[与和及]/.test(m[0].slice(raw[0].length, raw[0].length + 1)) && m[0].includes('、')) raw = raw.slice(1);
    const items = cleanItems(raw);
    const min = options.pairs ? 2 : 3;
    if (items.length < min) continue;
    // The first item loses the verb that introduced the list (察看了, 推广): the enumeration starts after it.
    const index = m.index + Math.max(0, m[0].indexOf(items[0]));
    const end = m.index + m[0].lastIndexOf(items[items.length - 1]) + items[items.length - 1].length;
    out.push({ items, index, text: sentence.slice(index, end) });
  }
  return out;
}

/** Where the last item of a list ends: before 等, a count (3个专科), 的, or the verb that follows the list. */
const ITEM_TAIL_RE = /中(?=[有的被得])|等|[\d一二两三四五六七八九十]+(?:个|家|户|所|项|种|条|大|位|名|份|类|批|座|处|支)|的|获|被|已|将|开展|进行|均|签订|签署|同步|投入|参加|共同|分别|为主|作为|实现|成为/;

const VERBAL_TAGS_RE = /^(?:v|vd|p|d|ad|c)$/;
/** Verbs that say what the listed items do, after a list (…携手走进, …共同参加). */
const LIST_FOLLOW_RE = /携手|走进|来到|参加|出席|开展|获得|荣获|组成|共同|分别|一起|带着|领着|联合|签订|签署|入驻|进行|实施|参与|完成|实现|成为/;

/**
 * Items cleaned of what the sentence wraps them in: the subject and verb before the first (项目依托…, 积极推广…), what
 * follows the last (…等3个专科, …携手走进…), an attribute after any (…公司的管理优势).
 */
export function cleanItems(items: string[]): string[] {
  const quoted = (t: string) => /^[《“]/.test(t);
  const out = items.map((item, i) => {
    let t = item;
    if (i === 0 && !quoted(t)) {
      // Everything up to the last verb or preposition that leaves a name of three characters or more after it (the
      // subject and verb introducing the list; a verb inside the name, 少儿阅览区, leaves less), and the particles
      // after it: 新馆设有少儿阅览区 → 少儿阅览区, 实地察看了某某医院 → 某某医院.
      const tags = jieba.tag(t);
      const restLength = (k: number) => tags.slice(k + 1).reduce((n, x) => n + [...x.word].length, 0);
      let cut = -1;
      // 至/到 inside an item join its two ends (某站至某镇), they introduce nothing.
      // Never inside a quoted name (“积分超市”激励).
      const open = (k: number) => { const head = tags.slice(0, k + 1).map((x) => x.word).join(''); return (head.match(/“/g)?.length ?? 0) > (head.match(/”/g)?.length ?? 0); };
      for (let k = 0; k < tags.length - 1; k++) if (VERBAL_TAGS_RE.test(tags[k].tag) && !/^(?:至|到|和|与|及)$/.test(tags[k].word) && restLength(k) >= 2 && !open(k)) cut = k;
      while (cut >= 0 && cut + 1 < tags.length - 1 && /^u/.test(tags[cut + 1].tag)) cut++;
      if (cut >= 0) t = tags.slice(cut + 1).map((x) => x.word).join('');
      // jieba glues a preposition to an unknown name (由东/山河): find it by character then.
      else {
        const m = t.match(/^(.{2,}?)[由在向从对把被将给](?=[^由在向从对把被将给]{2,}$)/u);
        if (m && !/^[《“]/.test(t)) t = t.slice(m[0].length);
      }
      for (let lead = t.match(LIST_LEAD_RE); lead?.[0] && t.length - lead[0].length >= 2; lead = t.match(LIST_LEAD_RE)) t = t.slice(lead[0].length);
      // A modifier of the whole list stands before the first item (原创漫画的企划、创作和发售): the item follows 的.
      const of = t.lastIndexOf('的');
      if (of >= 0 && [...t.slice(of + 1)].length >= 2 && !quoted(t)) t = t.slice(of + 1);
    }
    if (i === items.length - 1 && !quoted(t)) {
      const at = t.slice(2).search(ITEM_TAIL_RE);
      if (at >= 0) t = t.slice(0, at + 2);
      // A verb of what the listed do starts what the sentence says about the list (王某某携手走进…); a verb inside a
      // name (停车设施, 某某支行) does not.
      const follows = t.slice(2).search(LIST_FOLLOW_RE);
      if (follows >= 0) t = t.slice(0, follows + 2);
      // …and a verb that closes the clause after the last item (…鹿地塘河提供), unless it ends a name (某某支行).
      const tags = jieba.tag(t);
      const last = tags[tags.length - 1];
      if (tags.length > 1 && last.tag === 'v' && !/[行所站厂局院部]$/.test(last.word) && [...t].length - [...last.word].length >= 2) t = t.slice(0, t.length - last.word.length);
    }
    if (!quoted(t)) {
      const of = t.indexOf('的', 4);
      if (of >= 0) t = t.slice(0, of);
    }
    return t.trim();
  });
  return out.filter((t) => [...t].length >= 2);
}

/** Items of an enumeration: split at 、 and at 和/与/及 between items, book titles and quotes kept whole. */
export function splitItems(text: string): string[] {
  const out: string[] = [];
  const chars = [...text];
  let cur = '';
  let depth = 0;
  for (let k = 0; k < chars.length; k++) {
    const ch = chars[k];
    if (ch === '《' || ch === '“') depth++;
    if (ch === '》' || ch === '”') depth = Math.max(0, depth - 1);
    if (depth === 0 && cur.length >= 2 && isJoiner(chars, k)) {
      out.push(cur);
      cur = '';
      if (ch === '以') k++;
      continue;
    }
    cur += ch;
  }
  if (cur) out.push(cur);
  return out.map((s) => s.trim()).filter(Boolean);
}

/**
 * Whether the character at k joins two items: 、, 以及, or 和/与/及 between words — not inside one (议和, 和平, 及时)
 * nor before a pronoun (及其).
 */
function isJoiner(chars: string[], k: number): boolean {
  const ch = chars[k];
  if (ch === '、') return true;
  if (ch === '以') return chars[k + 1] === '及';
  if (!/[和及与]/.test(ch)) return false;
  const before = (chars[k - 1] ?? '') + ch;
  const after = ch + (chars[k + 1] ?? '');
  if (ch === '及' && chars[k + 1] === '其') return false;
  return !isCommonWord(before) && !isCommonWord(after);
}

/** Places after movement and location verbs: 深入市疾控中心和某某区 → [市疾控中心, 某某区]. */
export function findPlaces(sentence: string): Array<{ items: string[]; index: number }> {
  const re = /(?:深入|走进|来到|赴|前往|到|位于|设在|落户|坐落于|地处|在)([^，。；：,;:]{2,80})/g;
  const out: Array<{ items: string[]; index: number }> = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(sentence))) {
    // Stop at the next verb-like boundary (就 / 开展 / 调研 / 进行 …).
    // 位于A的B: A is where B is.
    const located = /^(?:位于|地处|坐落于|设在)/.test(m[0]) ? m[1].split('的')[0] : m[1];
    const span = located.split(/(?:开展|调研|进行|实地|检查|视察|察看|考察|看望|慰问|召开|举行|举办|参加|出席|了解|登上|走进|开班|落下|落幕|开幕|闭幕|，)/)[0];
    // An item is a place when it ends like one (某某区, 市疾控中心), not when a place word sits inside a clause.
    const items = splitItems(span).map((s) => placeHead(s.replace(/等地?$/, ''))).filter((s): s is string => s !== null && s.length >= 2 && !/^\d/.test(s));
    if (items.length) out.push({ items, index: m.index + m[0].length - m[1].length });
  }
  return out;
}

/** What may follow a place inside its clause: a locative (里, 中) or the verb of what was done there (感受, 了解). */
const AFTER_PLACE_RE = /^(?:里|中|内|外|上|前|旁|一带)?(?:感受|了解|参观|察看|调研|考察|看望|慰问|登上|走进|交流|体验|学习|观看|聆听|座谈|召开|举行|举办|$)/;

/** The place an item names: the item when it ends like a place, else its shortest head that does (某某馆里感受… → 某某馆). */
function placeHead(item: string): string | null {
  if (PLACE_END_RE.test(item)) return item;
  const bare = item.replace(/(?:里|中|内|外|前|旁|一带)$/, '');
  if (bare !== item && PLACE_END_RE.test(bare)) return bare;
  for (let n = 2; n < item.length; n++) {
    if (PLACE_END_RE.test(item.slice(0, n)) && AFTER_PLACE_RE.test(item.slice(n))) return item.slice(0, n);
  }
  return null;
}

/** Verbs that name a kind of project (维修项目, 改造项目), unlike verbs of doing something to one (了解项目). */
const PROJECT_VN = new Set(['建设', '改造', '技术改造', '搬迁', '开发', '扩建', '改扩建', '新建', '治理', '生态治理', '提升', '综合利用',
  '利用', '恢复', '维修', '修缮', '整治', '更新', '提质', '升级', '安置', '保护', '修复', '配套', '储能', '装备', '制造', '物流',
  // Works on water, roads and buildings (除险加固工程, 河道清淤工程, 道路拓宽工程, 背街小巷硬化工程).
  '加固', '清淤', '疏浚', '拓宽', '扩容', '提标', '绿化', '亮化', '硬化', '美化', '翻新', '迁建', '重建', '修建', '改建', '续建', '整修']);
/** Words that open an instruction (要…, 必须…): what follows is a task, not a name. */
const INSTRUCTION = new Set(['要', '需要', '需', '必须', '务必', '应', '应当', '应该', '要求', '着力', '注重', '坚持', '持续', '进一步']);
// zg and g: a rare character jieba cannot place (泠港, 漵江) — almost always part of a proper name.
const NOUNISH = /^(n|nr|ns|nt|nz|ng|x|m|q|vn|an|b|j|l|eng|nrt|nrfg|t|s|zg|g)$/;

/**
 * Noun phrases ending with a word matching `end` (项目, 工程, 公司 …): the ending word and the nouns before it, as
 * jieba tags them. `verbal` nouns are allowed inside (建设, 改造) when `allowVerbal` says so.
 */
export function phrasesEndingWith(sentence: string, end: RegExp, options: { allowVerbal?: (word: string) => boolean; maxChars?: number } = {}): Array<{ text: string; index: number }> {
  const tokens = jieba.tag(sentence);
  const maxChars = options.maxChars ?? 24;
  const out: Array<{ text: string; index: number }> = [];
  let pos = 0;
  const starts: number[] = [];
  for (const t of tokens) { const at = sentence.indexOf(t.word, pos); starts.push(at); pos = at >= 0 ? at + t.word.length : pos; }
  for (let i = 0; i < tokens.length; i++) {
    const m = tokens[i].word.match(end);
    if (!m || m.index === undefined || starts[i] < 0) continue;
    const stop = starts[i] + m.index + m[0].length;
    let j = i - 1;
    let from = starts[i];
    for (; j >= 0; j--) {
      const t = tokens[j];
      const verbal = options.allowVerbal?.(t.word) ?? false;
      if (!((NOUNISH.test(t.tag) && (t.tag !== 'vn' || verbal || !options.allowVerbal)) || verbal) || /[，。、；：“”"（）()\s《》]/.test(t.word)) break;
      if (stop - starts[j] > maxChars) break;
      from = starts[j];
    }
    if (j >= 0 && INSTRUCTION.has(tokens[j].word)) continue;
    out.push({ text: sentence.slice(from, stop), index: from });
  }
  return out;
}

/** Longest stretch tagged at once when reading project names (the held-out suite's longest run between full stops is 390). */
const PROJECT_SCAN_CHARS = 1000;

/** Project names: the noun phrase ending in 项目 (某某市中心医院项目), generic ones (重点项目) left out. */
export function findProjects(text: string): string[] {
  const out: string[] = [];
  // Tag only the sentences that mention a project: part-of-speech tagging a whole article is slow. Split, not matched:
  // /[^。…]*项目[^。…]*/g rescans the rest of a sentence from every position of one without 项目 (quadratic on a page
  // printed without full stops); an over-long stretch is cut at clauses.
  const sentences = text.split(/[。！？；\n]/).flatMap((s) => (s.length > PROJECT_SCAN_CHARS ? capSentence(s, PROJECT_SCAN_CHARS).map((p) => p.text) : [s]));
  for (const sentence of sentences.filter((s) => s.includes('项目'))) {
    for (const p of phrasesEndingWith(sentence, /项目/, { allowVerbal: (w) => PROJECT_VN.has(w) })) {
      if ([...p.text].length >= 6 && !/^(该|此|这个|这些|各类|一批|重点|重大|优质|合作|新建)项目$/.test(p.text)) out.push(p.text);
    }
  }
  return [...new Set(out)];
}

/** Sites named like projects: 某某项目, 某某工程, 某某产业园, 某某基地 (an 工程 or 园 as much as a 项目). */
export function findProjectSites(sentence: string): Array<{ text: string; index: number }> {
  return phrasesEndingWith(sentence, PROJECT_END_RE, { allowVerbal: (w) => PROJECT_VN.has(w) })
    .filter((p) => [...p.text].length >= 4 && !/^(该|此|这个|这些|各类|一批|重点|重大|优质|合作|新建|民生|建设|主体|配套|基础|附属|土建|续建)(项目|工程)$/.test(p.text));
}

/** Named works and documents printed in 《》, and names printed in “”. */
export function findNamed(sentence: string): Array<{ text: string; index: number; quoted: '《' | '“' }> {
  const out: Array<{ text: string; index: number; quoted: '《' | '“' }> = [];
  for (const m of sentence.matchAll(/《([^》]{2,60})》|“([^”]{2,30})”/g)) out.push({ text: m[1] ?? m[2], index: m.index! + 1, quoted: m[1] ? '《' : '“' });
  return out;
}
