// Splits one OCR'd page into articles: headline with kicker/subtitle/column, byline, body, kind, continuations.
//
// Two steps. Each line is labelled by the first convention of LINE_CONVENTIONS it fits (a table, one entry per
// convention, in src/ingest/line-conventions.ts). Then runs of head lines (headings, bylines, datelines) are read
// against what surrounds them: a new article's head, a cross-head inside a story, a headline OCR dropped into a
// broken paragraph, or the closing byline of the story above. The rules for that are the numbered ones in
// `PageReader.resolveHeads`; the roles inside a head (kicker, headline, subtitle, column) are decided by `applyHeads`.
import { createHash } from 'node:crypto';
import type { Article, ArticleKind, PageMeta } from '../domain.js';
import { NO_BUDGET, type Budget } from './budget.js';
import { parseNumber } from './metadata.js';
import { toSearchForm } from '../text/search-form.js';
import {
  BULLET_RE, BRIEF_LABEL_RE, CONTINUATION_RE, DATE_START_RE, DOCUMENT_TITLE_RE, EDITORIAL_RE, HEADLINE_COLUMN_RE, HEADLINE_NOTE_RE, HEADLINE_QUALIFIER_RE,
  LEAD_RE, MID_SENTENCE_RE, NOTICE_TITLE_RE, ORGANISATION_END_RE, isNameListLine, isTableRow, PHOTO_LABEL_RE, PHOTO_NOTE_RE, isNamesLine, isPersonName, isSignatureLine,
} from '../text/newspaper-conventions.js';
import { SUBJECT_END_RE, classifyLines, isCaptionLine, isColumnLabel, isNumbered, isSubtitle, isTerminated, type Line, type LineKind, splitLines, stripHashes, visibleLength } from './line-conventions.js';

interface Paragraph {
  text: string;
  start: number;
  end: number;
  /** Offsets inside `text` where a column break was rejoined. */
  joins: number[];
}

interface Draft {
  heads: Line[];
  title: string;
  titleDerived: boolean;
  kicker: string | null;
  subtitle: string | null;
  column: string | null;
  byline: string | null;
  paragraphs: Paragraph[];
  start: number;
  end: number;
  closed: boolean;
  kind: ArticleKind | null;
  continuedTo: string | null;
  continuedFrom: string | null;
  notice: boolean;
  /** A speech or document printed in full: a speaker or dateline line stood under its headline. */
  document: boolean;
  /** Opened by a markdown heading of this level (0: plain line). */
  level: number;
  /** The headline says a photo goes with the story (（附图片1张）): the caption under it is part of the story. */
  photoNote: boolean;
  /** Cross-heads read inside this story so far. */
  crossHeads: number;
  /** For photos: the caption text without its credit, to find OCR copies elsewhere on the page. */
  captionKey?: string;
  /** Set on items of a labelled block of briefs or photos (简讯, 图片新闻). */
  block?: { label: string; photos: boolean };
}

const NAMES_RE = /^[\p{Script=Han}·\s]{2,40}$/u;

function headingLevel(line: Line): number {
  return line.md;
}

/** Drops OCR-repeated headline lines: exact repeats and lines that are a suffix or prefix of a neighbour. */
function dedupeHeads(heads: Line[]): Line[] {
  const out: Line[] = [];
  for (const h of heads) {
    const key = stripHashes(h.s).replace(/\s+/g, '');
    const prev = out[out.length - 1];
    if (prev) {
      const pk = stripHashes(prev.s).replace(/\s+/g, '');
      if (pk === key || (key.length >= 6 && (pk.endsWith(key) || pk.startsWith(key)))) continue;
      if (pk.length >= 6 && (key.endsWith(pk) || key.startsWith(pk))) { out[out.length - 1] = h; continue; }
    }
    out.push(h);
  }
  return out;
}

/** A byline in trailing brackets closing a paragraph: …。（张泉东 李超） / （记者 周明远）. */
function trailingByline(text: string): string | null {
  const m = text.normalize('NFKC').match(/[（(]([^（()）]{2,40})[)）]\s*$/);
  if (!m) return null;
  const inner = m[1].trim();
  if (CONTINUATION_RE.test(m[0]) || (/版|待续|待續|完|转自|轉自|图|圖|摄|攝/.test(inner) && !/[\s/]/.test(inner))) return null;
  return NAMES_RE.test(inner) && inner.replace(/\s/g, '').length <= 24 ? inner : null;
}

/** The reporter named in a lead: 本报讯（记者 王晶） / 本报北京1月2日电（记者 王某）. */
function leadByline(text: string): string | null {
  const lead = toSearchForm(text.slice(0, 120)).match(LEAD_RE);
  if (!lead) return null;
  const m = text.normalize('NFKC').slice(lead[0].length).match(/^\s*[（(]((?:记者|記者|通讯员|通訊員|本报记者|本報記者)[^)）]{1,40})[)）]/);
  return m ? m[1].trim() : null;
}

/** A headline for an article printed without one (a brief, a caption): its first clause, after the lead. */
function deriveTitle(text: string): string {
  const lead = toSearchForm(text.slice(0, 120)).match(LEAD_RE);
  let flat = text.replace(CONTINUATION_RE, '');
  if (lead) flat = flat.slice(lead[0].length);
  flat = flat.replace(/^\s*[（(](?:记者|記者|通讯员|通訊員)[^)）]*[)）]/, '').replace(/^\s*(?:\d+|[\uFF10-\uFF19]+|[一二三四五六七八九十]+)\s*[、.．]\s*/, '').trim();
  const sentence = flat.split(/[。！？!?]/).find((x) => /[\p{L}\p{N}]/u.test(x)) ?? flat;
  const chars = [...sentence.trim()];
  if (!chars.length) return '（无标题）';
  return chars.length > 24 ? chars.slice(0, 24).join('') + '…' : sentence.trim();
}

