// What one line of a page is, by its own shape: the table of line conventions the segmenter reads first.
import { NO_BUDGET, type Budget } from './budget.js';
import { toSearchForm } from '../text/search-form.js';
import { isCommonWord } from '../text/persons.js';
import {
  BRIEF_LABEL_RE, BYLINE_ROLES, CAPTION_CREDIT_RE, COLUMN_SUFFIX_RE, CONTINUATION_RE, DATELINE_RE, EDITORIAL_RE,
  DATE_START_RE, DOCUMENT_NUMBER_RE, FURNITURE_PATTERNS, LEAD_RE, ORGANISATION_END_RE, HEADLINE_COLUMN_RE, NOTICE_TITLE_RE, SIGN_OFF_RE, isBylineLine, isNameListLine, isTableRow, isNamesLine, isSpeakerLine,
} from '../text/newspaper-conventions.js';

export type LineKind =
  | 'heading' // markdown heading or a short unpunctuated line: headline, kicker, subtitle, label, cross-head
  | 'soft' // a short clause with commas and no full stop: a kicker or subtitle, or a piece of a broken paragraph
  | 'byline' // 本报记者 某某 / 新华社记者 某某 / 本报评论员 / a speaker line under a speech headline
  | 'dateline' // （一九九七年十二月三十一日） under a speech or document headline
  | 'credit' // 本报记者 某某 摄 on its own line, under the caption it belongs to
  | 'continued-from' // （上接第一版）
  | 'continued-to' // （下转第三版）
  | 'closing-note' // （转自8月11日《某某日报》） / 市委宣传部 宣
  | 'furniture' // 本版责编：某某 / （除署名外均据新华社） / running heads — not article text
  | 'body';

/** A non-empty line of the page with its offsets in the original file text. */
export interface Line {
  raw: string;
  /** Search form (NFKC, simplified, lower case), trimmed: what conventions are matched against. */
  s: string;
  start: number;
  end: number;
  /** Markdown heading level (0: none). */
  md: number;
  kind: LineKind;
  /** For bylines: printed as a speaker line (an office and a name) rather than a reporter's byline. */
  speaker?: boolean;
  /** Offsets in `raw` where a line broken at the wrap width was joined to the next. */
  joins?: number[];
}

export function visibleLength(s: string): number {
  return s.replace(/\s+/g, '').length;
}

export function stripHashes(s: string): string {
  return s.replace(/^#{1,6}\s*/, '').trim();
}

const TERMINAL = /[。！？!?…；;：:]$/;
const CLOSERS = /[”’」』）)》\]\s]+$/;

/** True when a paragraph ends a sentence (so a following line does not continue it). */
export function isTerminated(text: string): boolean {
  const n = text.normalize('NFKC').trim();
  return TERMINAL.test(n.replace(CLOSERS, '').trim() || '。') || /[。！？!?][”’」』）)]+$/.test(n);
}

export function isSubtitle(text: string): boolean {
  return /^(——|--|―|－－|—)/.test(stripHashes(text).normalize('NFKC'));
}

/** A numbered item: １、… / 2. … / 一、… is a section heading instead, see the segmenter. */
export function isNumbered(s: string): boolean {
  return /^\s*\d{1,2}\s*[、.．]\s*\S/.test(s.normalize('NFKC'));
}

/**
 * A column label (政务动态, 潞泉视点, ZHENGWUDONGTAI, 人民论坛). `strict`: only names that read as a column
 * (a column word at the end, an editorial word, capitals), not any short heading.
 */
