// People as Chinese news prints them: office titles, role nouns, and the names that follow them (市长某某, 讲解员某某说).
//
// Every table is matched against simplified text (search form or simplify()), so each word is written once, in
// simplified script; traditional-script pages reach these tables through opencc.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { COMPOUND_SURNAMES, isPersonName } from './newspaper-conventions.js';

const require = createRequire(import.meta.url);
const jieba: { tag(text: string): Array<{ word: string; tag: string }>; DEFAULT_DICT: string; DEFAULT_USER_DICT: string } =
  require('nodejieba');

/**
 * Three-character words jieba's dictionaries tag as person names (nr), or null when they cannot be read. jieba takes
 * a word's tag from its dictionary (words it finds otherwise are tagged x), so a sentence printing none of these can
 * yield no untitled name, and need not be tagged.
 */
let dictionaryNames: Set<string> | null | undefined;
function namesInDictionary(): Set<string> | null {
  if (dictionaryNames !== undefined) return dictionaryNames;
  try {
    const names = new Set<string>();
    for (const file of [jieba.DEFAULT_DICT, jieba.DEFAULT_USER_DICT]) {
      for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
        const fields = line.trim().split(/\s+/);
        if (fields.slice(1).includes('nr') && [...fields[0]].length === 3) names.add(fields[0]);
      }
    }
    dictionaryNames = names;
  } catch {
    dictionaryNames = null;
  }
  return dictionaryNames;
}

/** The first characters of the dictionary's names: where a name may start. */
let nameStarts: Set<string> | null = null;

/** Whether jieba could tag a three-character name in the sentence: it prints one of its dictionary's names. */
function mayTagName(sentence: string): boolean {
  const names = namesInDictionary();
  if (!names) return true;
  if (/[\uD800-\uDFFF]/.test(sentence)) {
    const chars = [...sentence];
    for (let i = 0; i + 3 <= chars.length; i++) if (names.has(chars[i] + chars[i + 1] + chars[i + 2])) return true;
    return false;
  }
  nameStarts ??= new Set([...names].map((n) => n[0]));
  for (let i = 0; i + 3 <= sentence.length; i++) if (nameStarts.has(sentence[i]) && names.has(sentence.slice(i, i + 3))) return true;
  return false;
}

/**
 * Offices printed right before a holder's name (市委书记某某, 副市长某某, 总经理某某). A deputy prefix (副, 常务副)
 * is matched by {@link TITLE_RE}, not listed here.
 */
export const OFFICE_TITLES: readonly string[] = [
  '总书记', '书记', '支书', '村支书', '市长', '县长', '区长', '镇长', '乡长', '省长', '村长', '主任', '部长', '局长', '厅长', '司长',
  '处长', '科长', '股长', '主席', '常委', '委员', '代表', '院长', '校长', '园长', '馆长', '所长', '站长', '行长', '厂长', '团长',
  '台长', '社长', '检察长', '庭长', '署长', '总队长', '支队长', '大队长', '中队长', '队长', '组长', '会长', '理事长', '秘书长', '董事长', '总经理', '经理', '总裁', '董事',
  '总监', '总工程师', '主编', '总编辑', '主委', '总理', '委员长', '国务委员', '总统', '首相', '议长', '大使', '政委', '巡视员',
  '调研员', '主持人', '负责人', '教授', '传承人',
];

/** An office, with the deputy prefix a title chain may carry (副局长, 常务副市长). */
// 常委会 and 委员会 are bodies, not the titles 常委 and 委员 they begin with.
export const TITLE_RE = new RegExp(`(?:常务)?副?(?:${[...OFFICE_TITLES].sort((a, b) => b.length - a.length).join('|')})(?!会)`);
const TITLE_END_RE = new RegExp(`(?:${TITLE_RE.source})$`);

/**
 * People named by what they do rather than an office (讲解员某某说, 家长某某, 村民某某): a name may follow them too.
 */
export const ROLE_NOUNS: readonly string[] = [
  '讲解员', '家长', '村民', '居民', '市民', '游客', '学生', '老师', '教师', '班主任', '志愿者', '医生', '护士', '村医', '工人', '农民',
  '职工', '员工', '店主', '摊主', '技术员', '工程师', '研究员', '技师', '运动员', '教练', '教练员', '队员', '选手', '专家', '学者',
  '作家', '诗人', '画家', '演员', '歌手', '党员', '网格员', '楼栋长', '快递员', '骑手', '民警', '辅警', '律师', '法官', '创始人',
  '主管', '车间主任', '领导', '市领导', '带头人', '种植户', '养殖户', '承包人', '老人', '大爷', '大妈', '阿姨', '小朋友', '同学',
];
const ROLE_RE = new RegExp(`(?:${[...ROLE_NOUNS].sort((a, b) => b.length - a.length).join('|')})$`);

/** Two or three characters after an office or role word, ending a text: the shape of a titled name (局长某某). */
export const TITLED_NAME_RE = new RegExp(`(?:${TITLE_RE.source}|${ROLE_RE.source.slice(0, -1)})\\p{Script=Han}{2,3}$`, 'u');