function newDraft(start: number): Draft {
  return {
    heads: [], title: '', titleDerived: true, kicker: null, subtitle: null, column: null, byline: null,
    paragraphs: [], start, end: start, closed: false, kind: null, continuedTo: null, continuedFrom: null, notice: false,
    document: false, level: 0, photoNote: false, crossHeads: 0,
  };
}

/** A field of a notice printed as a short line: 招标代理机构：某某公司 / 报名时间：… / 联系地址：…. */
const NOTICE_FIELD_LABEL_RE = /^\p{Script=Han}{1,6}(机构|单位|人|地址|电话|时间|地点|方式|网址|邮箱|账号|编号|代码|期限)[：:]/u;

/** The first field of an event notice (时间：…, 地点：…, 主讲人：…): the heading over it names the event, an item of its own. */
const EVENT_FIELD_RE = /^(?:时间|地点|主讲人|报告人)[：:]/u;

/** A subtitle naming who presided or spoke: 某某主持 / 某某出席并讲话 / 某某等参加. */
const PRESIDED_RE = /^\p{Script=Han}{2,4}(?:、\p{Script=Han}{2,4})*等?(?:主持|出席|讲话|出席并讲话|出席会议并讲话|主持并讲话|参加|致辞|作报告|讲话)$/u;

/** Ends the kicker of a headline: 强调 / 指出 / —— / ：. */
const KICKER_END_RE = /(——|—|-{2}|[：:，,]|强调|指出|表示|要求|提出|部署|宣布|显示|透露|获悉|称)$/;


/**
 * One headline printed on two lines: two short phrases of one shape (古城新韵 / 年画飘香), or a subject line and
 * what it did (东陵新区 / 打造沿海先进制造业基地). A slogan of two phrases on the first line is a kicker instead.
 */
function isTwoLineHeadline(a: Line, b: Line): boolean {
  if (a.kind !== 'heading' || b.kind !== 'heading' || a.md !== 0 || b.md !== 0 || isSubtitle(b.s) || KICKER_END_RE.test(a.s)) return false;
  const la = visibleLength(a.s);
  const lb = visibleLength(b.s);
  // …召开庆祝大会 / 暨表彰大会: a second line joined by 暨 (and also) goes on with the first.
  if (/^暨/.test(b.s) && lb <= 24) return true;
  if (/\s/.test(a.s.trim()) || /\s/.test(b.s.trim())) return false;
  if (la <= 8 && lb <= 10 && la / lb >= 0.4 && la / lb <= 1.67) return true;
  return isSubjectAndPredicate(a, b);
}

/** A subject line (东陵新区) and what it did (打造沿海先进制造业基地): one headline on two lines. */
function isSubjectAndPredicate(a: Line, b: Line): boolean {
  if (a.kind !== 'heading' || b.kind !== 'heading' || a.md !== 0 || b.md !== 0 || isSubtitle(b.s) || /\s/.test(a.s.trim())) return false;
  return visibleLength(a.s) <= 12 && visibleLength(b.s) <= 20 && SUBJECT_END_RE.test(a.s) && !MID_SENTENCE_RE.test(b.s);
}

/** Splits a bracketed column name off the end of a headline: 某某（人民论坛） → [某某, 人民论坛]. */
function headlineColumn(text: string): { text: string; column: string | null } {
  const m = text.match(HEADLINE_COLUMN_RE);
  if (!m || m.index === undefined || m.index === 0) return { text, column: null };
  const inner = m[1];
  if (HEADLINE_NOTE_RE.test(inner) || HEADLINE_QUALIFIER_RE.test(inner) || isPersonName(inner)) return { text, column: null };
  return { text: text.slice(0, m.index).trim(), column: inner };
}

/** Whether a headline ends in a bracketed qualifier of its own (积分榜（第12轮后）): it heads an item of its own. */
function endsInQualifier(text: string): boolean {
  const m = text.match(HEADLINE_COLUMN_RE);
  return !!m && m.index !== undefined && m.index > 0 && HEADLINE_QUALIFIER_RE.test(m[1]);
}

