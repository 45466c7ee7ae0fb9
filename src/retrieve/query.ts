// Query analysis: search form, content words, question type, dates (8月6日, 昨天), paper names, and what the answer
// must be (the asked names, cities, qualifiers, the event of a when-question).
import { bigrams, jiebaCut, toSearchForm, words } from '../text/search-form.js';
import { parseNumber } from '../ingest/metadata.js';
import { isoDate, RELATIVE_DAYS, shiftDate } from '../text/dates.js';
import { findPersons, isNoun, nameStartingAt, TITLE_RE } from '../text/persons.js';
import { DICTIONARY_IDF_CAP, dictionaryIdf } from '../embed/hash-embeddings.js';
import { ACTIVITY_VERBS, ASKED_ORDINAL_RE, cityOfPaper, CONTRAST_RE, SUPERLATIVE_RE } from '../text/question-words.js';

export { TITLE_RE };

export type QuestionType = 'who' | 'role' | 'number' | 'where' | 'when' | 'list' | 'why' | 'how' | 'what';

export interface DateMention {
  /** ISO date when the year is known. */
  iso: string | null;
  month: number;
  day: number;
}

export interface QueryAnalysis {
  question: string;
  searchForm: string;
  type: QuestionType;
  /** Content words (question words and particles removed). */
  words: string[];
  bigrams: string[];
  dates: DateMention[];
  /** Papers named in the question (as the index spells them). */
  papers: string[];
  /** Official titles the question asks about (局长, 市委书记 …); titles of people it names are left out. */
  titles: string[];
  /** Content words right next to the question word (总投资多少 → 总投资; 多少张床位 → 床位): what is asked about. */
  focus: string[];
  /** The asked verbs of a 谁-question (谁获得…, 谁最早提出…), not nouns after 谁的 (谁的儿子): the answer is their doer. */
  doers: string[];
  /**
   * What kind of thing is asked for (哪支队伍 → 队伍; 什么奖 → 奖): the answer names one, so the word itself is
   * seldom printed beside it.
   */
  category: string[];
  /** True when the question asks about several people or things at once (…和…, 哪些, 分别), so answers aggregate. */
  plural: boolean;
  /** The question asks for a value after a change (提高到多少): prefer the quantity printed after 到/至. */
  changeTo: boolean;
  /** Measure word of a how-many question (几天 → 天, 多少项 → 项), or null. */
  unit: string | null;
  /** Person names the question spells (as typed: they may differ from the printed spelling). */
  persons: string[];
  /** Cities of the archive's papers the question names (云川 for 云川市…): a paper's own city is implicit in it. */
  cities: Array<{ city: string; paper: string }>;
  /**
   * Specifiers that single out one of several (二期, 2号线, 男子组, 二等奖): an article printing only a sibling (一期) does
   * not answer.
   */
  contrasts: string[];
  /** The question asks for the most or first of something (哪个投资最多). */
  superlative: boolean;
  /** Activity verbs the question asks about (调研, 视察 …), in the order printed. */
  verbs: string[];
  /** How many items a list question expects (哪两份 → 2, 哪5户 → 5, 三大 → 3), or null. */
  count: number | null;
  /** The words after a when-question's interrogative (什么时候开业接诊 → 开业接诊): the event whose date is asked. */
  predicate: string;
}

const QUESTION_WORDS = new Set([
  '谁', '是谁', '哪位', '哪些', '有哪些', '什么', '啥', '哪里', '哪儿', '在哪', '在哪里', '何', '何时', '何地', '多少', '几', '几天',
  '几个', '几月', '几日', '哪天', '哪一天', '怎么', '怎样', '如何', '为什么', '是否', '吗', '呢', '吧', '了', '的', '是', '在', '有',
  '和', '与', '及', '去', '到', '被', '把', '对', '给', '由', '从', '又', '也', '都', '还', '请问', '一下', '告诉', '我', '你', '哪',
  '什么样', '多大', '多长', '多高', '多远', '多久', '活动', '情况', '时候', '什么时候', '报道', '报纸', '新闻', '哪个', '分别',
  '包括', '主要', '一共', '总共', '共', '个', '项', '年', '月', '日', '号', '曾', '将', '要', '能', '会', '去了', '了吗',
  '职务', '职位', '担任', '任职', '身份', '官', '做', '干', '一些', '这些', '那些', '哪里', '多少钱',
]);