/**
 * Words that may follow a name (说, 表示, 一行, 参加调研 …): they tell where a two- or three-character name ends.
 */
export const AFTER_NAME_WORDS: readonly string[] = [
  '说', '表示', '介绍', '指出', '强调', '认为', '告诉', '坦言', '感慨', '谈到', '提出', '建议', '透露', '回忆', '笑着', '一行', '同志',
  '等', '带领', '带队', '率', '率队', '主持', '出席', '参加', '陪同', '深入', '来到', '走进', '前往', '赴', '到', '在', '调研', '视察',
  '察看', '检查', '看望', '慰问', '会见', '会晤', '讲话', '致辞', '宣布', '参观', '考察', '向', '对', '与', '和', '及', '的', '是', '为',
  '作', '先后', '一同', '现场', '也', '还', '又', '就', '则', '详细', '实地', '首先', '随后', '从', '于', '获', '荣获', '当选', '担任',
  '任', '被', '将', '已', '曾', '正', '把', '给', '领', '带着', '携', '今年', '今天', '当天', '日前', '近日', '所', '主讲', '作为',
];
const AFTER_NAME_RE = new RegExp(`^(?:${[...AFTER_NAME_WORDS].sort((a, b) => b.length - a.length).join('|')}|[^\\p{Script=Han}]|$)`, 'u');
/** Speech verbs: a name right before one is a name even when it is also a common word (讲解员和平说). */
const SPEECH_RE = /^(?:说|表示|介绍|指出|强调|认为|告诉|坦言|感慨|谈到|回忆)/;

/** What follows a titled name with a surname the table lacks: 一行, 同志, or an official act. */
const RARE_SURNAME_AFTER_RE = /^(?:一行|同志|出席|主持|带队|带领|调研|视察|参加|会见|讲话|致辞|率队|陪同|深入|来到|走进|指出|强调|要求|介绍|表示)/;

/** Characters a name seldom holds after its surname; a run holding one is a phrase (和副市长 is no name). */
const NOT_IN_NAME_RE = /[的了在是和与及等市县区省委局副记席部厅院校司处科股哪谁么几吗呢]/;

/** Words that follow a title but are not names. */
const NOT_NAMES = new Set(['同志', '一行', '表示', '指出', '强调', '认为', '介绍', '带领', '带队', '主持', '出席', '参加', '深入', '看望',
  '慰问', '调研', '视察', '会见', '等人', '代表', '委员', '负责人', '同时', '工作', '相关', '有关', '部门', '全市', '我们', '他们',
  '大家', '记者', '本报', '市委', '市政府', '政府', '领导', '干部', '群众', '企业', '公司', '项目', '建设', '发展', '一起', '共同']);

export interface Person {
  name: string;
  /** The title or role word printed right before the name (局长, 讲解员 …), or null. */
  title: string | null;
  /** Where the name starts in the sentence. */
  index: number;
}

const wordCache = new Map<string, boolean>();
const nounCache = new Map<string, boolean>();

/** A word jieba tags as a noun when tagged alone (企业, 领导), not a verb (获评). */
export function isNoun(word: string): boolean {
  let noun = nounCache.get(word);
  if (noun === undefined) {
    const tags = jieba.tag(word);
    noun = tags.length > 0 && /^n/.test(tags[tags.length - 1].tag);
    if (nounCache.size > 5000) nounCache.clear();
    nounCache.set(word, noun);
  }
  return noun;
}

/** A word jieba's dictionary holds as something other than a name (和平, 高峰): tagged alone, it stays whole. */
export function isCommonWord(word: string): boolean {
  let known = wordCache.get(word);
  if (known === undefined) {
    const tags = jieba.tag(word);
    known = tags.length === 1 && !/^(x|nr|nrfg|nrt)$/.test(tags[0].tag);
    if (wordCache.size > 5000) wordCache.clear();
    wordCache.set(word, known);
  }
  return known;
}

/**
 * The name starting at `at`, if one starts there: 2–3 characters (4 with a compound surname), surname first, not a
 * phrase, and followed by a word that may follow a name (说, 表示, 一行 …) or by punctuation.
 * @param options.extraAfter further words that may follow a name here (a question's 这两天, 局长 …)
 */
export function nameStartingAt(sentence: string, at: number, options: { extraAfter?: readonly string[] } = {}): string | null {
  return nameAt(sentence, at, options.extraAfter ?? []);
}