/** Fills headline, kicker, subtitle and column of a draft from its head lines. */
function applyHeads(draft: Draft, rawHeads: Line[]): void {
  const heads = dedupeHeads(rawHeads);
  draft.heads = heads;
  const columns: string[] = [];
  const subtitles: string[] = [];
  const candidates: Array<Line & { text: string }> = [];
  // Two short lines of one headline (古城新韵 / 年画飘香; ## 春风送岗位 / ## 就业暖人心): the first is no column label.
  const pairAtTop = heads.length >= 2 && !isColumnLabel(heads[0].raw, { strict: true }) &&
    (isTwoLineHeadline(heads[0], heads[1]) || (heads[0].md > 0 && heads[0].md === heads[1].md && !isSubtitle(heads[1].s)));
  for (const h of heads) {
    let text = stripHashes(h.raw).replace(BULLET_RE, '');
    // 启　事 / 讣　告: a short head spaced out across the column reads as one word.
    if (/^\p{Script=Han}(?:[\s\u3000]+\p{Script=Han}){1,5}$/u.test(text.trim())) text = text.replace(/[\s\u3000]+/g, '');
    // 【消费提醒】五一订房… — a bracketed column name opening the headline.
    const opening = text.match(/^[【[]\s*([^】\]]{2,8})\s*[】\]]\s*(\S.+)$/u);
    if (opening && !LEAD_RE.test(toSearchForm(text))) { columns.push(opening[1].trim()); text = opening[2].trim(); }
    if (PHOTO_NOTE_RE.test(text.normalize('NFKC'))) { draft.photoNote = true; text = text.normalize('NFKC').replace(PHOTO_NOTE_RE, '').trim(); }
    // "政务动态 | 某某带队视察…": a column label and the headline on one line.
    const bar = text.match(/^(.{2,10}?)\s*[|｜]\s*(.+)$/);
    if (bar) { columns.push(bar[1].trim()); text = bar[2].trim(); }
    const bracket = headlineColumn(text);
    if (bracket.column) { columns.push(bracket.column); text = bracket.text; }
    if (!text) continue;
    if ((isSubtitle(text) || PRESIDED_RE.test(toSearchForm(text))) && candidates.length) subtitles.push(text);
    // A short line reads as a column label above the headline, not under it (古城新韵 / 年画飘香 is one headline).
    else if (!bar && !bracket.column && isColumnLabel(h.raw, { strict: candidates.length > 0 || columns.length > 0 || (pairAtTop && h === heads[0]) })) columns.push(text);
    else candidates.push({ ...h, text });
  }
  // A short heading with nothing under it but the text (## 锣鼓经) is the headline, unless it reads as a column name.
  const lone = columns[columns.length - 1];
  if (candidates.length === 0 && lone && !isColumnLabel(lone, { strict: true })) {
    columns.pop();
    const h = heads[heads.length - 1];
    candidates.push({ ...h, text: lone });
  }
  draft.column = columns.join(' ') || null;
  if (candidates.length === 0) {
    draft.subtitle = subtitles.join(' ') || null;
    return;
  }
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
  let titleIdx: number;
  let titleText: string;
  let titleEnd: number;
  const levels = candidates.map(headingLevel);
  const marked = levels.filter((l) => l > 0);
  if (marked.length) {
    // The last of the strongest markdown headings is the headline (a column or kicker above it may share its
    // level); two such headings in a row are one headline on two lines.
    const best = Math.min(...marked);
    titleEnd = levels.lastIndexOf(best);
    titleIdx = titleEnd > 0 && levels[titleEnd - 1] === best && !isColumnLabel(candidates[titleEnd - 1].raw, { strict: true }) ? titleEnd - 1 : titleEnd;
    titleText = candidates.slice(titleIdx, titleEnd + 1).map((c) => c.text).join(' ');
  } else {
    // Plain lines, 引题 / 主题 / 副题: one line is the headline; of two, the first is a kicker unless the second is a
    // subtitle (a clause with commas) or the two are one headline; of three or more, the second is the headline
    // (a subject line and its predicate under a kicker form the headline together).
    const n = candidates.length;
    const soft = (i: number) => candidates[i].kind === 'soft';
    titleIdx = 0;
    titleEnd = 0;
    if (n === 2) {
      if (isTwoLineHeadline(candidates[0], candidates[1])) titleEnd = 1;
      else if (!(soft(1) && !soft(0) && !KICKER_END_RE.test(candidates[0].text))) titleIdx = titleEnd = 1;
    } else if (n >= 3) {
      // Under a kicker or over a subtitle, only a subject line and its predicate are one headline on two lines.
      if (isSubjectAndPredicate(candidates[1], candidates[2])) { titleIdx = 1; titleEnd = 2; }
      else if (isSubjectAndPredicate(candidates[0], candidates[1])) titleEnd = 1;
      else titleIdx = titleEnd = soft(1) && !soft(0) ? 0 : 1;
    }
    // 某某： / 把灯点在大山最深处: a name and its colon open the headline.
    if (titleIdx > 0 && /^\p{Script=Han}{2,6}[：:]$/u.test(candidates[titleIdx - 1].text.trim())) titleIdx--;
    if (titleEnd + 1 < n && /^\p{Script=Han}{2,6}[：:]$/u.test(candidates[titleEnd].text.trim())) titleEnd++;
    titleText = candidates.slice(titleIdx, titleEnd + 1).map((c) => c.text).join(' ');
  }
  const before = candidates.slice(0, titleIdx).map((c) => clean(c.text));
  const after = candidates.slice(titleEnd + 1).map((c) => clean(c.text));
  draft.title = clean(titleText);
  draft.titleDerived = false;
  draft.level = candidates[titleIdx].md;
  draft.kicker = before.join(' ') || null;
  draft.subtitle = [...after, ...subtitles].join(' ') || null;
}

export interface SegmentOptions {
  source: string;
  meta: PageMeta;
  /** Where the articles start (after front matter and masthead). */
  from: number;
  to?: number;
  /** Checked once a line; throws BudgetExceededError when it runs out. Default: none. */
  budget?: Budget;
}