/** Units a number question may ask in (多少公里, 几例), longest first where one begins another (平方公里 before 公里). */
const MEASURE_UNITS = [
  '万元', '亿元', '万吨', '平方米', '平方公里', '公里', '小时', '人次', '千瓦时', '千瓦', '标箱', '个人', '个', '项', '户', '天', '人', '名',
  '家', '次', '年', '吨', '亩', '张', '艘', '元', '所', '座', '条', '倍', '件', '台', '辆', '岁', '米', '场', '批', '期', '份', '支', '只', '架',
  '栋', '部', '套', '间', '处', '棵', '株', '位', '字', '册', '本', '篇', '种', '类', '周', '分钟', '例', '层', '届', '公斤', '千克',
].join('|');
/** The unit a number question asks in: 多少万元 → 万元. */
const ASKED_UNIT_RE = new RegExp(`(?:多少|几)(${MEASURE_UNITS})`);
/** 几 asking for a count (几例, 几公里); 第几届 asks for an ordinal, 十几所 / 20几所 is an approximate number printed in the question, not one asked for. */
const ASKED_NUMBER_RE = new RegExp(`(?<![第那这十\\d])几(?:${MEASURE_UNITS})`);

function detectType(q: string): QuestionType {
  if (/什么职务|什么职位|担任什么|什么身份|什么官|是做什么的|是干什么的|职务是|职位是|是哪[个家所](?:部门|单位|机构|企业|公司|集团|学校|医院)的|在哪[个家所](?:部门|单位|企业|公司|学校|医院)(?:工作|任职|上班)/.test(q)) return 'role';
  if (/为什么|为何|什么原因|原因是|何故|怎么会|为啥/.test(q)) return 'why';
  // 又叫什么 / 俗名叫什么 asks for another name of the subject, not for a person.
  if (/又(?:叫|名|称)|别(?:名|称)|俗(?:名|称)|简称|全称|英文名|原名|本名|学名|昵称|绰号|外号|也叫|也称|亦称/.test(q)) return 'what';
  if (/哪位|谁|何人/.test(q) && !/哪些|哪几|分别|各自/.test(q)) return 'who';
  // 用哪些办法 asks how: the sentence with the method is quoted rather than its items taken apart.
  if (/(?:哪些|什么)(?:办法|方法|方式|措施|举措|手段|途径|技术)|怎么|怎样|如何/.test(q) && !/多少|几[个项家]/.test(q)) return 'how';
  // 作品叫什么名字 asks for the name of a thing, not of a person.
  if (/(?:作品|书|刊物|杂志|项目|节目|公司|企业|学校|产品|品牌|活动|工程|文件|歌曲?|电影|称号|会议|展览)(?:的名字)?叫什么(?:名字)?/.test(q)) return 'what';
  if (/哪些|有哪|包括什么|包括哪|分别是|都有什么|列举|哪几|哪[两二三四五六七八九十\d]+[个份家户项所位名条处种类支只座场批大]/.test(q)) return 'list';
  if (/谁|哪位|何人|什么人|哪个人|姓名|叫什么名|叫什么$|叫什么[？?]/.test(q)) return 'who';
  if (/怎么|怎样|如何|什么办法|什么方式|什么方法|什么措施|什么技术|什么手段|哪些办法|靠什么|通过什么/.test(q)) return 'how';
  if (/什么时候|何时|哪一?天|哪一?年|哪个月|几月|何年|什么时间|什么年代|哪个年代|时间是|(西元|公元)几年|几号|几点/.test(q)) return 'when';
  if (!ASKED_ORDINAL_RE.test(q) && (ASKED_NUMBER_RE.test(q) || /多少|多大|多长|多高|多重|多远|多久|百分之几|比例|金额|数量|面积|规模|产量|增长了?几/.test(q))) return 'number';
  if (/哪里|哪儿|在哪|何地|什么地方|哪个地方|位于|设在哪|地点|地址|什么位置|哪个位置|位置在/.test(q)) return 'where';
  return 'what';
}