function nameAt(sentence: string, at: number, extraAfter: readonly string[] = [], titled = false): string | null {
  const lengths = COMPOUND_SURNAMES.some((c) => sentence.startsWith(c, at)) ? [3, 4] : [2, 3];
  for (const n of lengths) {
    const name = sentence.slice(at, at + n);
    if ([...name].length !== n || !/^\p{Script=Han}+$/u.test(name) || NOT_NAMES.has(name) || NOT_IN_NAME_RE.test(name.slice(1))) continue;
    // 副主任到某地: a preposition after a title starts no name, whatever surname it could also be.
    if (/^[到在向从于为将把被给对与及就]/.test(name)) continue;
    const rest = sentence.slice(at + n);
    // A rare surname (丑, 蔺 …) is trusted only where a name is all that can stand: before 说, 表示, 一行 ….
    // A rare surname (丑, 鞠 …) is trusted only where a name is all that can stand: after an office, before 说, 表示,
    // 一行 or the verb of an official act (市长某某出席…).
    if (!isPersonName(name) && !(titled && (SPEECH_RE.test(rest) || RARE_SURNAME_AFTER_RE.test(rest)) && !isCommonWord(name))) continue;
    // A common word (和平, 高峰) is a name only before a speech verb; otherwise the run goes on.
    if (isCommonWord(name) && !SPEECH_RE.test(rest)) continue;
    if (AFTER_NAME_RE.test(rest) || extraAfter.some((w) => rest.startsWith(w))) return name;
    // A three-character name before any ordinary word (某某某提交了): the word shows where the name ends.
    if (n === 3 && isCommonWord(rest.slice(0, 2))) return name;
  }
  return null;
}

/**
 * People in a simplified sentence: a name right after an office title or role word (市长某某, 讲解员某某说), or a
 * three-character word jieba tags as a person name.
 * @example findPersons('副市长吕婷参加调研。') // [{ name: '吕婷', title: '副市长', index: 3 }]
 */
export function findPersons(sentence: string): Person[] {
  const out: Person[] = [];
  const seen = new Set<number>();
  // Titled and role-named people, found by the words before them (jieba often splits an unknown name).
  const re = new RegExp(`(?:${TITLE_RE.source}|${ROLE_RE.source.slice(0, -1)})`, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(sentence))) {
    const at = m.index + m[0].length;
    const name = nameAt(sentence, at, [], true);
    if (!name || seen.has(at)) continue;
    seen.add(at);
    out.push({ name, title: m[0], index: at });
    // Names listed under one title (市领导某某、某某参加).
    let end = at + name.length;
    for (let next = sentence[end] === '、' ? nameAt(sentence, end + 1) : null; next; next = sentence[end] === '、' ? nameAt(sentence, end + 1) : null) {
      out.push({ name: next, title: m[0], index: end + 1 });
      end += 1 + next.length;
    }
    re.lastIndex = end;
  }
  // Untitled: full three-character names jieba knows as names; two-character "nr" words are too often places or verbs.
  let pos = 0;
  for (const t of mayTagName(sentence) ? jieba.tag(sentence) : []) {
    const at = sentence.indexOf(t.word, pos);
    if (at < 0) continue;
    pos = at + t.word.length;
    if (t.tag !== 'nr' || [...t.word].length !== 3 || NOT_NAMES.has(t.word) || out.some((p) => at >= p.index && at < p.index + p.name.length)) continue;
    if (/[部局委会厅院司处省市县区村镇乡城州国山河湖岛港湾路街目科属种族园苑庄坊厂站馆]$/.test(t.word)) continue;
    out.push({ name: t.word, title: null, index: at });
  }
  return out.sort((a, b) => a.index - b.index);
}

/**
 * The title chain printed right before a name (市委常委、宣传部部长 before the name), or null.
 * @param index where the name starts in `sentence`
 * @example titleBefore('市委副书记、市长某某主持会议', 8) // '市委副书记、市长'
 */
export function titleBefore(sentence: string, index: number): string | null {
  const before = sentence.slice(Math.max(0, index - 30), index);
  // The chain starts after punctuation or after a verb linking it to someone else (会见…总经理某某); 和/与/及 end
  // it only after someone's title or name (市长某某和副市长…), not inside a body's name (市文化和旅游局).
  let chain = (before.split(/[，,。；;：:（()）“”「」\s…]/).pop() ?? '')
    .split(/会见|会晤|看望|慰问|陪同|带领|率领|邀请|接见|拜访|走访|向|对|为|是|据|由/).pop() ?? '';
  for (let at = chain.search(/[和与及](?=[^和与及]*$)/); at > 0; at = chain.slice(0, at).search(/[和与及](?=[^和与及]*$)/)) {
    const head = chain.slice(0, at);
    if (TITLE_END_RE.test(head) || new RegExp(`(?:${TITLE_RE.source})\\p{Script=Han}{2,3}$`, 'u').test(head)) { chain = chain.slice(at + 1); break; }
  }
  const cleaned = chain.replace(/^(本报讯|日前|近日|\d+月\d+日|[\d一二三四五六七八九十]+月[\d一二三四五六七八九十]+日)/, '').replace(/^[了过着]/, '');
  if (!cleaned) return null;
  if (TITLE_END_RE.test(cleaned)) return cleaned;
  // A role is told by what follows the last 的 (家住附近的家长 → 家长): the clause before it is no title.
  return ROLE_RE.test(cleaned) ? cleaned.split('的').pop() ?? null : null;
}

/** True when the text ends with an office title (不含 role nouns): 市委书记, 副局长. */
export function endsWithTitle(text: string): boolean {
  return TITLE_END_RE.test(text);
}