/** An enumerated section heading inside a document or long article (一、… / （二）… / 第三条). */
const SECTION_RE = /^(#+\s*)?([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十百\d]+[章节条部分]\s)/;

/**
 * Splits a page into articles.
 * @example splitArticles(text, { source: 'a.txt', meta, from: 0 })
 */
export function splitArticles(text: string, options: SegmentOptions): Article[] {
  const budget = options.budget ?? NO_BUDGET;
  const lines = splitLines(text, options.from, options.to ?? text.length);
  budget.check('reading lines');
  classifyLines(lines, budget);
  const reader = new PageReader();
  for (let i = 0; i < lines.length; i++) {
    budget.check('splitting articles');
    reader.read(lines[i], lines[i + 1]);
  }
  reader.resolveRun(null);
  return finishDrafts(reader.drafts, options);
}

/** The line after a run of head lines, as the rules of `resolveHeads` read it. */
interface NextLine {
  line: Line | null;
  text: string;
  kind: LineKind | null;
  isBody: boolean;
  isLead: boolean;
}

/** The line after a run, with what the rules ask of it. */
function describeNext(line: Line | null): NextLine {
  const text = line?.s ?? '';
  const kind: LineKind | null = line?.kind ?? null;
  const isBody = kind === 'body';
  return { line, text, kind, isBody, isLead: isBody && LEAD_RE.test(text) };
}

/**
 * A run of head lines taken apart: the head lines proper, the byline / author / speaker / dateline lines under them,
 * the lines of a poem under its title and author, and the lines after the poem, to be read anew.
 */
interface HeadParts {
  heads: Line[];
  tails: Line[];
  verse: Line[];
  leftover: Line[];
}

function splitHead(rest: Line[], next: NextLine): HeadParts {
  // Head lines proper, and the byline / author / speaker / dateline lines under them.
  const heads: Line[] = [];
  const tails: Line[] = [];
  const verse: Line[] = [];
  for (const l of rest) {
    if (verse.length) verse.push(l);
    else if (l.kind === 'byline' || l.kind === 'dateline') tails.push(l);
    else if (heads.length && l.md === 0 && isNamesLine(authorPart(l.s))) tails.push(l);
    // ## 种树的人 / 芮秋白: under a marked headline an unmarked two- or three-character line is its author, whatever the surname.
    else if (!tails.length && heads.length && l.md === 0 && heads[heads.length - 1].md > 0 && /^\p{Script=Han}{2,3}$/u.test(authorPart(l.s))) tails.push(l);
    // 记者手记：那盏灯 / 郁青禾 / text: the same for the last head line straight over the text, when no label reads so.
    else if (!tails.length && heads.length && l === rest[rest.length - 1] && next.isBody && !next.isLead && /^\p{Script=Han}{2,3}$/u.test(authorPart(l.s)) &&
      !BRIEF_LABEL_RE.test(l.s) && !isColumnLabel(l.raw, { strict: true })) tails.push(l);
    else if (tails.length && l.kind === 'soft') tails.push(l);
    // Short lines under a title and its author: the lines of a poem.
    else if (tails.length && l.md === 0 && visibleLength(l.s) <= 16) verse.push(l);
    else heads.push(l);
  }
  // A poem ends where the next title (a markdown heading) or author line begins: those lines are read anew.
  const stop = verse.findIndex((l) => l.md > 0 || l.kind !== 'heading');
  const leftover = stop >= 0 ? verse.splice(stop) : [];
  if (verse.length === 1) { heads.push(verse[0]); verse.length = 0; }
  return { heads, tails, verse, leftover };
}

/**
 * One page being read line by line: the articles drafted so far, the one open, and the head lines waiting to be read
 * against what follows them.
 */
class PageReader {
  readonly drafts: Draft[] = [];
  /** The article being read, if any. */
  private cur: Draft | null = null;
  /** Head lines (headings, soft lines, bylines, datelines) not yet resolved. */
  private run: Line[] = [];
  /** The page the next article opened goes on from (a 上接 line with no headline pending). */
  private pendingFrom: string | null = null;
  /** The label of the block of briefs or photos being read, if any. */
  private block: { label: string; photos: boolean } | null = null;
  /** Whether the head lines being resolved stand over the first line of a paragraph (as a headline does). */
  private opensParagraph = false;

  /** Reads one line of the page; `following` is the line after it. */
  read(line: Line, following: Line | undefined): void {
    const kind = line.kind;
    // A clause with commas next to a markdown heading is text: markdown marks the head lines itself — unless a byline
    // follows it (## 标题 / 某某夺冠，某某获第四 / 本报记者 某某): then it is the subtitle.
    const prevInRun = this.run[this.run.length - 1];
    if (kind === 'soft' && prevInRun?.md && following?.kind !== 'byline') {
      const asBody: Line = { ...line, kind: 'body' };
      this.resolveRun(asBody);
      this.handleBody(asBody);
      return;
    }
    if (kind === 'heading' && line.md > 0 && prevInRun?.kind === 'soft' &&
        !(this.run.length >= 2 && this.run[this.run.length - 2].kind === 'heading' && this.run[this.run.length - 2].md === 0)) {
      const asBody: Line = { ...this.run.pop()!, kind: 'body' };
      this.resolveRun(asBody);
      this.handleBody(asBody);
    }
    if (kind === 'heading' || kind === 'soft' || kind === 'byline' || kind === 'dateline') { this.run.push(line); return; }
    if (kind === 'furniture') {
      if (/到此结束|到此結束/.test(line.s) && this.cur) this.cur.closed = true;
      return;
    }
    if (kind === 'continued-from') {
      // Belongs to the article whose headline is pending, or opens an untitled continuation.
      if (this.run.length) { this.resolveRun(line); if (this.cur) this.cur.continuedFrom = contPage(line.s); }
      else { this.pendingFrom = contPage(line.s); this.cur = null; }
      return;
    }
    this.resolveRun(line);
    const draft = this.cur;
    switch (kind) {
      case 'continued-to':
        if (draft) { draft.continuedTo = contPage(line.s); draft.closed = true; draft.end = line.end; }
        break;
      case 'closing-note':
        if (draft) {
          if (/\s宣$/.test(line.s)) draft.notice = true;
          this.pushParagraph(draft, line);
          draft.closed = true;
        }
        break;
      case 'credit':
        this.splitCredit(line);
        break;
      case 'body':
        this.handleBody(line);
        break;
    }
  }

  /** A photo credit on its own line: the paragraph just before it is the caption. */
  private splitCredit(line: Line): void {
    const draft = this.cur;
    const last = draft?.paragraphs[draft.paragraphs.length - 1];
    if (!draft || !last) return;
    draft.paragraphs.pop();
    const wasEmpty = draft.paragraphs.length === 0 && draft.titleDerived;
    if (wasEmpty) this.drafts.splice(this.drafts.indexOf(draft), 1);
    const photo = newDraft(last.start);
    photo.kind = 'photo';
    photo.paragraphs.push({ ...last, text: `${last.text} ${line.raw}`.trim(), end: line.end });
    photo.byline = line.raw.replace(/\s*[摄攝]\s*[)）]?$/, '').replace(/^[（(]/, '').trim();
    photo.captionKey = last.text.trim();
    photo.end = line.end;
    photo.closed = true;
    this.drafts.push(photo);
    this.cur = wasEmpty ? null : draft;
  }

  private lastParagraph(): Paragraph | undefined {
    return this.cur?.paragraphs[this.cur.paragraphs.length - 1];
  }

  private open(start: number): Draft {
    const draft = newDraft(start);
    this.drafts.push(draft);
    this.cur = draft;
    if (this.pendingFrom) { draft.continuedFrom = this.pendingFrom; this.pendingFrom = null; }
    return draft;
  }

  private noteParagraphEnd(draft: Draft, raw: string): void {
    const n = toSearchForm(raw);
    const cont = n.match(CONTINUATION_RE);
    if (cont && /下转|转/.test(cont[1]) && !/上接/.test(cont[1]) && n.trim().endsWith(cont[0])) {
      draft.continuedTo = String(parseNumber(cont[2]) ?? cont[2]);
      draft.closed = true;
    } else if (/[（(](未完待续|未完待續|完)[)）]\s*$/.test(n)) {
      draft.closed = true;
    } else if (!isNameListLine(n.trim()) && !isTableRow(n.trim())) {
      // (An honour roll's 某某（某县第一中学） ends in brackets too, but names no reporter.)
      const by = trailingByline(raw);
      if (by) { draft.byline = draft.byline ?? by; draft.closed = true; }
    }
  }

  private pushParagraph(draft: Draft, line: Line, raw = line.raw): void {
    draft.paragraphs.push({ text: raw, start: line.start, end: line.end, joins: raw === line.raw ? [...(line.joins ?? [])] : [] });
    draft.end = Math.max(draft.end, line.end);
    this.noteParagraphEnd(draft, raw);
  }

  /** Closes the current article with a byline printed on its own line after the text. */
  private closeWith(line: Line): void {
    const draft = this.cur;
    if (!draft) return;
    draft.byline = draft.byline ?? line.raw.replace(BULLET_RE, '').replace(/\s+/g, ' ');
    draft.closed = true;
    draft.end = Math.max(draft.end, line.end);
  }

  /** Reads a body line: a new article, a new paragraph, or the rest of a paragraph broken by a column break. */
  private handleBody(line: Line): void {
    if (isCaptionLine(line)) this.handleCaption(line);
    else this.handleText(line);
  }

  /** Reads a photo caption: the last paragraph of the open story or photo group, or a photo of its own. */
  private handleCaption(line: Line): void {
    const draft = this.cur;
    if (draft && !draft.closed && draft.photoNote && draft.paragraphs.length) {
      // The photo the headline announced (（附图片1张）): its caption is the story's last paragraph.
      this.pushParagraph(draft, line);
      draft.closed = true;
      return;
    }
    if (draft && draft.kind === 'photo' && !draft.titleDerived && draft.closed && /^[上下左右中]?图/.test(line.s)) {
      // The next caption of a titled photo group (上图：… 下图：…).
      this.pushParagraph(draft, line);
      return;
    }
    if (draft && !draft.closed && !draft.titleDerived && draft.paragraphs.length === 0) {
      // A headline right over a caption: a photo with a title of its own.
      draft.kind = 'photo';
      this.pushParagraph(draft, line);
      draft.closed = true;
      return;
    }
    // A photo caption with its credit is an article of its own; the story around it goes on after it.
    const photo = newDraft(line.start);
    photo.kind = 'photo';
    photo.paragraphs.push({ text: line.raw, start: line.start, end: line.end, joins: [...(line.joins ?? [])] });
    const credit = line.raw.normalize('NFKC').match(/([^\s，,。]{2,12}?)\s*[摄攝]\s*[)）]?$/);
    photo.byline = credit ? credit[1].replace(/^.*[。，,（(]/, '') : null;
    photo.end = line.end;
    photo.closed = true;
    if (this.block) photo.block = this.block;
    this.drafts.push(photo);
    const resume = draft && !draft.closed && draft.paragraphs.length > 0 && !draft.block && isTerminated(draft.paragraphs[draft.paragraphs.length - 1].text);
    this.cur = resume ? draft : photo;
  }

  /** Reads a body line of text: a new article, a new paragraph, or the rest of a broken paragraph. */
  private handleText(line: Line): void {
    const draft = this.cur;
    const last = draft?.paragraphs[draft.paragraphs.length - 1];
    const isLead = LEAD_RE.test(line.s);
    const brokenBefore = !!last && !isTerminated(last.text) && draft!.kind !== 'photo';
    // The rest of a paragraph broken mid-sentence by a column break: rejoin it.
    if (draft && !draft.closed && last && brokenBefore && !isLead) {
      last.joins.push(last.text.length, ...(line.joins ?? []).map((j) => last.text.length + j));
      last.text += line.raw;
      last.end = line.end;
      draft.end = line.end;
      this.noteParagraphEnd(draft, line.raw);
      return;
    }
    const block = this.block;
    const inBlock = !!block && (!draft || !!draft.block || draft.closed);
    // A new article: nothing open, the open one is closed, a second lead (本报讯 … after a story: a brief), the
    // next numbered brief, or the next item of a labelled block.
    const startsNew = !draft || draft.closed ||
      (isLead && draft.paragraphs.length > 0) ||
      (isNumbered(line.s) && draft.titleDerived && draft.paragraphs.length > 0 && isNumbered(draft.paragraphs[0].text.normalize('NFKC'))) ||
      (inBlock && draft.paragraphs.length > 0);
    if (startsNew) {
      const opened = this.open(line.start);
      if (inBlock && block) { opened.block = block; opened.column = block.label; if (block.photos) opened.kind = 'photo'; }
      this.pushParagraph(opened, line);
      opened.byline = opened.byline ?? leadByline(line.raw);
      return;
    }
    this.pushParagraph(draft, line);
    if (draft.paragraphs.length === 1) draft.byline = draft.byline ?? leadByline(line.raw);
  }

  /** Resolves the run of head lines, a broken first line of text under a headline taken off it first. */
  resolveRun(next: Line | null): void {
    // The first line of a paragraph broken at the column's width, right under its headline, is text: as long as the
    // line after it, stopped mid-clause, and not a ——subtitle.
    const lastInRun = this.run[this.run.length - 1];
    if (this.run.length >= 2 && next && next.kind === 'body' && !LEAD_RE.test(next.s) && lastInRun.kind === 'soft' && !isSubtitle(lastInRun.s) &&
        visibleLength(lastInRun.s) >= 16 && visibleLength(lastInRun.s) >= 0.7 * visibleLength(next.s) && !/[，,、：:]$/.test(lastInRun.s)) {
      const broken: Line = { ...this.run.pop()!, kind: 'body' };
      this.opensParagraph = true;
      this.resolveHeads(broken);
      this.opensParagraph = false;
      this.handleBody(broken);
      return;
    }
    this.resolveHeads(next);
  }

  /**
   * Decides what a run of head lines means, given the line after it. The rules, in order:
   * 1. Bylines and datelines before any heading close the story above (its byline printed after its text).
   * 2. A lone name line after a finished paragraph, followed by more head lines or the end, is the author above.
   * 3. Soft lines (unpunctuated clauses with commas) right after a broken paragraph are the rest of it.
   * 4. A heading OCR dropped into a paragraph broken by a column break: the text goes on after it.
   * 5. An enumerated section heading (一、…) inside an open story is a line of that story.
   * 6. A new article when: nothing is open or it is closed; a byline, author, speaker or dateline stands under the
   *    heading; the next line is a lead; the head has several lines; it is a markdown heading not deeper than the
   *    open story's; it is a label, notice or column; the story has no text yet; the next line is not body text.
   * 7. Otherwise a cross-head (小标题) inside the open story.
   */
  private resolveHeads(nextLine: Line | null): void {
    if (this.run.length === 0) return;
    const run = this.run;
    this.run = [];
    const next = describeNext(nextLine);
    let rest = this.closeAbove(run, next);
    if (!rest.length) return;
    rest = this.continueParagraph(rest);
    if (!rest.length) return;
    const parts = splitHead(rest, next);
    const { heads, tails } = parts;
    this.promoteHeadings(heads, tails, next);
    if (!heads.some((h) => h.kind === 'heading')) {
      // Only soft lines (and maybe bylines): body text after all.
      for (const l of heads) this.handleBody(l);
      for (const l of tails) this.closeWith(l);
      return;
    }
    // An enumerated section (一、先进集体) under a headline starts the text of that article, not a line of its head.
    const sectionAt = heads.findIndex((h, i) => i > 0 && h.md === 0 && /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])/.test(h.s));
    const sectionLines = sectionAt > 0 ? heads.splice(sectionAt) : [];
    if (this.readInStory(heads, tails, next)) return;
    if (this.readCrossHead(heads, tails, sectionLines, next)) return;
    if (this.opensBlock(heads, tails)) return;
    this.openArticle(parts, sectionLines, next);
  }

  /** Rules 1 and 2: the lines of a run that close the story above; returns the rest. */
  private closeAbove(run: Line[], next: NextLine): Line[] {
    let rest = run;
    // 1. Closing bylines.
    while (rest.length && (rest[0].kind === 'byline' || rest[0].kind === 'dateline') && this.cur?.paragraphs.length) {
      this.closeWith(rest[0]);
      rest = rest.slice(1);
    }
    // 2. The author of the piece above, or the issuer signing a notice.
    const above = this.cur;
    const abovePara = above?.paragraphs[above.paragraphs.length - 1];
    if (rest.length && above && abovePara && !above.closed && (isTerminated(abovePara.text) || above.notice) && rest[0].md === 0 &&
        (rest.length >= 2 || next.line === null || !next.isBody) && isClosingSignature(rest[0].s, above.notice)) {
      this.closeWith(rest[0]);
      rest = rest.slice(1);
    }
    return rest;
  }

  /** Rule 3: the soft lines of a run that go on with a broken paragraph; returns the rest. */
  private continueParagraph(run: Line[]): Line[] {
    let rest = run;
    // 3. The rest of a broken paragraph.
    while (rest.length && rest[0].kind === 'soft' && this.cur && !this.cur.closed && this.lastParagraph() && !isTerminated(this.lastParagraph()!.text)) {
      this.handleBody(rest[0]);
      rest = rest.slice(1);
    }
    return rest;
  }

  /** Marks clauses with commas as headings where a byline or a lead under them makes them a headline. */
  private promoteHeadings(heads: Line[], tails: Line[], next: NextLine): void {
    // A clause with commas over a byline or author line is a headline.
    if (!heads.some((h) => h.kind === 'heading') && tails.length && heads.length <= 2 && heads.every((h) => visibleLength(h.s) <= 40)) {
      for (const h of heads) h.kind = 'heading';
    }
    // A short clause right over a lead (本报讯…) is that story's headline, commas and all.
    if (!heads.some((h) => h.kind === 'heading') && next.isLead && heads.length <= 2 && !tails.length && heads.every((h) => visibleLength(h.s) <= 32) &&
        (!this.cur || this.cur.closed || isTerminated(this.lastParagraph()?.text ?? '。'))) {
      for (const h of heads) h.kind = 'heading';
    }
  }

  /** Rules 4 and 5, and notice fields: head lines read as lines of the open story. Returns whether they were. */
  private readInStory(heads: Line[], tails: Line[], next: NextLine): boolean {
    const draft = this.cur;
    const last = this.lastParagraph();
    // 4. A headline dropped into a broken paragraph.
    if (draft && !draft.closed && last && !isTerminated(last.text) && next.isBody && !next.isLead && !tails.length &&
        !heads.some((h) => isNoticeHead(h) || BRIEF_LABEL_RE.test(stripHashes(h.s))) &&
        (MID_SENTENCE_RE.test(next.text) || (draft.titleDerived && heads.length === 1 && !DATE_START_RE.test(next.text)))) {
      if (draft.titleDerived) applyHeads(draft, heads);
      return true;
    }
    // A field of a notice (招标代理机构：某某公司) is a line of it.
    if (draft && !draft.closed && draft.notice && heads.length === 1 && !tails.length && NOTICE_FIELD_LABEL_RE.test(heads[0].s) && draft.paragraphs.length) {
      this.pushParagraph(draft, heads[0]);
      return true;
    }
    // 5. A section heading.
    if (draft && !draft.closed && heads.length === 1 && !tails.length && SECTION_RE.test(heads[0].s) && draft.paragraphs.length) {
      this.pushParagraph(draft, heads[0], stripHashes(heads[0].raw));
      return true;
    }
    return false;
  }

  /** Rules 6 and 7: a single heading starting no article is a cross-head of the open story; returns whether it was. */
  private readCrossHead(heads: Line[], tails: Line[], sectionLines: Line[], next: NextLine): boolean {
    const draft = this.cur;
    const last = this.lastParagraph();
    const single = heads.length === 1 ? heads[0] : null;
    const markdownStarts = heads.some((h) => h.md > 0 && (!draft || draft.level === 0 || h.md <= draft.level));
    const labelled = heads.some((h) => isNoticeHead(h) || isColumnLabel(h.raw) || BRIEF_LABEL_RE.test(stripHashes(h.s)) ||
      /[|｜]/.test(h.s) || headlineColumn(stripHashes(h.raw)).column !== null || endsInQualifier(stripHashes(h.raw)));
    // 6. A new article?
    const startsArticle = !draft || draft.closed || tails.length > 0 || next.isLead || heads.length >= 2 || sectionLines.length > 0 || this.opensParagraph || markdownStarts || labelled ||
      next.kind === 'continued-from' || next.kind === 'credit' || draft.paragraphs.length === 0 || EVENT_FIELD_RE.test(next.text) || (MID_SENTENCE_RE.test(next.text) && !opensSentence(next.text, last)) || DATE_START_RE.test(next.text) ||
      !!draft.block || (next.line !== null && isCaptionLine(next.line));
    // 7. A cross-head: a line of a story under way (two paragraphs read, or a byline or subtitle under its headline,
    //    or cross-heads before); after a single paragraph of a bare item, a heading starts the next item.
    const established = !!draft && (draft.paragraphs.length >= 2 || draft.crossHeads > 0 || !!draft.byline || !!draft.subtitle || !!draft.kicker) &&
      !(single && headingRepeated(single, next.line) >= 0.8);
    if (!startsArticle && draft && single && established) {
      draft.crossHeads++;
      this.pushParagraph(draft, single, stripHashes(single.raw));
      return true;
    }
    return false;
  }

  /** A label alone over headline-less items opens a block of briefs or photos. Returns whether it did. */
  private opensBlock(heads: Line[], tails: Line[]): boolean {
    const onlyLabel = heads.length === 1 && BRIEF_LABEL_RE.test(stripHashes(heads[0].s)) && !tails.length;
    if (!onlyLabel) return false;
    const label = stripHashes(heads[0].raw).trim();
    this.block = { label, photos: PHOTO_LABEL_RE.test(heads[0].s) };
    if (this.cur) this.cur.closed = true;
    this.cur = null;
    return true;
  }

  /**
   * Opens the article the head lines stand over, with its byline, poem lines and sections; lines after a poem are
   * read anew.
   */
  private openArticle(parts: HeadParts, sectionLines: Line[], next: NextLine): void {
    const { heads, tails, verse, leftover } = parts;
    this.block = null;
    const opened = this.open(heads[0].start);
    applyHeads(opened, heads);
    opened.end = Math.max(heads[heads.length - 1].end, ...tails.map((t) => t.end));
    if (opened.titleDerived && opened.column && BRIEF_LABEL_RE.test(opened.column)) this.block = { label: opened.column, photos: PHOTO_LABEL_RE.test(opened.column) };
    const names = tails.filter((t) => t.kind !== 'dateline').map((t) => t.raw.replace(BULLET_RE, '').replace(/\s+/g, ' ').trim());
    if (names.length) opened.byline = names.join(' ');
    for (const l of verse) this.pushParagraph(opened, l);
    for (const l of sectionLines) this.pushParagraph(opened, l, stripHashes(l.raw));
    if (leftover.length) {
      this.run = leftover;
      this.resolveRun(next.line);
    }
    if (tails.some((t) => t.kind === 'dateline' || t.speaker)) opened.document = true;
    if (heads.some(isNoticeHead)) opened.notice = true;
  }
}