/** Dates in a question: 8月6日, 2025年8月7日, 八月六日, 2025-08-07; 今天/昨天/前天 relative to `today`. */
export function findDates(q: string, today: string | null): DateMention[] {
  const out: DateMention[] = [];
  const s = q.normalize('NFKC');
  const full = /(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*[日号]?/g;
  let m: RegExpExecArray | null;
  const used: Array<[number, number]> = [];
  while ((m = full.exec(s))) {
    const iso = isoDate(+m[1], +m[2], +m[3]);
    if (iso) { out.push({ iso, month: +m[2], day: +m[3] }); used.push([m.index, m.index + m[0].length]); }
  }
  const md = /([\d〇零一二两三四五六七八九十]{1,3})\s*月\s*([\d〇零一二两三四五六七八九十]{1,3})\s*[日号]/g;
  while ((m = md.exec(s))) {
    if (used.some(([a, b]) => m!.index >= a && m!.index < b)) continue;
    const month = parseNumber(m[1]);
    const day = parseNumber(m[2]);
    if (month && day && month <= 12 && day <= 31) out.push({ iso: null, month, day });
    // 9月2日、3日 / 10月13日和14日: further days of the same month.
    const more = /^\s*(?:、|和|与|及|或)\s*([\d〇零一二两三四五六七八九十]{1,3})\s*[日号]/;
    for (let rest = s.slice(m.index + m[0].length), n = rest.match(more); month && n; rest = rest.slice(n[0].length), n = rest.match(more)) {
      const d = parseNumber(n[1]);
      if (d && d <= 31) out.push({ iso: null, month, day: d });
    }
  }
  if (today) {
    for (const [word, delta] of Object.entries(RELATIVE_DAYS)) {
      if (!s.includes(word)) continue;
      const iso = shiftDate(today, delta);
      out.push({ iso, month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) });
    }
  }
  return out;
}

/** Strips dates, question words and punctuation, leaving the words the answer must be about. */
function contentWords(searchForm: string): string[] {
  const cleaned = searchForm
    .replace(/\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]?/g, ' ')
    .replace(/[\d〇零一二两三四五六七八九十]{1,3}\s*月\s*[\d〇零一二两三四五六七八九十]{1,3}\s*[日号]/g, ' ')
    .replace(/今天|今日|昨天|昨日|前天/g, ' ')
    .replace(/哪一?年|哪一?天|哪个月|几月几日|几月份|何年|什么年代|哪个年代|几点钟?|几时|几号/g, ' ');
  const out = words(cleaned).map(trimFunctionChars).filter((w) => w && !QUESTION_WORDS.has(w) && !/^哪/.test(w));
  return [...new Set(out)];
}

const FUNCTION_EDGE_RE = /^[的在是了和与及把被对从]|[的在是了和与及把被对从]$/g;

/**
 * A particle glued to an unknown name by jieba's new-word guess (青龙渠是 → 青龙 + 渠是) is not content: 渠是 → 渠.
 * Words the dictionary knows (但是, 现在, 和平) are kept whole.
 */
function trimFunctionChars(word: string): string {
  if ([...word].length < 2 || dictionaryIdf(word) < DICTIONARY_IDF_CAP) return word;
  return word.replace(FUNCTION_EDGE_RE, '');
}

