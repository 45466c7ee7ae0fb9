// Splits one OCR'd page into articles: headline with kicker/subtitle/column, byline, body, kind, continuations.
import type { Article, ArticleKind, PageMeta } from '../domain.js';
import { parseNumber } from './metadata.js';

/** A non-empty line of the page with its offsets in the original file text. */
interface Line {
  raw: string;
  /** NFKC, trimmed: used for classification only. */
  n: string;
  start: number;
  end: number;
}

type LineKind =
  | 'heading' // markdown heading or a short unpunctuated line
  | 'continued-from' // （上接第一版）
  | 'continued-to' // （下转第三版）
  | 'byline' // 本报记者 郝宇佳 / 刘俊英/文 杨园园/图
  | 'credit' // 本报通讯员 梁生仁 摄
  | 'closing-note' // （转自8月11日《山西日报》） / 市委宣传部 宣
  | 'furniture' // 本版责编：赵六 美编：钱七 — page furniture, not article text
  | 'body';

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
  /** For photos: the caption text without its credit, to find OCR copies elsewhere on the page. */
  captionKey?: string;
}

const TERMINAL = /[。！？!?…；;：:]$/;
const CLOSERS = /[”’」』）)》\]\s]+$/;
const LEAD_RE = /^(本报讯|本報訊|本报消息|本報消息|新华社|新華社|中新社|人民网|人民網|央视网|央視網|本报[\p{Script=Han}]{0,10}电|本報[\p{Script=Han}]{0,10}電)/u;
const DATE_START_RE = /^(\d{1,2}月\d{1,2}日|[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日|近日|日前|连日来|連日來|今年以来|今年以來|近年来|近年來)/;
const MID_SENTENCE_RE = /^[的了和与與及等地得着著之而并並且或但却卻也都就还還所，,、。；;：:）)」”』]/;
const SECTION_RE = /^(#+\s*)?([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十百\d]+[章节節条條部分]\s)/;
const CONT_RE = /[（(]\s*(上接|下转|下轉|接上|转|轉|续|續)(?:自)?第?\s*([\d一二三四五六七八九十]+)\s*版\s*[)）]/;
const NAMES_RE = /^[\p{Script=Han}·\s]{2,40}$/u;
const NOTICE_TITLE_RE = /声明|聲明|公告|启事|啟事|公约|公約|广告|廣告|招聘|通告|讣告|訃告|寻人|尋人|拍卖|拍賣|公示|征集|徵集/;
const DOCUMENT_TITLE_RE = /^《.+》|(规定|規定|条例|條例|办法|辦法|意见|意見|通知|决定|決定|方案)$/;
const EDITORIAL_RE = /评论员|評論員|社论|社論|短评|短評|时评|時評|述评|述評/;
const COLUMN_SUFFIX_RE = /(专栏|專欄|动态|動態|视点|視點|快讯|快訊|要闻|要聞|时评|時評|观察|觀察|聚焦|速览|速覽|一线|一線|关注|關注)$/;

function splitLines(text: string, from: number, to: number): Line[] {
  const lines: Line[] = [];
  const re = /[^\r\n]+/g;
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && m.index < to) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (!trimmed) continue;
    lines.push({ raw: trimmed, n: trimmed.normalize('NFKC'), start: m.index + lead, end: m.index + lead + trimmed.length });
  }
  return lines;
}

function visibleLength(s: string): number {
  return s.replace(/\s+/g, '').length;
}

function stripHashes(s: string): string {
  return s.replace(/^#{1,6}\s*/, '').trim();
}

function isTerminated(text: string): boolean {
  return TERMINAL.test(text.normalize('NFKC').replace(CLOSERS, '').trim() || '。') ||
    /[。！？!?][”’」』）)]+$/.test(text.normalize('NFKC').trim());
}