/**
 * A line that signs the text above: the author's name (李明远, ——柏青, 李明远（作者为某大学教授）), a letter
 * writer's unit and name (某市某区 某某), or, under a notice, the issuing organisation (某某日报社).
 */
function isClosingSignature(s: string, notice: boolean): boolean {
  const bare = authorPart(s.replace(/^(——|—|--)\s*/, ''));
  if (isNamesLine(bare) || isSignatureLine(bare)) return true;
  return notice && visibleLength(bare) <= 24 && ORGANISATION_END_RE.test(bare) && !NOTICE_TITLE_RE.test(bare);
}

/** Han bigrams of a search-form text, as a set. */
function hanBigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (const run of s.match(/\p{Script=Han}+/gu) ?? []) for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2));
  return out;
}

/**
 * The share of a heading's bigrams that the first sentence after it prints: a story's first sentence names what its
 * headline names (鑫诺一号通信卫星 / 鑫诺一号通信卫星（SINOSAT-1）是…), a cross-head's paragraph seldom repeats it.
 */
function headingRepeated(heading: Line, next: Line | null): number {
  const head = hanBigrams(stripHashes(heading.s));
  if (head.size < 2) return 0;
  const first = hanBigrams((next?.s ?? '').split(/[。！？]/)[0]);
  return [...head].filter((x) => first.has(x)).length / head.size;
}