const INTERROGATIVE = /多少|几|哪些|哪里|哪儿|哪位|哪个|哪天|谁|什么|何时|何地/;

/** The content words adjacent to the interrogative, in the plain (non-search-mode) jieba cut. */
function focusWords(tokens: readonly string[], content: string[]): string[] {
  const out: string[] = [];
  tokens.forEach((t, i) => {
    if (!INTERROGATIVE.test(t)) return;
    for (const j of [i - 1, i - 2, i + 1, i + 2]) {
      const w = tokens[j];
      if (w && content.includes(w) && [...w].length >= 2) { out.push(w); break; }
    }
  });
  return [...new Set(out)];
}

/** Measure words and numbers between an interrogative and the noun it asks about (哪5户企业, 哪两份文件). */
const MEASURE_TOKEN_RE = /^(?:[\d两二三四五六七八九十几一]*(?:个|家|所|位|支|种|项|份|户|条|座|类|本|部|场|处|名|些|间|块|批)|[\d两二三四五六七八九十几一]+)$/;

/** The content words right after 哪支/哪家/什么/何种 (numbers and measure words skipped): the kind of thing asked for. */
function categoryWords(tokens: readonly string[], content: string[]): string[] {
  const out: string[] = [];
  tokens.forEach((t, i) => {
    if (!/^(哪|什么|何种|何)/.test(t)) return;
    let j = i + 1;
    while (tokens[j] && MEASURE_TOKEN_RE.test(tokens[j])) j++;
    // One noun, or two when the first only qualifies the second (食品企业, 公务活动); never a verb (企业获评).
    for (let k = j; k < j + 2 && tokens[k] && content.includes(tokens[k]) && (k === j || isNoun(tokens[k])); k++) out.push(tokens[k]);
  });
  return [...new Set(out)];
}

