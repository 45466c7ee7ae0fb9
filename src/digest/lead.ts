// The digest's one-line summary: an article's lead sentence, whole, as an editor would print it in the day's 要目.
import type { Article } from '../domain.js';
import { splitSentences } from '../text/sentences.js';
import { simplify } from '../text/search-form.js';
import { LEAD_RE } from '../text/newspaper-conventions.js';

/** How long a summary may be. */
export interface LeadOptions {
  /**
   * Longest lead sentence kept whole, in characters. Default 100: most leads of the seed and fixture pages are
   * 30–90 characters; longer ones are first stripped of a leading purpose clause (为…，8月6日，…), then cut after
   * the last whole clause that still reads as a sentence.
   */
  maxChars?: number;
  /** A lead shorter than this (春节临近，烟花爆竹燃放活动增多。) takes the next sentence too when both fit. Default 20. */
  shortChars?: number;
  /** A sentence longer than this with no clause boundary to cut at is cut with … (run-on OCR text). Default 160. */
  hardMaxChars?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Conventions of Chinese news leads, written in simplified script and matched against the simplified copy of a text
// (opencc keeps lengths, so a match's length cuts the printed text). The leads themselves are the shared table of
// src/text/newspaper-conventions.ts.

const DATE = String.raw`(?:\d{4}年)?\d{1,2}月\d{1,2}日`;
const NEWS_AGENCIES = '新华社|中新社|中新网|人民网|央视网|央广网|中国新闻网|光明网|新华网';
const REPORTER = '(?:本报|新华社)?(?:特约|见习|摄影)?(?:记者|通讯员|实习生)';

/**
 * What comes before the lead sentence, removed in turn from the start of the text: 本报讯, 本报3月12日讯,
 * 新华社北京8月6日电, a bracketed reporter line （记者 王丽）, 本报记者 陈晨 报道, a byline line, a date line,
 * a continuation note （上接第一版）, decorative bullets.
 */
const LEAD_FORMULAS: RegExp[] = [
  /^[■●◆★▲□○◇▶►]+/u,
  LEAD_RE,
  /^据本报讯/u,
  new RegExp(`^据?(?:${NEWS_AGENCIES})消息`, 'u'),
  /^[（(][^（()）\n]{0,40}?(?:记者|通讯员|实习生|特约|编辑|电|讯)[^（()）\n]{0,40}[)）]/u,
  new RegExp(String.raw`^${REPORTER}(?:[\s　]*[\p{Script=Han}·]{2,4}(?:[\s　、]+(?:${REPORTER})?[\s　]*[\p{Script=Han}·]{2,4}){0,4})[\s　]*报道`, 'u'),
  /^本报记者[\s　]+[\p{Script=Han}·、\s　]{2,20}?(?=\n)/u,
  new RegExp(String.raw`^${DATE}[^\n，。]{0,8}(?=\n)`, 'u'),
  /^[（(](?:上接|下转|接|转)第?[\p{Script=Han}\d]{1,3}版[)）]/u,
];

/** A photo credit at the end of a caption: 张泽慧摄, 本报通讯员 孙泰雁 摄, （新华社记者 李华 摄）. */
const PHOTO_CREDIT: RegExp[] = [
  new RegExp(
    String.raw`(?:^|(?<=[。！？!?”’」』）)\s　]))[\s　]*[（(]?[\s　]*(?:${REPORTER})?[\s　]*[\p{Script=Han}·]{2,4}` +
      String.raw`(?:[\s　、]+(?:${REPORTER})?[\s　]*[\p{Script=Han}·]{2,4}){0,3}[\s　]*[/／]?[\s　]*摄影?[\s　]*[)）]?[\s　]*$`,
    'u',
  ),
];

/** Opening and closing quotation marks (the ASCII " toggles). */
const OPEN_QUOTES = '“「『‘';
const CLOSE_QUOTES = '”」』’';

/** Characters no sentence starts with: the text begins mid-sentence (a fragment continued from another page). */
const FRAGMENT_START = /^[的地得了着过们和与及并而或之其于，、。；：,;:）)」』”’]/u;