/** A name line with the author's note cut off: 李明远（作者为华东大学教授） → 李明远. */
function authorPart(s: string): string {
  return s.replace(BULLET_RE, '').replace(/\s*[（(]\s*作者[^)）]*[)）]\s*$/, '').trim();
}

/**
 * Whether a line after finished text opens a sentence with a conjunction (和以往不同的是…) rather than going on with
 * a broken one: a word such as 和 or 但 can do either.
 */
function opensSentence(next: string, last: Paragraph | undefined): boolean {
  return !!last && isTerminated(last.text) && /^[和与而并但却也都就还所]\p{Script=Han}/u.test(next);
}

/** A headline ending in a notice word (…征稿启事, …出让公告) names a notice, however long. */
const NOTICE_END_RE = /(声明|公告|启事|通告|公示|通知|讣告|更正)$/;

function isNoticeHead(line: Line): boolean {
  // 启　事: a short notice word is often spaced out.
  const s = stripHashes(line.s).replace(/\s+/g, '');
  return NOTICE_TITLE_RE.test(s) && (visibleLength(s) <= 16 || NOTICE_END_RE.test(s));
}

function contPage(s: string): string | null {
  const m = s.match(CONTINUATION_RE);
  if (!m) return null;
  const n = parseNumber(m[2]);
  return n === null ? null : String(n);
}