function doerVerbs(searchForm: string, focus: readonly string[]): string[] {
  return focus.filter((w) => new RegExp(`谁(?:先|曾|最早|最先|首先|将|会|能|又|还|一起)?${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(searchForm));
}

export interface AnalyzeOptions {
  /** Newest issue date in the archive, for 今天/昨天. */
  today?: string | null;
  /** Paper names in the archive. */
  papers?: string[];
}

/** Analyses a question once; every later stage reads this. */
export function analyzeQuery(question: string, options: AnalyzeOptions = {}): QueryAnalysis {
  const searchForm = toSearchForm(question);
  const papers = (options.papers ?? []).filter((p) => searchForm.includes(toSearchForm(p)));
  const content = contentWords(searchForm);
  const tokens = jiebaCut(searchForm);
  const focus = focusWords(tokens, content);
  // "作家某某" or "市长某某" describe someone the question names: those titles are not what it asks for.
  const named = new Set(findPersons(searchForm).map((p) => p.title ?? '').filter(Boolean));
  // A title is asked for only when the question asks who holds it (局长是谁, 哪位…副主任), not when it names an object.
  const titles = (searchForm.match(new RegExp(TITLE_RE.source, 'g')) ?? [])
    .filter((t) => (t !== '代表' || /人大代表|政协委员/.test(searchForm)) && ![...named].some((n) => n.endsWith(t)))
    .filter((t) => new RegExp(`${t}(?:分别|各自|各|现在|目前)?(是谁|叫什么|是哪位|姓什么|的名字)|(哪位|哪个|谁是|谁担任)[^，。？?]{0,14}${t}`).test(searchForm));
  const cities = (options.papers ?? []).map((paper) => ({ city: cityOfPaper(toSearchForm(paper)), paper })).filter((c) => c.city && searchForm.includes(c.city));
  const unit = /多少钱|花了多少|金额|投资多少|资金多少/.test(searchForm) ? '元' : searchForm.match(ASKED_UNIT_RE)?.[1]?.replace(/^个人$/, '人') ?? null;
  return {
    question,
    searchForm,
    focus,
    category: categoryWords(tokens, content),
    doers: doerVerbs(searchForm, focus),
    plural: /哪些|有哪|分别|各自|都有谁|有谁|[和与及、]/.test(searchForm),
    changeTo: /(提高|提升|增加|增长|上升|下降|降低|减少|降|增|扩大|缩短|压缩)(到|至)/.test(searchForm),
    type: detectType(searchForm),
    words: content,
    bigrams: bigrams(searchForm.replace(/[谁哪些什么多少几吗呢？?]/g, ' ')),
    dates: findDates(question, options.today ?? null),
    papers,
    titles: [...new Set(titles)],
    unit,
    persons: askedNames(searchForm).filter((n) => !cities.some((c) => n.startsWith(c.city) || c.city.startsWith(n))),
    cities,
    contrasts: [...new Set(searchForm.match(new RegExp(CONTRAST_RE.source, 'g')) ?? [])],
    superlative: SUPERLATIVE_RE.test(searchForm),
    verbs: ACTIVITY_VERBS.filter((v) => searchForm.includes(v)).sort((a, b) => searchForm.indexOf(a) - searchForm.indexOf(b)),
    count: itemCount(searchForm),
    predicate: whenPredicate(searchForm),
  };
}

/** Where a name may start in a question: its start, after punctuation or a date, or after a verb linking people. */
const NAME_START_RE = /(?:^|[^\p{Script=Han}]|日|陪同|会见|看望|慰问|接见|和|与|同|跟|给|让|是|记者|通讯员|作者)$/u;

/**
 * Names a question spells: after a title (主委某某), before one (某某局长), or at a word boundary before a verb or a
 * date (某某带队…, 某某9月3日…). Typed names may be misspelt; the answerer matches them to printed ones.
 * @example askedNames('王某某书记8月6日去了哪里？') // ['王某某'] (when 王某某 reads as a name)
 */
export function askedNames(searchForm: string): string[] {
  const out = new Set(findPersons(searchForm).map((p) => p.name));
  const chars = [...searchForm];
  for (let i = 0; i < chars.length; i++) {
    const at = chars.slice(0, i).join('').length;
    const before = searchForm.slice(0, at);
    const name = nameStartingAt(searchForm, at, { extraAfter: ['这', '当年', '那天', '最近', '此前', '今年', '去年', '主持召开', '书记', '局长', '市长', '写', '采写', '撰写', '署名'] });
    // 副主任到某地: a preposition after a title starts no name, whatever surname it could be.
    if (!name || /^[到在向从于为将把被给对与及]/.test(name)) continue;
    const after = searchForm.slice(at + name.length);
    if (NAME_START_RE.test(before) || new RegExp(`^(?:${TITLE_RE.source})`).test(after)) out.add(name);
  }
  return [...out];
}

const CN_COUNT: Record<string, number> = { 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** Items a list question expects: 哪两份 → 2, 哪5户 → 5, 三大特色产业 → 3. */
function itemCount(searchForm: string): number | null {
  const m = searchForm.match(/哪([两二三四五六七八九十]|\d+)[个份家户项所位名条处种类支只座场批大]|([两二三四五六七八九十]|\d+)大[\p{Script=Han}]{0,6}(?:是什么|有哪些|是哪些)/u);
  const n = m?.[1] ?? m?.[2];
  if (!n) return null;
  return /\d/.test(n) ? Number(n) : CN_COUNT[n] ?? null;
}

/** The event of a when-question: the words after its interrogative (什么时候开业接诊 → 开业接诊). */
function whenPredicate(searchForm: string): string {
  const m = searchForm.match(/(?:什么时候|何时|哪一?天|哪一?年|哪个月|几月几日|几月份|几号|什么时间)(?:起|开始)?([^？?。，,]*)/);
  return (m?.[1] ?? '').replace(/^(是|的|在|会|能|才|就|正式|将|要)+/, '').replace(/(的|了|呢|吗)+$/, '');
}