export function isColumnLabel(text: string, options: { strict?: boolean } = {}): boolean {
  const s = toSearchForm(stripHashes(text)).trim();
  // ZHENGWUDONGTAI: a column's name in pinyin capitals (not a mixed-case name such as Apple Lossless).
  if (/^[A-Z][A-Z\s]{5,}$/.test(stripHashes(text).normalize('NFKC').trim())) return true;
  // 【社区公告栏】: a bracketed label over the items under it.
  if (!options.strict && /^[【[「『][^】\]」』]{2,10}[】\]」』]$/.test(s)) return true;
  // 公告·启事, 天下·图片: a section head over a run of items.
  if (/^\p{Script=Han}{2,4}\s*·\s*\p{Script=Han}{2,4}$/u.test(s)) return true;
  if (NOTICE_TITLE_RE.test(s)) return false;
  if (BRIEF_LABEL_RE.test(s)) return true;
  const len = visibleLength(s);
  if (!options.strict && len <= 5 && !/\s/.test(s) && !isNamesLine(s) && !SUBJECT_END_RE.test(s)) return true;
  return len <= 10 && (COLUMN_SUFFIX_RE.test(s) || (options.strict === true && EDITORIAL_RE.test(s))) && !/\s/.test(s);
}

/** The opening of a caption: 上图：… / 左图：… / 图①：… / 图为…. */
const CAPTION_LEAD_RE = /^(?:[上下左右中]?图\s*[①-⑩\d]*\s*[：:]|图为)/u;

/** Ends of a subject printed on a line of its own: an organisation, place or work (东陵新区 / 打造…基地). */
export const SUBJECT_END_RE = new RegExp(`(?:${ORGANISATION_END_RE.source.slice(1, -2)}|大桥|桥|快速路|公路|铁路|隧道|工程|项目|机场|码头|景区)$`);

/** A photo caption with its credit on the same line: …本报记者 某某摄 / １、锣鼓喧天庆丰收（张某摄）. */
export function isCaptionLine(line: Line): boolean {
  const s = line.s;
  if (CAPTION_LEAD_RE.test(s) && visibleLength(s) <= 300) return true;
  return CAPTION_CREDIT_RE.test(s) && visibleLength(s) <= 400 && visibleLength(s) >= 8 &&
    !/^(本报讯|本报消息|新华社)/.test(s) && !/^[（(]?[^，。]{0,20}(摄|发|供图)\s*[)）]?$/.test(s);
}

const NOTICE_FIELD_RE = /^(联系电话|电话|联系人|联系方式|地址|通讯地址|邮编|邮政编码|传真|邮箱|电子邮箱|网址|热线|咨询电话|报名电话|投稿邮箱|开户行|账号|时间|地点|主讲人|报告人|主持人|嘉宾|主办|承办|\p{Script=Han}{0,6}(?:招标人|代理机构|采购人|建设单位|发布单位|主办单位|承办单位|报名时间|报名地点|截止时间))\s*[：:]/u;

const BYLINE_ROLE_RE = new RegExp(`^(?:${BYLINE_ROLES.join('|')})`, 'u');
const FURNITURE_LEN = 60;

/** One line convention: its name, what kind of line it marks, and the test on the line's search form. */
export interface LineConvention {
  name: string;
  kind: LineKind;
  /** `s` is the search form of the line, `len` its length without spaces, `md` its markdown heading level. */
  test: (s: string, len: number, md: number) => boolean;
}

/** One byline role, a space, and two or three characters (记者 郁晗舟, 通讯员 仉云飞). */
const ROLE_SPACE_NAME_RE = new RegExp(`${BYLINE_ROLE_RE.source}\\s+(\\p{Script=Han}{2,3})$`, 'u');

/** A byline whose name has a surname the surname table lacks: not a word of the language, so a name. */
function isUnlistedNameByline(s: string): boolean {
  const m = s.match(ROLE_SPACE_NAME_RE);
  return !!m && !isCommonWord(m[1]);
}

/**
 * The line conventions, in the order they are tried; the first that fits labels the line. Everything else is body.
 * Each is seen in real pages; the examples are invented.
 */