function classify(line: Line): LineKind {
  const s = line.n;
  if (/^#{1,6}\s/.test(s)) return 'heading';
  const cont = s.match(CONT_RE);
  if (cont && visibleLength(s) <= cont[0].length + 1) {
    return /上接|接上|续|續/.test(cont[1]) ? 'continued-from' : 'continued-to';
  }
  if (visibleLength(s) <= 40 && /^(本版)?(责编|責編|责任编辑|責任編輯|美编|美編|校对|校對|版式|组版|組版|本版编辑|本版編輯)\s*[:：]/.test(s)) return 'furniture';
  if (/^[（(](转自|轉自|来源|來源|原载|原載)/.test(s) && /[)）]$/.test(s)) return 'closing-note';
  if (visibleLength(s) <= 30 && /\s宣$/.test(s)) return 'closing-note';
  if (visibleLength(s) <= 24 && /[摄攝]\s*[)）]?$/.test(s) && !/[。，,]/.test(s)) return 'credit';
  if (visibleLength(s) <= 30 && !/[。，,！？]/.test(s) &&
      (/^(本报|本報)(记者|記者|通讯员|通訊員|特约|特約)/.test(s) || /\/\s*(文|图|圖|摄|攝)(\s|$)/.test(s))) return 'byline';
  const len = visibleLength(s);
  if (len <= 40 && !/[。！？!?；;：:，,]/.test(s) && !/、$/.test(s) && !/^\d+[.、]/.test(s) && !/^[（(]/.test(s)) return 'heading';
  return 'body';
}

function isColumnLabel(text: string): boolean {
  const s = stripHashes(text).normalize('NFKC');
  if (NOTICE_TITLE_RE.test(s)) return false;
  if (/^[A-Z][A-Z\s]{5,}$/.test(s)) return true;
  const len = visibleLength(s);
  if (len <= 5 && !/\s/.test(s)) return true;
  return len <= 10 && COLUMN_SUFFIX_RE.test(s) && !/\s/.test(s);
}

function isSubtitle(text: string): boolean {
  return /^(——|--|―|－－)/.test(stripHashes(text).normalize('NFKC'));
}

function headingLevel(line: Line): number {
  const m = line.n.match(/^(#{1,6})\s/);
  return m ? m[1].length : 0;
}

/** Drops OCR-repeated headline lines: exact repeats and lines that are a suffix or prefix of a neighbour. */
function dedupeHeads(heads: Line[]): Line[] {
  const out: Line[] = [];
  for (const h of heads) {
    const key = stripHashes(h.n).replace(/\s+/g, '');
    const prev = out[out.length - 1];
    if (prev) {
      const pk = stripHashes(prev.n).replace(/\s+/g, '');
      if (pk === key || (key.length >= 6 && (pk.endsWith(key) || pk.startsWith(key)))) continue;
      if (pk.length >= 6 && (key.endsWith(pk) || key.startsWith(pk))) { out[out.length - 1] = h; continue; }
    }
    out.push(h);
  }
  return out;
}

function trailingByline(text: string): string | null {
  const m = text.normalize('NFKC').match(/[（(]([^（()）]{2,40})[)）]\s*$/);
  if (!m) return null;
  const inner = m[1].trim();
  if (CONT_RE.test(m[0]) || /版|待续|待續|完|转自|轉自|图|圖|摄|攝/.test(inner) && !/[\s/]/.test(inner)) return null;
  return NAMES_RE.test(inner) && inner.replace(/\s/g, '').length <= 24 ? inner : null;
}

function leadByline(text: string): string | null {
  const m = text.normalize('NFKC').match(/^(?:本报讯|本報訊)\s*[（(]((?:记者|記者|通讯员|通訊員)[^)）]{1,40})[)）]/);
  return m ? m[1].trim() : null;
}

function deriveTitle(text: string): string {
  const flat = text.replace(CONT_RE, '').replace(/^(本报讯|本報訊)\s*([（(][^)）]*[)）])?\s*/, '').trim();
  const sentence = flat.split(/[。！？!?]/).find((x) => /[\p{L}\p{N}]/u.test(x)) ?? flat;
  const chars = [...sentence.trim()];
  if (!chars.length) return '（无标题）';
  return chars.length > 24 ? chars.slice(0, 24).join('') + '…' : sentence;
}

function newDraft(start: number): Draft {
  return {
    heads: [], title: '', titleDerived: true, kicker: null, subtitle: null, column: null, byline: null,
    paragraphs: [], start, end: start, closed: false, kind: null, continuedTo: null, continuedFrom: null, notice: false,
  };
}

/** Fills headline, kicker, subtitle and column of a draft from its heading lines. */
function applyHeads(draft: Draft, rawHeads: Line[]): void {
  const heads = dedupeHeads(rawHeads);
  draft.heads = heads;
  const columns: string[] = [];
  const subtitles: string[] = [];
  const candidates: Line[] = [];
  for (const h of heads) {
    let text = stripHashes(h.raw);
    // "政务动态 | 申济带队视察…": a column label and the headline on one line.
    const bar = text.match(/^(.{2,10}?)\s*[|｜]\s*(.+)$/);
    if (bar) { columns.push(bar[1].trim()); text = bar[2].trim(); candidates.push({ ...h, raw: text, n: text.normalize('NFKC') }); continue; }
    if (isSubtitle(text)) subtitles.push(text);
    else if (isColumnLabel(text)) columns.push(text);
    else candidates.push({ ...h, raw: text });
  }
  // A short heading with nothing under it but the text (## 锣鼓经) is the headline, unless it reads as a column name.
  const lone = columns[columns.length - 1];
  if (candidates.length === 0 && lone && !COLUMN_SUFFIX_RE.test(lone) && !EDITORIAL_RE.test(lone) && !/^[A-Z][A-Z\s]{5,}$/.test(lone)) {
    columns.pop();
    const h = heads[heads.length - 1];
    candidates.push({ ...h, raw: lone });
  }
  if (candidates.length === 0) {
    draft.column = columns.join(' ') || null;
    draft.subtitle = subtitles.join(' ') || null;
    return;
  }
  // The headline is the strongest markdown heading, else the last plain line (kickers stand above it).
  let titleIdx = candidates.length - 1;
  const levels = candidates.map((c) => headingLevel(heads.find((h) => h.start === c.start) ?? c));
  const marked = levels.filter((l) => l > 0);
  if (marked.length) {
    const best = Math.min(...marked);
    titleIdx = levels.indexOf(best);
  }
  const titleLine = candidates[titleIdx];
  const before = candidates.slice(0, titleIdx).map((c) => c.raw.replace(/\s+/g, ' '));
  const after = candidates.slice(titleIdx + 1).map((c) => c.raw.replace(/\s+/g, ' '));
  draft.title = titleLine.raw.replace(/\s+/g, ' ').trim();
  draft.titleDerived = false;
  draft.kicker = before.join(' ') || null;
  draft.subtitle = [...subtitles, ...after].join(' ') || null;
  draft.column = columns.join(' ') || null;
}

export interface SegmentOptions {
  source: string;
  meta: PageMeta;
  /** Where the articles start (after front matter and masthead). */
  from: number;
  to?: number;
}

/**
 * Splits a page into articles.
 * @example splitArticles(text, { source: 'a.txt', meta, from: 0 })
 */
export function splitArticles(text: string, options: SegmentOptions): Article[] {
  const lines = splitLines(text, options.from, options.to ?? text.length);
  const drafts: Draft[] = [];
  let cur: Draft | null = null;
  let heads: Line[] = [];
  let pendingFrom: string | null = null;

  const lastParagraph = (): Paragraph | undefined => cur?.paragraphs[cur.paragraphs.length - 1];

  const open = (start: number): Draft => {
    const d = newDraft(start);
    drafts.push(d);
    cur = d;
    if (pendingFrom) { d.continuedFrom = pendingFrom; pendingFrom = null; }
    return d;
  };

  const pushParagraph = (d: Draft, line: Line): void => {
    d.paragraphs.push({ text: line.raw, start: line.start, end: line.end, joins: [] });
    d.end = Math.max(d.end, line.end);
    noteParagraphEnd(d, line.raw);
  };

  const noteParagraphEnd = (d: Draft, raw: string): void => {
    const cont = raw.normalize('NFKC').match(CONT_RE);
    if (cont && /下转|下轉|转|轉/.test(cont[1]) && !/上接/.test(cont[1]) && raw.normalize('NFKC').trim().endsWith(cont[0])) {
      d.continuedTo = String(parseNumber(cont[2]) ?? cont[2]);
      d.closed = true;
    } else if (/[（(](未完待续|未完待續|完)[)）]\s*$/.test(raw.normalize('NFKC'))) {
      d.closed = true;
    } else {
      const by = trailingByline(raw);
      if (by) { d.byline = d.byline ?? by; d.closed = true; }
    }
  };

  /** Decides what a run of heading lines means, given the line that follows it. */
  const resolveHeads = (next: Line | null, nextKind: LineKind | null): void => {
    if (heads.length === 0) return;
    const run = heads;
    heads = [];
    const nextText = next?.n ?? '';
    const nextIsBody = nextKind === 'body';
    const nextIsLead = nextIsBody && LEAD_RE.test(nextText);
    const last = lastParagraph();
    const curDraft = cur as Draft | null;
    // An enumerated section heading inside a document or long article (一、… / （二）…).
    if (curDraft && !curDraft.closed && run.length === 1 && SECTION_RE.test(run[0].n)) {
      pushParagraph(curDraft, { ...run[0], raw: stripHashes(run[0].raw) });
      return;
    }
    // OCR dropped a headline into the middle of a sentence broken by a column break: the text continues after it.
    if (curDraft && !curDraft.closed && last && !isTerminated(last.text) && nextIsBody && !nextIsLead &&
        (MID_SENTENCE_RE.test(nextText) || (curDraft.titleDerived && run.length === 1 && !DATE_START_RE.test(nextText)))) {
      if (curDraft.titleDerived) applyHeads(curDraft, run);
      return;
    }
    const startsArticle = !curDraft || curDraft.closed || run.length >= 2 || run.some((h) => headingLevel(h) > 0) ||
      run.some((h) => isColumnLabel(h.n) || /[|｜]/.test(h.n)) || nextIsLead || nextKind === 'byline' ||
      nextKind === 'continued-from' || !nextIsBody || DATE_START_RE.test(nextText) || MID_SENTENCE_RE.test(nextText) ||
      curDraft.paragraphs.length === 0;
    if (!startsArticle && curDraft) {
      // A section subhead inside a feature: keep it as a line of the body.
      pushParagraph(curDraft, { ...run[0], raw: run.map((h) => stripHashes(h.raw)).join(' ') });
      return;
    }
    const d = open(run[0].start);
    applyHeads(d, run);
    d.end = run[run.length - 1].end;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const kind = classify(line);
    if (kind === 'heading') { heads.push(line); continue; }
    if (kind === 'furniture') continue;
    if (kind === 'continued-from') {
      // Belongs to the article whose headline is pending, or opens an untitled continuation.
      if (heads.length) { resolveHeads(line, kind); (cur as Draft | null)!.continuedFrom = contPage(line.n); }
      else { pendingFrom = contPage(line.n); cur = null; }
      continue;
    }
    resolveHeads(line, kind);
    const d0 = cur as Draft | null;
    switch (kind) {
      case 'continued-to':
        if (d0) { d0.continuedTo = contPage(line.n); d0.closed = true; d0.end = line.end; }
        break;
      case 'closing-note':
        if (d0) {
          if (/\s宣$/.test(line.n)) d0.notice = true;
          pushParagraph(d0, line);
          d0.closed = true;
        }
        break;
      case 'byline': {
        const by = line.raw.replace(/\s+/g, ' ');
        if (d0 && !d0.closed && d0.paragraphs.length === 0) d0.byline = by;
        else if (d0) { d0.byline = d0.byline ?? by; d0.closed = true; d0.end = line.end; }
        break;
      }
      case 'credit': {
        // A photo credit on its own line: the paragraph just before it is the caption.
        const last = d0?.paragraphs[d0.paragraphs.length - 1];
        if (d0 && last) {
          d0.paragraphs.pop();
          const wasEmpty = d0.paragraphs.length === 0 && d0.titleDerived;
          if (wasEmpty) drafts.splice(drafts.indexOf(d0), 1);
          const photo = newDraft(last.start);
          photo.kind = 'photo';
          photo.paragraphs.push({ ...last, text: `${last.text} ${line.raw}`.trim(), end: line.end });
          photo.byline = line.raw.replace(/\s*[摄攝]\s*[)）]?$/, '').trim();
          photo.captionKey = last.text.trim();
          photo.end = line.end;
          photo.closed = true;
          drafts.push(photo);
          cur = wasEmpty ? null : d0;
        }
        break;
      }
      case 'body': {
        const isCaption = /[摄攝]\s*[)）]?$/.test(line.n) && /[\p{Script=Han}]{2,4}\s*[摄攝]\s*[)）]?$/u.test(line.n) &&
          visibleLength(line.n) <= 400 && !LEAD_RE.test(line.n);
        if (isCaption) {
          const photo = newDraft(line.start);
          photo.kind = 'photo';
          photo.paragraphs.push({ text: line.raw, start: line.start, end: line.end, joins: [] });
          const credit = line.n.match(/([^\s，,。]{2,12}?)\s*[摄攝]\s*[)）]?$/);
          photo.byline = credit ? credit[1].replace(/^.*[。，,]/, '') : null;
          photo.end = line.end;
          photo.closed = true;
          drafts.push(photo);
          cur = null;
          break;
        }
        const d = cur as Draft | null;
        const last = d?.paragraphs[d.paragraphs.length - 1];
        const isLead = LEAD_RE.test(line.n);
        if (!d || d.closed || (isLead && d.paragraphs.some((p) => LEAD_RE.test(p.text.normalize('NFKC'))))) {
          const nd = open(line.start);
          pushParagraph(nd, line);
          nd.byline = nd.byline ?? leadByline(line.raw);
        } else if (last && !isTerminated(last.text) && !isLead && d.kind !== 'photo') {
          // A paragraph broken mid-sentence by a column break: rejoin it.
          last.joins.push(last.text.length);
          last.text += line.raw;
          last.end = line.end;
          d.end = line.end;
          noteParagraphEnd(d, line.raw);
        } else {
          pushParagraph(d, line);
          if (d.paragraphs.length === 1) d.byline = d.byline ?? leadByline(line.raw);
        }
        break;
      }
    }
  }
  resolveHeads(null, null);
  return finishDrafts(drafts, options);
}

