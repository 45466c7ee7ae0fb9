// Telegram HTML for answers, citations, digests, articles and stats; splitting under Telegram's 4096 limit.
import { shanghaiTimestamp } from '../text/dates.js';
import type { Article, ArchiveStats, AskResult, Citation, Digest, DigestItem, IndexSummary } from '../domain.js';
import { maskIdentifiers } from '../answer/privacy.js';
import { escapeHtml } from './html.js';
import { MSG } from './messages.zh.js';

export { escapeHtml };

/** Telegram rejects message texts longer than this (counted after entity parsing; we count the raw HTML). */
export const TELEGRAM_MESSAGE_LIMIT = 4096;


/** Archive text made safe for HTML: personal identifiers masked (DESIGN: never echo them), markup escaped. */
function safe(text: string): string {
  return escapeHtml(maskIdentifiers(text));
}

interface Place {
  paper: string | null;
  date?: string | null;
  issue: string | null;
  page: string | null;
  pages?: string[];
}

/** `河东日报 2025-03-12 第8812期 第1版`; unknown fields are left out, never guessed. */
export function formatPlace(place: Place, separator = ' '): string {
  const pages = place.pages && place.pages.length > 0 ? place.pages : place.page ? [place.page] : [];
  return [
    place.paper,
    place.date ?? null,
    place.issue ? `第${place.issue}期` : null,
    pages.length > 0 ? `第${pages.join('、')}版` : null,
  ]
    .filter((part): part is string => Boolean(part))
    .join(separator);
}

/**
 * One citation line as plain text (escape it for HTML).
 * @example formatCitation(c) // "[1] 河东日报 2025-03-12 第8812期 第1版《市委书记调研重点项目建设》"
 */
export function formatCitation(citation: Citation): string {
  const place = formatPlace(citation);
  const title = citation.title.trim() ? `《${citation.title.trim()}》` : '';
  return `[${citation.n}] ${place}${title}`.trim();
}

/** A cited article the user can open with a 原文 button. */
export interface SourceRef {
  n: number;
  articleId: string;
}

/** An answer ready to send: HTML text plus the sources its buttons open. */
export interface FormattedAnswer {
  html: string;
  sources: SourceRef[];
}

/** The answer, then its numbered citations; a plain "nothing found" when the archive has no evidence. */
export function formatAnswer(result: AskResult): FormattedAnswer {
  if (!result.found || result.citations.length === 0) {
    const said = result.answer.trim();
    return { html: `${said ? safe(said) : MSG.nothingFound}\n\n${MSG.nothingFoundHint}`, sources: [] };
  }
  const lines = result.citations.map((c) => safe(formatCitation(c)));
  const sources: SourceRef[] = [];
  const seen = new Set<string>();
  for (const c of result.citations) {
    if (c.articleId && !seen.has(c.articleId)) {
      seen.add(c.articleId);
      sources.push({ n: c.n, articleId: c.articleId });
    }
  }
  return { html: `${safe(result.answer.trim())}\n\n<b>${MSG.sourcesHeading}</b>\n${lines.join('\n')}`, sources };
}

function pageOrder(page: string | null): number {
  const n = page ? Number.parseInt(page, 10) : Number.NaN;
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}