export const LINE_CONVENTIONS: readonly LineConvention[] = [
  // ## 标题 — a markdown heading, whatever it says.
  { name: 'markdown heading', kind: 'heading', test: (_s, _len, md) => md > 0 },
  // （上接第一版） alone on its line.
  {
    name: 'continued from', kind: 'continued-from',
    test: (s, len) => { const m = s.match(CONTINUATION_RE); return !!m && len <= visibleLength(m[0]) + 1 && /上接|接上|续/.test(m[1]); },
  },
  // （下转第三版） alone on its line.
  {
    name: 'continued on', kind: 'continued-to',
    test: (s, len) => { const m = s.match(CONTINUATION_RE); return !!m && len <= visibleLength(m[0]) + 1; },
  },
  // 本版责编：某某 美编：某某 / （除署名外均据新华社） / （本系列评论到此结束） / a running head.
  { name: 'page furniture', kind: 'furniture', test: (s, len) => len <= FURNITURE_LEN && FURNITURE_PATTERNS.some((re) => re.test(s)) },
  // （转自8月11日《某某日报》） / （作者为某大学教授）.
  { name: 'source or author note', kind: 'closing-note', test: (s) => /^[（(](转自|来源|原载|作者为|作者系|作者单位)/.test(s) && /[)）]$/.test(s) },
  // 市委宣传部 宣 — a public-service notice's credit.
  { name: 'publicity credit', kind: 'closing-note', test: (s, len) => len <= 30 && /\s宣$/.test(s) },
  // 本报记者 某某 摄 / （新华社记者 某某摄） — a credit under a caption, nothing else on the line.
  {
    name: 'photo credit', kind: 'credit',
    test: (s, len) => len <= 30 && !/[。，,、]/.test(s) &&
      ((/摄\s*[)）]?$/.test(s) && isCreditNames(s.replace(/^[（(]/, '').replace(/\s*摄\s*[)）]?$/, ''))) ||
        /^[（(]?(新华社发|新华社供图|中新社发|资料图片|资料照片|\p{Script=Han}{2,10}供图)[)）]?$/u.test(s)),
  },
  // 联系电话：0000-1234567 / 地址：某某路8号 — a field of a notice: text.
  { name: 'notice field', kind: 'body', test: (s) => NOTICE_FIELD_RE.test(s) },
  // 某某局 2019年4月16日 / 2019年4月16日 — the sign-off that ends a notice or letter.
  { name: 'sign-off', kind: 'closing-note', test: (s, len) => len <= 40 && SIGN_OFF_RE.test(s) },
  // 青自然资告〔2019〕7号 — a document number under a notice's headline: part of the head.
  { name: 'document number', kind: 'dateline', test: (s, len) => len <= 30 && DOCUMENT_NUMBER_RE.test(s) },
  // （一九九七年十二月三十一日）.
  { name: 'dateline', kind: 'dateline', test: (s, len) => len <= 24 && DATELINE_RE.test(s) },
  // 本报记者 某某 某某 / 本报驻某地记者 某某 / 新华社记者 某某 / 本报评论员 / 某某/文 某某/图.
  { name: 'byline', kind: 'byline', test: (s) => isBylineLine(s) },
  // 记者 某某 with a surname the table lacks: one role, a space, and a name no dictionary knows as a word.
  { name: 'byline of an unlisted surname', kind: 'byline', test: (s) => isUnlistedNameByline(s) },
  // 中共中央总书记、国家主席 某某 — the speaker under a speech headline.
  { name: 'speaker', kind: 'byline', test: (s) => isSpeakerLine(s) },
  // 本报讯（通讯员 某某）6月21日至… — a lead line, even broken before its full stop, is text.
  { name: 'lead line', kind: 'body', test: (s) => LEAD_RE.test(s) && /[，,。]/.test(s) },
  // 车站多一把伞，城市多一分温度【快评】 — a headline with commas, marked by its bracketed column name.
  {
    name: 'headline with a column name', kind: 'heading',
    test: (s, len) => len <= 40 && !/[。！？!?；;]/.test(s) && HEADLINE_COLUMN_RE.test(s) && /[（(【[]\s*\p{Script=Han}+\s*[)）】\]]$/u.test(s) &&
      COLUMN_SUFFIX_RE.test(s.replace(/\s*[)）】\]]$/, '')),
  },
  // ——记某某 / ——在某会议上的讲话: a subtitle, even with commas.
  { name: 'subtitle', kind: 'heading', test: (s, len) => len <= 80 && isSubtitle(s) && !/[。！？]$/.test(s) },
  // 第一名　某某队　26场　56分 / 上证指数　3218.64点　+1.26% — a row of a table or data box: text.
  { name: 'table row', kind: 'body', test: (s, len) => len <= 60 && isTableRow(s) },
  // 某某（某镇某村） 某某（某县第一中学） — a line of an honour roll or 公示: text.
  { name: 'list of names', kind: 'body', test: (s) => isNameListLine(s) },
  // ■ 白沙湾的风筝季 — a bulleted heading.
  { name: 'bulleted heading', kind: 'heading', test: (s, len) => len <= 41 && /^[■●▲◆★◎□▌]\s*\S/.test(s) && !/[。；;]/.test(s) },
  // 老菜场换了新模样，买菜还能顺手办事？ / 高温橙色预警！今明两天最高气温39℃ — a headline that asks or exclaims
  // (evening papers): short, one or two ？！, a comma only before a final ？！, never a quoted remark.
  {
    name: 'asking headline', kind: 'heading',
    test: (s, len) => {
      s = s.replace(HEADLINE_COLUMN_RE, '');
      len = visibleLength(s);
      const marks = (s.match(/[？！?!]/g) ?? []).length;
      // A quoted remark is no headline; a quoted word opening one is (“烤”验来了！).
      const remark = /^[(（]/.test(s) || /^[“"「『‘][^”"」』’]{7,}/.test(s) || /^[“"「『‘].*[”"」』’][！？!?]?$/.test(s);
      return len >= 6 && len <= 32 && marks >= 1 && marks <= 2 && !/[。；;]/.test(s) && !remark && !/^(我|你|您|他|她|咱|请问|记者问)/.test(s) &&
        (/[？！?!][”’」』]?$/.test(s) || !/[，,、]/.test(s));
    },
  },
  // A short line without sentence punctuation: a headline, kicker, label, cross-head, or a bare name.
  {
    name: 'headline-shaped line', kind: 'heading',
    test: (s, len) => len <= 40 && !/[。！？!?；;，,]/.test(s) && !/[：:、]$/.test(s) && !(len > 30 && /[：:]/.test(s)) &&
      !/^\d+\s*[.、．]/.test(s) && !/^[（(]/.test(s),
  },
  // 今天：多云，东风3级 / 12月2日（周一） 阴有雨 — a field of a box (weather, timetable): text.
  { name: 'box field', kind: 'body', test: (s, len) => len <= 50 && /[，,]/.test(s) && (/^\p{Script=Han}{1,3}[：:]/u.test(s) || DATE_START_RE.test(s)) && !/[。！？]/.test(s) },
  // A short clause with commas and no full stop: 坚持稳中求进，推动高质量发展 (a kicker), or a broken paragraph.
  { name: 'soft clause', kind: 'soft', test: (s, len) => len <= 50 && /[，,、：:]/.test(s) && !/[。！？!?；;]/.test(s) && !/[，,、：:]$/.test(s) && !/^[（(]/.test(s) },
];

/** Names in a credit or byline: 某某 / 本报记者 某某 某某 / 新华社记者 某某. */
function isCreditNames(s: string): boolean {
  const rest = s.replace(BYLINE_ROLE_RE, '').trim();
  return rest.length > 0 && isNamesLine(rest.replace(/[/·]/g, ' '));
}

/** Labels one line by the first convention that fits. */
export function classifyLine(line: Pick<Line, 's' | 'md'> & { speaker?: boolean }): LineKind {
  const len = visibleLength(line.s);
  for (const c of LINE_CONVENTIONS) {
    if (c.test(line.s, len, line.md)) {
      if (c.name === 'speaker') line.speaker = true;
      return c.kind;
    }
  }
  return 'body';
}

/**
 * Labels every line, then reads one convention that needs the next line: a short line that does not end a sentence,
 * right over a lead (本报讯…, 【某某日报讯】), is that story's headline whatever its punctuation.
 */
export function classifyLines(lines: Line[], budget: Budget = NO_BUDGET): void {
  for (const line of lines) { budget.check('classifying lines'); line.kind = classifyLine(line); }
  for (let i = 0; i + 1 < lines.length; i++) {
    const l = lines[i];
    const next = lines[i + 1];
    // 后天　多云　26℃～34℃ under 今天　晴　南风3级　27℃～36℃: the last row of a box or table, though it has one figure.
    if (l.kind === 'heading' && i > 0 && lines[i - 1].kind === 'body' && isTableRow(lines[i - 1].s) && /\d/.test(l.s) && l.s.trim().split(/\s+/).length >= 2) { l.kind = 'body'; continue; }
    // 闻某某： / 把灯点在大山最深处 — a name and a colon over the rest of a headline.
    if (l.kind === 'body' && next.kind === 'heading' && visibleLength(l.s) <= 8 && /^\p{Script=Han}{2,6}[：:]$/u.test(l.s)) { l.kind = 'heading'; continue; }
    if ((l.kind === 'body' || l.kind === 'soft') && next.kind === 'body' && LEAD_RE.test(next.s) && !LEAD_RE.test(l.s) &&
        visibleLength(l.s) <= 40 && !/[。；;：:，,]$/.test(l.s) && !/[。]/.test(l.s) && !/^[“"「『‘(（]/.test(l.s) && !isCaptionLine(l)) l.kind = 'heading';
  }
}

/** Fewest lines that must share one length for the page to read as hard-wrapped at that width. */
const MIN_WRAPPED_LINES = 5;
/** Shortest line that counts when the wrap width is looked for (headlines and bylines are shorter). */
const MIN_WRAP_WIDTH = 12;

/**
 * The width a page's text was hard-wrapped at (a PDF column or e-paper export breaks every line at the column's width,
 * mid-word or mid-number), or null when it was not: the length most long lines share, when at least half of them are
 * that long or a little longer (a line with half-width digits holds more characters).
 */
export function wrapWidth(lengths: readonly number[]): number | null {
  const long = lengths.filter((n) => n >= MIN_WRAP_WIDTH);
  const counts = new Map<number, number>();
  for (const n of long) counts.set(n, (counts.get(n) ?? 0) + 1);
  let width = 0;
  let most = 0;
  for (const [n, c] of counts) if (c > most || (c === most && n > width)) { width = n; most = c; }
  if (most < MIN_WRAPPED_LINES) return null;
  const full = long.filter((n) => n >= width - 1 && n <= width + 4).length;
  return full >= long.length / 2 ? width : null;
}

/** The page's non-empty lines between two offsets, with search forms and offsets into the file text. */
export function splitLines(text: string, from: number, to: number): Line[] {
  const physical: Array<{ raw: string; start: number; end: number; width: number; indented: boolean; after: boolean }> = [];
  const re = /[^\r\n]+/g;
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  let prevEnd = -1;
  while ((m = re.exec(text)) && m.index < to) {
    const raw0 = m[0];
    const lead = raw0.length - raw0.trimStart().length;
    const raw = raw0.trim();
    if (!raw) continue;
    // Right after the line before (one line break between them, no blank line).
    const after = prevEnd >= 0 && /^\r?\n$/.test(text.slice(prevEnd, m.index));
    prevEnd = m.index + raw0.length;
    physical.push({ raw, start: m.index + lead, end: m.index + lead + raw.length, width: [...raw0.trimEnd()].length, indented: lead > 0, after });
  }
  const width = wrapWidth(physical.map((p) => p.width));
  const lines: Line[] = [];
  for (let i = 0; i < physical.length; i++) {
    const p = physical[i];
    let raw = p.raw;
    let end = p.end;
    const joins: number[] = [];
    // A line broken at the wrap width goes on in the next one, unless that one opens a paragraph (indented) or a
    // markdown heading.
    while (width && physical[i].width >= width - 1 && physical[i + 1]?.after && !physical[i + 1].indented && !/^#{1,6}\s/.test(physical[i + 1].raw)) {
      i++;
      joins.push(raw.length);
      raw += physical[i].raw;
      end = physical[i].end;
    }
    const s = toSearchForm(raw).trim();
    const md = s.match(/^(#{1,6})\s/)?.[1].length ?? 0;
    lines.push({ raw, s, start: p.start, end, md, kind: 'body', ...(joins.length ? { joins } : {}) });
  }
  return lines;
}