/**
 * Opinion: an editorial word in the headline, kicker, column or byline (本报评论员, 作者为…), or a reader's letter
 * (the byline names a 读者) — but a reporter's story under an observing column (城事观察, 本报记者 某某) is news.
 */
function isEditorial(titleSf: string, d: Draft): boolean {
  const by = d.byline ? toSearchForm(d.byline) : '';
  if (/(^|\s)读者(\s|$)/.test(by) || EDITORIAL_RE.test(by)) return true;
  if (/记者|通讯员/.test(by)) return false;
  return [titleSf, d.kicker, d.column].some((x) => x && EDITORIAL_RE.test(toSearchForm(x)));
}

/** A column of lost-item notices under one 遗失声明 heading: each 「…遗失…，声明作废。」 is a notice of its own. */
const LOST_ITEM_RE = /(作废|声明|挂失)[。.]?\s*$/;

function splitNoticeColumns(drafts: Draft[]): Draft[] {
  const out: Draft[] = [];
  for (const d of drafts) {
    const items = d.paragraphs;
    if (!d.notice || items.length < 2 || !items.every((p) => LOST_ITEM_RE.test(toSearchForm(p.text)))) { out.push(d); continue; }
    for (const p of items) {
      const item = newDraft(p.start);
      item.paragraphs = [p];
      item.end = p.end;
      item.notice = true;
      item.column = d.title || null;
      item.closed = true;
      out.push(item);
    }
  }
  return out;
}