/** A digest grouped by paper and issue, then page, one line per article (headline: summary). */
export function formatDigest(digest: Digest, heading: string = MSG.digestHeading(digest.date)): string {
  const groups = new Map<string, { paper: string | null; issue: string | null; items: DigestItem[] }>();
  for (const item of digest.items) {
    const key = `${item.paper ?? ''}\u0000${item.issue ?? ''}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { paper: item.paper, issue: item.issue, items: [] }));
    group.items.push(item);
  }
  const out: string[] = [`<b>${escapeHtml(heading)}</b>`];
  for (const group of groups.values()) {
    out.push('');
    const name = formatPlace({ paper: group.paper ?? MSG.unknownPaper, issue: group.issue, page: null });
    out.push(`<b>${escapeHtml(name)}</b>`);
    const pages = new Map<string, DigestItem[]>();
    for (const item of [...group.items].sort((a, b) => pageOrder(a.page) - pageOrder(b.page))) {
      const key = item.page ?? '';
      if (!pages.has(key)) pages.set(key, []);
      pages.get(key)!.push(item);
    }
    for (const [page, items] of pages) {
      out.push(`<u>${page ? `第${escapeHtml(page)}版` : MSG.unknownPage}</u>`);
      for (const item of items) {
        const summary = item.summary.trim();
        out.push(`• <b>${safe(item.title.trim() || '（无标题）')}</b>${summary ? `：${safe(summary)}` : ''}`);
      }
    }
  }
  return out.join('\n');
}

/** The full article: headline block, paper/date/期/版, byline, then the text in its original script. */
export function formatArticle(article: Article): string {
  const head: string[] = [];
  if (article.kicker) head.push(`<i>${safe(article.kicker)}</i>`);
  head.push(`<b>${safe(article.title.trim() || '（无标题）')}</b>`);
  if (article.subtitle) head.push(safe(article.subtitle));
  const place = formatPlace(article, ' · ');
  if (place) head.push(escapeHtml(place));
  if (article.byline) head.push(safe(article.byline));
  const body = article.text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map(safe)
    .join('\n\n');
  return `${head.join('\n')}\n\n${body}`;
}

function formatTimestamp(iso: string | null): string | null {
  if (!iso) return null;
  const local = shanghaiTimestamp(iso);
  return local === iso ? iso : `${local}（北京时间）`;
}

/** /stats: papers, date range, counts, embedder and build time. */
export function formatStats(stats: ArchiveStats): string {
  const { from, to } = stats.dateRange;
  const range = from && to ? (from === to ? from : `${from} 至 ${to}`) : from || to || '不详';
  const lines = [
    `<b>${MSG.statsHeading}</b>`,
    `报纸：${escapeHtml(stats.papers.join('、') || '（暂无）')}`,
    `日期：${escapeHtml(range)}`,
    `期数：${stats.issues}　版面文件：${stats.files}`,
    `文章：${stats.articles}　检索段落：${stats.chunks}`,
    `嵌入模型：${escapeHtml(stats.embedder)}${stats.embedderFallback ? MSG.embedderFallbackNote : ''}`,
  ];
  const built = formatTimestamp(stats.builtAt);
  if (built) lines.push(`索引生成：${escapeHtml(built)}`);
  return lines.join('\n');
}

/** What a /reindex run did, for the admin who asked. */
export function formatIndexSummary(summary: IndexSummary): string {
  const lines = [
    '<b>索引已更新</b>',
    `版面文件：${summary.files}（新增或改动 ${summary.changedFiles}，移除 ${summary.removedFiles}）`,
    `文章：${summary.articles}　检索段落：${summary.chunks}`,
    `嵌入模型：${escapeHtml(summary.embedder)}${summary.embedderFallback ? MSG.embedderFallbackNote : ''}`,
    `用时：${summary.seconds.toFixed(1)} 秒`,
  ];
  if (summary.newDates.length > 0) lines.push(`新入库日期：${escapeHtml(summary.newDates.join('、'))}`);
  if (summary.skipped.length > 0) {
    lines.push(`跳过 ${summary.skipped.length} 个文件：`);
    for (const s of summary.skipped.slice(0, 10)) lines.push(`• ${escapeHtml(s.source)}：${escapeHtml(s.reason)}`);
    if (summary.skipped.length > 10) lines.push(`• ……另有 ${summary.skipped.length - 10} 个`);
  }
  if (summary.warnings.length > 0) {
    lines.push(`已入库但有提示的文件 ${summary.warnings.length} 个：`);
    for (const s of summary.warnings.slice(0, 10)) lines.push(`• ${escapeHtml(s.source)}：${escapeHtml(s.reason)}`);
    if (summary.warnings.length > 10) lines.push(`• ……另有 ${summary.warnings.length - 10} 个`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Splitting

interface Token {
  text: string;
  kind: 'open' | 'close' | 'text' | 'entity';
  /** Tag name for open/close tokens. */
  tag?: string;
}

const TOKEN_RE = /<\/?([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^>]*)?>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|[\s\S]/gu;

function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  for (const m of html.matchAll(TOKEN_RE)) {
    const text = m[0];
    if (m[1] !== undefined) {
      tokens.push({ text, kind: text.startsWith('</') ? 'close' : 'open', tag: m[1].toLowerCase() });
    } else {
      tokens.push({ text, kind: text.length > 1 && text.startsWith('&') ? 'entity' : 'text' });
    }
  }
  return tokens;
}

const closingTags = (stack: Token[]) =>
  stack
    .slice()
    .reverse()
    .map((t) => `</${t.tag}>`)
    .join('');

/** Strength of a break after token i: 4 paragraph, 3 line, 2 sentence end, 1 space, 0 anywhere else. */
function breakStrength(tokens: Token[], i: number): number {
  const t = tokens[i];
  if (t.kind !== 'text') return 0;
  if (t.text === '\n') return tokens[i - 1]?.text === '\n' ? 4 : 3;
  if (/[。！？!?；;]/.test(t.text)) return 2;
  return /\s/u.test(t.text) ? 1 : 0;
}

/**
 * Splits Telegram HTML into messages of at most `limit` UTF-16 units, preferring paragraph, then line, then
 * sentence boundaries; never cuts inside a tag or an entity, and closes/reopens tags that span a cut.
 */
export function splitMessage(html: string, limit: number = TELEGRAM_MESSAGE_LIMIT): string[] {
  if (html.length <= limit) return [html];
  const tokens = tokenize(html);
  const parts: string[] = [];
  let stack: Token[] = []; // open tags at the start of the current part
  let start = 0;
  while (start < tokens.length) {
    const prefix = stack.map((t) => t.text).join('');
    // Walk forward, remembering the best cut for each strength.
    const best: Array<number | undefined> = [undefined, undefined, undefined, undefined, undefined];
    const stacks = new Map<number, Token[]>();
    let current = stack.slice();
    let length = prefix.length;
    let i = start;
    for (; i < tokens.length; i++) {
      const t = tokens[i];
      const next = current.slice();
      if (t.kind === 'open') next.push(t);
      else if (t.kind === 'close') {
        const at = next.map((s) => s.tag).lastIndexOf(t.tag);
        if (at >= 0) next.splice(at, 1);
      }
      if (length + t.text.length + closingTags(next).length > limit) break;
      length += t.text.length;
      current = next;
      const strength = breakStrength(tokens, i);
      best[strength] = i + 1;
      if (strength > 0) for (let s = 0; s < strength; s++) best[s] = i + 1;
      stacks.set(i + 1, current);
    }
    if (i >= tokens.length) {
      parts.push(prefix + tokens.slice(start).map((t) => t.text).join(''));
      break;
    }
    const consumed = i - start;
    // Prefer a strong break unless it would leave the part less than a third full.
    let cut: number | undefined;
    for (let s = best.length - 1; s >= 0; s--) {
      const at = best[s];
      if (at !== undefined && (at - start) * 3 >= consumed) {
        cut = at;
        break;
      }
    }
    if (cut === undefined) cut = best[0] ?? start + 1; // a single token wider than the limit: emit it alone
    const cutStack = stacks.get(cut) ?? current;
    let body = tokens.slice(start, cut).map((t) => t.text).join('');
    body = body.replace(/\s+$/u, '');
    parts.push(prefix + body + closingTags(cutStack));
    stack = cutStack.slice();
    start = cut;
    while (start < tokens.length && tokens[start].kind === 'text' && /^\s$/u.test(tokens[start].text)) start++;
  }
  return parts.filter((p) => htmlToText(p).trim().length > 0);
}

/** Telegram HTML to plain text for the terminal: tags dropped, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);/g, (whole, name: string) => {
      if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
      return named[name] ?? whole;
    });
}
