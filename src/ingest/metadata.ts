// Page metadata from front matter, manifest.json and the printed masthead, merged by precedence.
import { isoDate } from '../text/dates.js';
import type { PageMeta } from '../domain.js';

export const EMPTY_META: PageMeta = Object.freeze({
  paper: null, date: null, issue: null, page: null, pageName: null, pageCount: null,
});

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** Parses 3, ３, 三, 十二, 二十三 into a number; null when it is none of these. */
export function parseNumber(raw: string): number | null {
  const s = raw.normalize('NFKC').trim();
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[〇零一二两三四五六七八九十]+$/.test(s)) return null;
  if (!s.includes('十')) return Number([...s].map((c) => CN_DIGITS[c]).join(''));
  const [tens, ones] = s.split('十');
  return (tens ? CN_DIGITS[tens] : 1) * 10 + (ones ? CN_DIGITS[ones] : 0);
}

/** Accepts 2025-08-07, 2025/8/7, 2025.8.7, 2025年8月7日, 20250807. */
export function normaliseDate(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  const s = String(raw).normalize('NFKC').trim();
  let m = s.match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/);
  if (!m) m = s.match(/^(\d{4})(\d{2})(\d{2})$/);
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

function cleanString(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  const s = String(raw).normalize('NFC').trim().replace(/^["']|["']$/g, '');
  return s ? s : null;
}

function cleanNumberString(raw: unknown): string | null {
  const s = cleanString(raw);
  if (!s) return null;
  const m = s.normalize('NFKC').match(/^第?\s*([\d〇零一二两三四五六七八九十]+)\s*[期版]?$/);
  if (!m) return null;
  const n = parseNumber(m[1]);
  return n === null ? null : String(n);
}

/** Reads the fields we know from a loose record (front matter or a manifest entry). */
export function metaFromRecord(record: Record<string, unknown> | undefined | null): Partial<PageMeta> {
  if (!record) return {};
  const out: Partial<PageMeta> = {};
  const paper = cleanString(record.paper ?? record.newspaper);
  if (paper) out.paper = paper;
  const date = normaliseDate(record.date);
  if (date) out.date = date;
  const issue = cleanNumberString(record.issue);
  if (issue) out.issue = issue;
  // Pages are numbers (3, 第三版) or section pages (A12, B3).
  const pageRaw = cleanString(record.page)?.normalize('NFKC').trim();
  const page = pageRaw && /^[A-Za-z]\d{1,3}$/.test(pageRaw) ? pageRaw.toUpperCase() : cleanNumberString(record.page);
  if (page) out.page = page;
  const pageName = cleanString(record.page_name ?? record.pageName);
  if (pageName) out.pageName = pageName;
  const count = cleanNumberString(record.page_count ?? record.pageCount ?? record.pages);
  if (count) out.pageCount = Number(count);
  return out;
}

export interface FrontMatter {
  fields: Record<string, string | string[]>;
  /** Offset in the text where the page body starts. */
  bodyStart: number;
  /** Why the front matter at the top was ignored (never closed, or a value that does not parse); absent when fine. */
  warning?: string;
}

/** A `---` line opening or closing front matter. */
const FENCE_RE = /^---[ \t]*$/;
/** `key: value` (YAML keys may be any word; only the known ones are read). */
const KEY_LINE_RE = /^\s*([\p{L}_][\p{L}\p{N}_-]*)\s*:(.*)$/u;
/** Lines that may sit inside front matter besides `key: value`: blanks, comments, list items, indented values. */
const OTHER_FRONT_LINE_RE = /^(?:\s*|\s*#.*|\s*-\s.*|\s*-|\s+\S.*)$/;
/** Field names the reader keeps (as before: ASCII word keys, lower-cased). */
const FIELD_NAME_RE = /^[A-Za-z_][\w-]*$/;

/**
 * One front-matter value, strictly: a plain scalar, a quoted string closed on its line, or a flow list `[a, b]`.
 * Returns an error string for what YAML would refuse (an unclosed quote or bracket).
 */
function readValue(raw: string): { value: string | string[] | null } | { error: string } {
  let v = raw.trim();
  if (!v || v.startsWith('#')) return { value: null };
  const quote = v[0];
  if (quote === '"' || quote === "'") {
    const close = v.indexOf(quote, 1);
    if (close < 0) return { error: `the quote ${quote} is never closed` };
    const rest = v.slice(close + 1).trim();
    if (rest && !rest.startsWith('#')) return { error: `text after the closing quote: ${rest}` };
    return { value: v.slice(1, close) };
  }
  v = v.replace(/\s+#.*$/, '');
  if (v.startsWith('[') || v.startsWith('{')) {
    const close = v[0] === '[' ? ']' : '}';
    if (!v.endsWith(close)) return { error: `the bracket ${v[0]} is never closed` };
    const inner = v.slice(1, -1);
    if (/[[\]{}]/.test(inner)) return { error: 'nested lists or maps are not read here' };
    if (close === '}') return { value: v };
    const items = inner.split(',').map((x) => x.trim().replace(/^(["'])(.*)\1$/, '$2')).filter((x) => x !== '');
    return { value: items };
  }
  if (/^[|>]/.test(v)) return { value: null };
  return { value: v.replace(/^["']|["']$/g, '') };
}

/**
 * YAML-style front matter between `---` lines at the very top: flat `key: value` pairs, quoted strings and `[a, b]`
 * lists. Front matter that is never closed, or holds a value YAML would refuse (`paper: [unclosed`), is ignored with a
 * warning rather than read literally; its lines are still kept out of the page body. A `---` at the top that is not
 * followed by `key: value` lines is a Markdown rule, not front matter.
 */
export function parseFrontMatter(text: string): FrontMatter {
  const open = text.match(/^\uFEFF?---[ \t]*\r?\n/);
  if (!open) return { fields: {}, bodyStart: 0 };
  const re = /([^\n]*)(\n|$)/g;
  re.lastIndex = open[0].length;
  const lines: string[] = [];
  let keyLines = 0;
  let closedAt = -1;
  /** End of the last line that is surely front matter (a key or a value): unclosed, the body starts after it. */
  let lastValueEnd = 0;
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text))) {
    const line = m[1].replace(/\r$/, '');
    if (FENCE_RE.test(line)) { closedAt = re.lastIndex; break; }
    if (KEY_LINE_RE.test(line)) keyLines++;
    else if (!OTHER_FRONT_LINE_RE.test(line)) break;
    // Blank and `#` lines may as well be the page's own (a Markdown headline): they go back to the body if unclosed.
    if (line.trim() && !line.trimStart().startsWith('#')) lastValueEnd = re.lastIndex;
    lines.push(line);
    if (m[0].length === 0) break;
  }
  if (closedAt < 0) {
    // A rule at the top of a Markdown page, not front matter.
    if (keyLines === 0) return { fields: {}, bodyStart: 0 };
    return { fields: {}, bodyStart: lastValueEnd, warning: 'front matter ignored: it is opened by --- but not closed by a --- line before the page text' };
  }
  const fields: Record<string, string | string[]> = {};
  for (const line of lines) {
    const kv = line.match(KEY_LINE_RE);
    if (!kv) continue;
    const read = readValue(kv[2] ?? '');
    if ('error' in read) {
      return { fields: {}, bodyStart: closedAt, warning: `front matter ignored: ${kv[1]}: ${read.error}` };
    }
    if (read.value !== null && FIELD_NAME_RE.test(kv[1])) fields[kv[1].toLowerCase()] = read.value;
  }
  return { fields, bodyStart: closedAt };
}

export interface Masthead {
  meta: Partial<PageMeta>;
  /** Offset where the masthead block ends (articles start after it). */
  end: number;
}

const PAPER_NAME = String.raw`[\p{Script=Han}]{2,10}(?:日报|日報|晚报|晚報|报|報)`;
const PAPER_RE = new RegExp(String.raw`^(?:#+\s*)?(${PAPER_NAME})\s*$`, 'u');
/** A paper name opening a line that goes on with other masthead facts (長治日報 2025年3月20日 第12001期). */
const PAPER_PREFIX_RE = new RegExp(String.raw`^(?:#+\s*)?(${PAPER_NAME})(?=[\s·|｜])`, 'u');
const PAGE_RE = /第([\d〇零一二两三四五六七八九十]{1,3})版(?![^\s]*[)）])/;
/** A running head's date with its weekday: 2025年7月16日 星期三. */
const RUNNING_HEAD_RE = /(?:\d{4}|(?:中华民国|中華民國|民国|民國)\s*\d{2,3})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*星期[一二三四五六日天]/;
/** A date in the calendar of the Republic of China (中華民國113年9月27日 is 2024-09-27). */
const ROC_DATE_RE = /(?:中华民国|中華民國|民国|民國)(\d{2,3})年(\d{1,2})月(\d{1,2})日/;
/** A page printed first or last in a running head beside a date: A04　都市新闻　…2024年11月6日 / 2023年4月18日　B03. */
const EDGE_PAGE_RE = /^([A-Za-z]\d{1,2})\s+\S.*日|日\s+([A-Za-z]\d{1,2})$/;
/** The paper's name between spaces inside a running head. */
const PAPER_INLINE_RE = new RegExp(String.raw`(?:^|\s)(${PAPER_NAME})(?=\s|$)`, 'u');
/** The page printed bare after the weekday in a running head: 星期二 5 评论 / 星期三 A5 城事. */
const BARE_PAGE_RE = /星期[一二三四五六日天]\s+([A-Za-z]?\d{1,3})(?=\s|$)/;
/** A registration line (准印证号, 刊号, 邮发代号 …): its 第N号 is a licence number, never the issue. */
const REGISTRATION_RE = /准印证|准印證|刊号|刊號|出版物号|出版物號|登记证|登記證|邮发代号|郵發代號|许可证|許可證|^(CN|ISSN)\s*\d/;
const MINOR_FACT_RE = /星期[一二三四五六日天]|^(CN|ISSN)\s*\d|国内统一连续出版物号|國內統一連續出版物號|机关报|機關報|主办|主辦|出版$|发行$|發行$|农历|農曆|[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年|^(本版)?(责编|責編|责任编辑|責任編輯|编辑|編輯|美编|美編|校对|校對|版式|组版|組版)\s*[:：]/;

/**
 * Recognises a printed masthead or running header at the top of a page: paper name, the date (2025年8月 / 7 /
 * 星期四 on separate lines, or 2025年8月7日, or 2025-08-07), 第12345期 (or 号), 今日4版, 第3版 要闻, on separate
 * lines or one. A masthead without a 第N版 is page 1. Returns null with fewer than two of paper/date/issue/page facts.
 */
export function parseMasthead(text: string, from = 0): Masthead | null {
  const head = text.slice(from, from + 1500);
  const lines: Array<{ s: string; start: number; end: number }> = [];
  const re = /[^\n]*(\n|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(head)) && m[0].length > 0) {
    lines.push({ s: m[0].replace(/\s+$/, ''), start: from + m.index, end: from + m.index + m[0].length });
    if (lines.length > 60) break;
  }
  const meta: Partial<PageMeta> = {};
  let minor = 0;
  let lastFactEnd = -1;
  let yearMonth: { y: number; mo: number } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].s.normalize('NFKC').trim();
    if (!raw) continue;
    // A long prose line, or one with clauses, means the articles have started.
    if (raw.length > 60 || /[。！？，,；;]/.test(raw)) break;
    const compact = raw.replace(/\s+/g, '');
    let hit = false;
    let other = raw;
    // A running head may name the paper anywhere on its line: 2021年6月22日 星期二 某某日报 第11版.
    // 茆　埭　报: a masthead name spaced out across the page.
    const spaced = /^\p{Script=Han}(?:\s+\p{Script=Han}){1,9}$/u.test(raw) ? compact : null;
    const paper = (spaced ? spaced.match(PAPER_RE) : null) ?? raw.match(PAPER_RE) ?? raw.match(PAPER_PREFIX_RE) ?? (RUNNING_HEAD_RE.test(raw) ? raw.match(PAPER_INLINE_RE) : null);
    if (paper && !meta.paper) { meta.paper = paper[1]; hit = true; other = raw.slice(paper[0].length); }
    const roc = compact.match(ROC_DATE_RE);
    const full = roc ? ([roc[0], String(+roc[1] + 1911), roc[2], roc[3]] as const) :
      compact.match(/(\d{4})年(\d{1,2})月(\d{1,2})日/) ?? compact.match(/(?:^|[^\d])(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?![\d])/);
    if (full && !meta.date) {
      meta.date = isoDate(+full[1], +full[2], +full[3]) ?? undefined;
      if (meta.date) hit = true;
    } else {
      const ym = compact.match(/^(\d{4})年(\d{1,2})月$/);
      if (ym) { yearMonth = { y: +ym[1], mo: +ym[2] }; hit = true; }
      else if (yearMonth && !meta.date && /^\d{1,2}(日)?$/.test(compact)) {
        meta.date = isoDate(yearMonth.y, yearMonth.mo, parseInt(compact, 10)) ?? undefined;
        if (meta.date) hit = true;
      }
    }
    const registration = REGISTRATION_RE.test(compact);
    if (registration) { hit = true; minor++; }
    const issue = registration ? null : compact.match(/第([\d〇零一二两三四五六七八九十百千]+)[期号號]/);
    const issueNumber = issue ? parseNumber(issue[1]) : null;
    if (issueNumber !== null && issueNumber > 0 && !meta.issue) { meta.issue = String(issueNumber); hit = true; }
    const count = compact.match(/(?:今日|本期|共)(\d+)版/);
    if (count && !meta.pageCount) { meta.pageCount = Number(count[1]); hit = true; }
    const edge = raw.match(EDGE_PAGE_RE);
    if (edge && !meta.page && !compact.match(PAGE_RE)) { meta.page = (edge[1] ?? edge[2]).toUpperCase(); hit = true; }
    const bare = raw.match(BARE_PAGE_RE);
    if (bare && !meta.page && !compact.match(PAGE_RE)) { meta.page = bare[1].toUpperCase().replace(/^0+(?=\d)/, ''); hit = true; }
    const page = compact.match(PAGE_RE);
    if (page && !meta.page && !/(?:今日|本期|共)$/.test(compact.slice(0, page.index))) {
      const n = parseNumber(page[1]);
      if (n !== null && n > 0) {
        meta.page = String(n);
        hit = true;
        // 第3版 要闻: the page's name follows its number.
        const name = raw.match(/第\s*[\d〇零一二两三四五六七八九十]{1,3}\s*版[·|｜:：\s]*([\p{Script=Han}]{2,6})(?=\s|$)/u);
        if (name && !meta.pageName) meta.pageName = name[1];
      }
    }
    if (MINOR_FACT_RE.test(raw) || MINOR_FACT_RE.test(other.trim())) { hit = true; minor++; }
    if (hit) lastFactEnd = lines[i].end;
  }
  const strong = (meta.date ? 1 : 0) + (meta.issue ? 1 : 0) + (meta.pageCount ? 1 : 0) + (meta.paper ? 1 : 0) + (meta.page ? 1 : 0);
  if (strong < 2 || strong + minor < 3) return null;
  // Absorb short trailing masthead lines (e.g. a QR-code label) up to the first heading or prose.
  let end = lastFactEnd;
  for (const line of lines) {
    if (line.start < lastFactEnd) continue;
    const raw = line.s.trim();
    if (!raw) { end = line.end; continue; }
    if (raw.startsWith('#') || raw.length > 12 || /[。，,！？]/.test(raw)) break;
    if (/公众号|公眾號|二维码|二維碼|扫码|掃碼|客户端|客戶端|网址|網址|www\./i.test(raw)) { end = line.end; continue; }
    break;
  }
  meta.page = meta.page ?? '1';
  return { meta, end };
}

/** Merges metadata sources; earlier arguments win (front matter > manifest > text). */
export function mergeMeta(...sources: Array<Partial<PageMeta>>): PageMeta {
  const out: PageMeta = { ...EMPTY_META };
  for (const key of Object.keys(out) as Array<keyof PageMeta>) {
    for (const src of sources) {
      const v = src[key];
      if (v !== undefined && v !== null && v !== '') {
        (out as unknown as Record<string, unknown>)[key] = v;
        break;
      }
    }
  }
  return out;
}