/** Who said it, after a quoted remark: 市城管执法队法规科科长冯瑞微笑着解释道。 (simplified). */
const ATTRIBUTION = /^[^“”「」"]{2,32}(?:说|道|表示|介绍|称|感慨|坦言|告诉记者|笑着说)[。！]?$/u;

/** Clause separators at quote depth 0: comma, semicolon, and an ellipsis that ends a list of actions. */
const CLAUSE_SEPARATOR = /^(?:，|,|；|;|……|…)/u;

/**
 * Clauses after which a summary cannot stop (simplified script), because what they begin is only finished by the
 * next clause: a preposed adverbial (为…，按照…，通过…), a time alone (8月6日，), a speech verb (强调，),
 * a title before its name (市委常委、副市长，), a dangling function word, or the first half of a correlative pair.
 */
const ADVERBIAL_START = /^(?:为了?|按照|根据|随着|围绕|通过|在|对于?|针对|关于|面对|从|就|以|由|经|据|当|自|作为|结合|依托|借助|聚焦|立足|坚持|紧扣|紧盯|着眼|不仅|不但|虽然|尽管|如果|只有|只要|一方面|既|不是|说起|谈起|提起|谈到)/u;
const TIME_ONLY = new RegExp(
  String.raw`^(?:${DATE}(?:至\d{1,2}日)?(?:上午|下午|晚上?|凌晨|中午)?|近日|日前|昨天|昨日|今天|今日|目前|当前|近年来|今年以来|` +
    '连日来|近期|眼下|此前|去年以来|年初以来|当天|同日|随后|此外|同时|其中|据悉|据了解|记者了解到|新年伊始)$',
  'u',
);
const DANGLING_END = /(?:和|与|及|并|或|等|的|(?<![存所现实自])在|对|将|把|被|向|从|为|以|让|使|就|于|而|但|且|又|也|都|因为?|由于|是|要|了解到|获悉|表示|指出|强调|介绍|认为|要求|提出|称|说|(?:说|问|解释|夸赞|笑)道|希望)$/u;
const TITLE_END = /(?:书记|主任|部长|市长|县长|区长|局长|主席|委员|常委|经理|董事长|校长|院长|主委|会长|秘书长|总监|厅长|省长|队长|所长)$/u;

/** A leading clause may be dropped (with those up to it) when a clause starting like this follows it. */
const RESTART = new RegExp(`^(?:${DATE}|近日|日前|昨天|昨日|今天|今日|近年来|今年以来|连日来|近期|我市|我县|我区|我省|全市|全县|全区|全省|本市)`, 'u');
/** Leading clauses that only set the purpose or basis: 为深入贯彻…精神，按照…计划， (simplified). */
const PURPOSE_START = /^(?:为了?|按照|根据|围绕|结合|依托|聚焦|立足|作为)/u;

// ---------------------------------------------------------------------------------------------------------------

const chars = (s: string) => [...s].length;
/** Letters and digits of a text in simplified script: what two spellings of one headline share. */
const core = (s: string) => simplify(s.normalize('NFKC')).replace(/[^\p{L}\p{N}]/gu, '');

/** The text in simplified script, when that keeps its length (offsets then hold for the printed text). */
function simplifiedCopy(text: string): string {
  const s = simplify(text.normalize('NFKC'));
  return s.length === text.length ? s : simplify(text);
}

/** The text with the lead formulas (本报讯, datelines, reporter lines) removed from its start. */
export function stripLeadFormulas(text: string): string {
  let rest = text.replace(/^[\s　]+/u, '');
  // The simplified copy is made again only when the text changed (once per formula would convert a long text ten times).
  let copy = simplifiedCopy(rest);
  for (let changed = true; changed; ) {
    changed = false;
    for (const re of LEAD_FORMULAS) {
      const m = re.exec(copy);
      if (m && m[0].length > 0) {
        rest = rest.slice(m[0].length).replace(/^[\s　:：，,]+/u, '');
        copy = simplifiedCopy(rest);
        changed = true;
      }
    }
  }
  return rest;
}

/** The text without a photo credit at its end. */
export function stripPhotoCredit(text: string): string {
  let out = text.replace(/[\s　]+$/u, '');
  for (const re of PHOTO_CREDIT) {
    const m = re.exec(simplifiedCopy(out));
    if (m) out = out.slice(0, m.index);
  }
  return out;
}

interface Unit {
  text: string;
  /** The whole unit is a quoted remark: “……。” */
  quote: boolean;
}

/** True when the whole sentence is a quoted remark: its opening quote closes only at its end. */
function wholeQuote(sentence: string): boolean {
  const cs = [...sentence];
  if (!OPEN_QUOTES.includes(cs[0]) && cs[0] !== '"') return false;
  let depth = 0;
  for (let i = 0; i < cs.length; i++) {
    const ch = cs[i];
    if (OPEN_QUOTES.includes(ch)) depth++;
    else if (CLOSE_QUOTES.includes(ch)) depth--;
    else if (ch === '"') depth += depth > 0 && i > 0 ? -1 : 1;
    if (depth <= 0) return /^[。！？!?…]*$/u.test(cs.slice(i + 1).join(''));
  }
  return false;
}

/** Sentences, with a quotation that spans several sentences kept as one unit. */
function sentenceUnits(text: string): Unit[] {
  const units: Unit[] = [];
  let depth = 0;
  let current = '';
  for (const piece of splitSentences(text)) {
    for (const ch of piece.text) {
      if (OPEN_QUOTES.includes(ch)) depth++;
      else if (CLOSE_QUOTES.includes(ch)) depth = Math.max(0, depth - 1);
    }
    current += piece.text;
    // A quotation open at a sentence end goes on, unless the paragraph ends (an unclosed quote in OCR text).
    if (depth > 0 && !piece.text.endsWith('\n')) continue;
    const t = current.replace(/\s+/gu, (w) => (w.includes('\n') ? '' : ' ')).trim();
    if (t) units.push({ text: t, quote: wholeQuote(t) });
    current = '';
    depth = 0;
  }
  return units;
}

type Clause = { text: string; sep: string };

/** Clauses of a sentence at quote and bracket depth 0, each with the separator that ends it. */
function splitClauses(sentence: string): Clause[] {
  const out: Clause[] = [];
  let depth = 0;
  let current = '';
  const cs = [...sentence];
  for (let i = 0; i < cs.length; i++) {
    const ch = cs[i];
    if ('“「『‘（(《【'.includes(ch)) depth++;
    else if ('”」』’）)》】'.includes(ch)) depth = Math.max(0, depth - 1);
    const sep = depth === 0 ? CLAUSE_SEPARATOR.exec(cs.slice(i, i + 2).join(''))?.[0] : undefined;
    if (sep) {
      out.push({ text: current, sep });
      current = '';
      i += [...sep].length - 1;
      continue;
    }
    current += ch;
  }
  if (current) out.push({ text: current, sep: '' });
  return out;
}

/** Adverbs before a clause's first word (坚决按照…, 进一步围绕…): the clause starts like the word after them. */
const ADVERBS = /^(?:坚决|切实|全力|积极|持续|继续|进一步|更加|始终|努力|要|将|并|还|也|都|再)+/u;

/**
 * True when a summary may end after `clause`, the last of a prefix whose clauses other than times and purpose
 * clauses hold `contentChars` characters.
 */
function endsWell(clause: string, contentChars: number): boolean {
  const c = simplify(clause.trim()).replace(ADVERBS, '');
  if (!c || ADVERBIAL_START.test(c) || TIME_ONLY.test(c) || DANGLING_END.test(c) || TITLE_END.test(c)) return false;
  // Enough said besides times and purpose clauses.
  return contentChars >= 10;
}

/** Ends a clause-set summary as a sentence. */
function asSentence(text: string): string {
  const t = text.trim().replace(/[，,；;、：:…]+$/u, '');
  return /[。！？!?”」』]$/u.test(t) ? t : `${t}。`;
}

const joinClauses = (cl: Clause[]) => cl.map((c, i) => c.text + (i < cl.length - 1 ? c.sep : '')).join('');
const wholeOf = (cl: Clause[]) => (joinClauses(cl) + (cl.at(-1)?.sep ?? '')).trim();

/**
 * The sentence without a purpose or basis clause before the news (为深入贯彻…精神，8月6日，市人大常委会主任…;
 * 按照…计划，5月20日，…): the sentence starts again with a date or a subject, and an editor's 要目 starts there.
 */
export function dropPurposeClause(sentence: string): string {
  const clauses = splitClauses(sentence);
  if (!PURPOSE_START.test(simplify(clauses[0]?.text.trim() ?? ''))) return sentence;
  const restart = clauses.findIndex((c, i) => i > 0 && i <= 3 && RESTART.test(simplify(c.text.trim())));
  return restart > 0 ? wholeOf(clauses.slice(restart)) : sentence;
}

/**
 * A lead sentence too long for one digest line, shortened without cutting a clause: the longest run of whole clauses
 * within `max` that ends where a sentence can end. Without one, the whole sentence up to `hardMax`, then the first
 * such run; only a run-on text with no clause boundary at all is cut, with …
 */
function shorten(sentence: string, max: number, hardMax: number): string {
  const clauses = splitClauses(sentence);
  let best: string | null = null;
  let firstGood: string | null = null;
  // One pass, the prefix and its length kept as it grows (a run-on page line has tens of thousands of clauses).
  let prefix = '';
  let prefixChars = 0;
  let contentChars = 0;
  for (let k = 0; k < clauses.length - 1; k++) {
    if (k > 0) { prefix += clauses[k - 1].sep; prefixChars += chars(clauses[k - 1].sep); }
    prefix += clauses[k].text;
    prefixChars += chars(clauses[k].text);
    const plain = simplify(clauses[k].text.trim());
    if (!TIME_ONLY.test(plain) && !PURPOSE_START.test(plain)) contentChars += chars(clauses[k].text);
    // Past both limits no later prefix can be kept (the first good one only counts within hardMax).
    if (prefixChars >= max && (firstGood !== null || prefixChars > hardMax)) break;
    if (!endsWell(clauses[k].text, contentChars)) continue;
    firstGood ??= prefix;
    if (prefixChars < max) best = prefix;
  }
  if (best) return asSentence(best);
  const whole = wholeOf(clauses);
  if (chars(whole) <= hardMax) return whole;
  if (firstGood && chars(firstGood) <= hardMax) return asSentence(firstGood);
  return [...whole].slice(0, hardMax - 1).join('') + '…';
}

/**
 * The digest summary of an article: its lead sentence, whole, after the lead formulas (本报讯, 本报X月X日讯,
 * 新华社X地X月X日电, 本报记者 X 报道, a bracketed reporter line). Skipped: a first sentence that is a quoted remark
 * (and the "X said" after it), one that repeats the headline (photo captions), a couplet-like opener (大道如砥，
 * 行者无疆。), and the tail of a sentence begun on another page. A photo's caption loses its credit (张泽慧摄).
 * A lead over `maxChars` is shortened at a clause boundary and ends with 。; a short one takes the next sentence.
 * Returns '' when the article has nothing beyond its headline (a one-line caption that is the headline).
 * @example leadSentence(article) // '3月11日，市委书记张立新深入城东区、城西区调研城市更新项目建设工作。'
 */
export function leadSentence(article: Pick<Article, 'title' | 'text' | 'subtitle'>, options: LeadOptions = {}): string {
  const max = options.maxChars ?? 100;
  const short = options.shortChars ?? 20;
  const hardMax = options.hardMaxChars ?? 160;
  const units = sentenceUnits(stripLeadFormulas(stripPhotoCredit(article.text)));
  const heads = [article.title, article.subtitle ?? ''].map((h) => ({ core: core(h.replace(/(…|\.\.\.)$/u, '')), cut: /(…|\.\.\.)$/u.test(h) }));
  const repeatsHeadline = (u: Unit) => {
    const s = core(u.text);
    return s.length >= 4 && heads.some((h) => h.core.length >= 4 && (h.core.includes(s) || (s.startsWith(h.core) && (h.cut || s.length <= h.core.length + 2))));
  };
  const couplet = (u: Unit) => {
    const clauses = splitClauses(u.text.replace(/[。！？!?]+$/u, ''));
    return clauses.length >= 2 && clauses.every((c) => chars(core(c.text)) <= 6) && chars(core(u.text)) <= 14;
  };

  const usable: Unit[] = [];
  let afterQuote = false;
  // Only the first two usable sentences are read.
  for (let i = 0; i < units.length && usable.length < 2; i++) {
    const u = units[i];
    const skip =
      !/\p{Script=Han}/u.test(u.text) ||
      (i === 0 && FRAGMENT_START.test(u.text)) ||
      repeatsHeadline(u) ||
      u.quote ||
      (afterQuote && ATTRIBUTION.test(simplify(u.text))) ||
      (usable.length === 0 && i < units.length - 1 && couplet(u)) ||
      (!/[。！？!?”」』]$/u.test(u.text) && chars(u.text) < 8);
    afterQuote = u.quote;
    if (!skip) usable.push(u);
  }
  // Nothing but quotes: the first quote is the lead after all.
  const lead = usable[0] ?? units.find((u) => u.quote && !repeatsHeadline(u));
  if (!lead) return '';
  const text = dropPurposeClause(lead.text);
  if (chars(text) > max) return shorten(text, max, hardMax);
  const next = usable[1];
  if (lead === usable[0] && next && chars(text) < short && chars(text) + chars(next.text) <= max) return asSentence(`${asSentence(text)}${next.text}`);
  return asSentence(text);
}