function finishDrafts(allDrafts: Draft[], options: SegmentOptions): Article[] {
  const drafts = splitNoticeColumns(allDrafts);
  // A caption printed twice by OCR: drop the copy that landed inside another article.
  const captions = new Set(drafts.filter((d) => d.captionKey).map((d) => d.captionKey));
  for (const d of drafts) {
    if (d.kind === 'photo') continue;
    d.paragraphs = d.paragraphs.filter((p) => !captions.has(p.text.trim()));
  }
  const articles: Article[] = [];
  for (const d of drafts) {
    options.budget?.check('finishing articles');
    if (d.paragraphs.length === 0) continue;
    let text = '';
    for (const p of d.paragraphs) {
      if (text) text += '\n';
      text += p.text;
    }
    if (!text.trim()) continue;
    const title = d.title || deriveTitle(text);
    const untitled = d.titleDerived;
    let kind: ArticleKind = d.kind ?? 'news';
    if (kind !== 'photo') {
      const first = toSearchForm(text.slice(0, 120));
      const titleSf = toSearchForm(title);
      if (d.notice || (NOTICE_TITLE_RE.test(titleSf) && (visibleLength(titleSf) <= 16 || NOTICE_END_RE.test(titleSf)))) kind = 'notice';
      else if (!untitled && (d.document || DOCUMENT_TITLE_RE.test(titleSf))) kind = 'document';
      else if (isEditorial(titleSf, d)) kind = 'editorial';
      else if (untitled && !d.block && (d.continuedFrom || MID_SENTENCE_RE.test(first) || (!LEAD_RE.test(first) && !isNumbered(first)))) kind = 'fragment';
    }
    const start = Math.min(d.start, d.paragraphs[0].start);
    const end = Math.max(d.end, d.paragraphs[d.paragraphs.length - 1].end);
    const m = options.meta;
    articles.push({
      id: '',
      source: options.source,
      paper: m.paper, date: m.date, issue: m.issue, page: m.page,
      title,
      kicker: d.kicker, subtitle: d.subtitle, column: d.column, byline: d.byline,
      kind,
      text,
      parts: [{ source: options.source, paper: m.paper, date: m.date, issue: m.issue, page: m.page, start, end }],
      pages: m.page ? [m.page] : [],
      continuedTo: d.continuedTo,
      continuedFrom: d.continuedFrom,
      joins: joinOffsets(d.paragraphs),
    } as Article);
  }
  assignStableIds(articles, options.source);
  return articles;
}

function joinOffsets(paragraphs: Paragraph[]): number[] {
  const out: number[] = [];
  let base = 0;
  for (const p of paragraphs) {
    for (const j of p.joins) out.push(base + j);
    base += p.text.length + 1;
  }
  return out;
}

/** The opening of an article that names it: up to its first sentence end, at most this many characters. */
const ID_OPENING = 60;

/**
 * Gives each article an id that survives edits elsewhere on its page: `${source}#` plus a digest of its headline and
 * first sentence. An article added above it, or one removed, leaves the id as it was; a button or link naming an
 * article that has since changed no longer resolves, rather than opening another one. Twins on one page (same
 * headline and opening) are told apart by a counter in print order.
 */
function assignStableIds(articles: Article[], source: string): void {
  const seen = new Map<string, number>();
  for (const a of articles) {
    const opening = /^[^。！？!?\n]*/.exec(a.text.trimStart().slice(0, ID_OPENING))![0];
    const key = createHash('sha256').update(`${a.title}\n${opening}`).digest('hex').slice(0, 10);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    a.id = `${source}#${key}${n > 1 ? `~${n}` : ''}`;
  }
}