function contPage(s: string): string | null {
  const m = s.match(CONT_RE);
  if (!m) return null;
  const n = parseNumber(m[2]);
  return n === null ? null : String(n);
}

function finishDrafts(drafts: Draft[], options: SegmentOptions): Article[] {
  // A caption printed twice by OCR: drop the copy that landed inside another article.
  const captions = new Set(drafts.filter((d) => d.captionKey).map((d) => d.captionKey));
  for (const d of drafts) {
    if (d.kind === 'photo') continue;
    d.paragraphs = d.paragraphs.filter((p) => !captions.has(p.text.trim()));
  }
  const articles: Article[] = [];
  let ordinal = 0;
  for (const d of drafts) {
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
      const firstNorm = text.normalize('NFKC');
      if (d.notice || NOTICE_TITLE_RE.test(title)) kind = 'notice';
      else if (!untitled && DOCUMENT_TITLE_RE.test(title.normalize('NFKC'))) kind = 'document';
      else if (EDITORIAL_RE.test(title) || EDITORIAL_RE.test(d.byline ?? '') || EDITORIAL_RE.test(d.kicker ?? '')) kind = 'editorial';
      else if (untitled && (d.continuedFrom || MID_SENTENCE_RE.test(firstNorm) || !LEAD_RE.test(firstNorm))) kind = 'fragment';
    }
    const start = Math.min(d.start, d.paragraphs[0].start);
    const end = Math.max(d.end, d.paragraphs[d.paragraphs.length - 1].end);
    const m = options.meta;
    articles.push({
      id: `${options.source}#${ordinal++}`,
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
