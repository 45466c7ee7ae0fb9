// Newspaper page files made from bench passages (front matter, headlines in several layouts, the passage text),
// written to a folder that `buildIndex` indexes and the peers read.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchPassage } from '../peers/types.js';
import { mulberry32 } from './vectors.js';

/** A page file of a bench corpus: what is written to disk for the project, and the text the peers index. */
export interface BenchPage {
  /** Path relative to the corpus folder, with forward slashes: the `source` the project reports. */
  source: string;
  /** The file's bytes (or UTF-8 text) exactly as written. */
  content: string | Uint8Array;
  /** The page's text as a peer indexes it: decoded, YAML front matter removed. */
  text: string;
}

/** An article as laid out on a page: the passage's id, its headline and its body as printed (lead included). */
export interface LaidOutArticle {
  id: string;
  source: string;
  title: string;
  text: string;
}

/** Where a page sits in the (synthetic) paper. */
export interface PageIssue {
  paper: string;
  date: string;
  page: number;
}

/** How a page prints its articles. */
export interface PageLayout {
  /** The headline line for a title: `## 标题`, `# 标题` or the bare title. */
  headline: (title: string) => string;
  /** Blank lines between headline and paragraphs (a dense layout has none). */
  blankLines: boolean;
  /** Sentences per paragraph, `[min, max]`; null keeps the passage as one paragraph. */
  sentencesPerParagraph: [number, number] | null;
}

/** Articles to lay out, with an optional lead (`本报讯　`) printed before the first paragraph. */
export interface PageArticle extends BenchPassage {
  lead?: string;
}

/** The layouts of the newspaper-page set: markdown and plain headlines, with and without blank lines. */
export const NEWS_LAYOUTS: Readonly<Record<string, PageLayout>> = {
  markdownSpaced: { headline: (t) => `## ${t}`, blankLines: true, sentencesPerParagraph: [2, 4] },
  markdownDense: { headline: (t) => `## ${t}`, blankLines: false, sentencesPerParagraph: [2, 4] },
  plainSpaced: { headline: (t) => t, blankLines: true, sentencesPerParagraph: [2, 4] },
  plainDense: { headline: (t) => t, blankLines: false, sentencesPerParagraph: [2, 4] },
};

/** One passage under a `# 标题` line, as the one-passage-per-page sets print it. */
export const SINGLE_LAYOUT: PageLayout = { headline: (t) => `# ${t}`, blankLines: true, sentencesPerParagraph: null };

/** `## 标题`, blank line, the passage as one paragraph: the answers bench's pages. */
export const ANSWERS_LAYOUT: PageLayout = { headline: (t) => `## ${t}`, blankLines: true, sentencesPerParagraph: null };

const SENTENCE = /[^。！？!?]+(?:[。！？!?]+[”’」』）)]*|$)/gu;

/** Splits a text into paragraphs of `min..max` sentences (drawn from `rand`). */
export function paragraphsOf(text: string, [min, max]: [number, number], rand: () => number): string[] {
  const sentences = (text.match(SENTENCE) ?? [text]).map((s) => s.trim()).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < sentences.length; ) {
    const n = min + Math.floor(rand() * (max - min + 1));
    out.push(sentences.slice(i, i + n).join(''));
    i += n;
  }
  return out.length ? out : [text];
}

/** YAML front matter stating paper, date and page. */
export function frontMatter(issue: PageIssue): string {
  return `---\npaper: ${issue.paper}\ndate: ${issue.date}\npage: ${issue.page}\n---\n\n`;
}

/** The text of a page file without its YAML front matter (what a peer indexes). */
export function stripFrontMatter(text: string): string {
  return text.replace(/^\uFEFF?---\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/, '').replace(/^\s+/, '');
}

/**
 * Renders one page: front matter, then each article's headline and paragraphs in the given layout. Returns the file
 * text and the articles as printed (headline and body, lead included), for the article-level peers.
 */
export function renderPage(
  source: string, issue: PageIssue, articles: readonly PageArticle[], layout: PageLayout, rand: () => number = Math.random,
): { page: BenchPage; articles: LaidOutArticle[] } {
  const sep = layout.blankLines ? '\n\n' : '\n';
  const printed = articles.map((a) => {
    const paragraphs = layout.sentencesPerParagraph ? paragraphsOf(a.text, layout.sentencesPerParagraph, rand) : [a.text];
    if (a.lead) paragraphs[0] = a.lead + paragraphs[0];
    return { id: a.id, source, title: a.title, text: paragraphs.join(sep), block: [layout.headline(a.title), ...paragraphs].join(sep) };
  });
  const body = printed.map((a) => a.block).join(sep) + '\n';
  return {
    page: { source, content: frontMatter(issue) + body, text: body },
    articles: printed.map(({ block: _b, ...a }) => a),
  };
}

/** Writes page files (and any other files, such as a manifest.json) under `dir`, creating sub-folders. */
export function writePageFiles(dir: string, files: ReadonlyArray<Pick<BenchPage, 'source' | 'content'>>): void {
  for (const f of files) {
    const file = path.join(dir, ...f.source.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, f.content);
  }
}

/** The issue of the n-th page (0-based): `perIssue` pages a day from `firstDay`, cycling after `cycleDays` days. */
export function issueOf(n: number, options: { paper: string; firstDay: string; perIssue?: number; cycleDays?: number }): PageIssue {
  const perIssue = options.perIssue ?? 8;
  const day = Math.floor(n / perIssue) % (options.cycleDays ?? Number.POSITIVE_INFINITY);
  const date = new Date(Date.parse(`${options.firstDay}T00:00:00Z`) + day * 86_400_000).toISOString().slice(0, 10);
  return { paper: options.paper, date, page: (n % perIssue) + 1 };
}

/** Knobs of the page layouts the quality sets use. */
export interface BenchPagesOptions {
  /** Paper name in the front matter. Default `基准日报`. */
  paper?: string;
  /** Date of the first issue. Default 2025-01-01; each issue has 8 pages, one issue a day. */
  firstDay?: string;
  /** Articles per page of the newspaper-page set, `[min, max]`. Default [4, 8]. */
  perPage?: [number, number];
  /** Share of articles whose first paragraph opens with `本报讯　`. Default 0.3. */
  leadShare?: number;
  /** Seed of the layout choices. Default 2018. */
  seed?: number;
}

const pageName = (n: number): string => `p${String(n).padStart(4, '0')}.txt`;

/** One passage per page file: front matter, `# 标题`, the passage text. */
export function onePassagePages(passages: readonly BenchPassage[], options: BenchPagesOptions = {}): { pages: BenchPage[]; articles: LaidOutArticle[] } {
  const at = { paper: options.paper ?? '基准日报', firstDay: options.firstDay ?? '2025-01-01' };
  const laid = passages.map((p, n) => renderPage(pageName(n), issueOf(n, at), [p], SINGLE_LAYOUT));
  return { pages: laid.map((l) => l.page), articles: laid.flatMap((l) => l.articles) };
}

/**
 * The passages laid out as multi-article newspaper pages, in order: 4–8 a page, each page in one of NEWS_LAYOUTS
 * (markdown or plain headlines, with or without blank lines), some articles opening with `本报讯`. Deterministic.
 */
export function newspaperPages(passages: readonly BenchPassage[], options: BenchPagesOptions = {}): { pages: BenchPage[]; articles: LaidOutArticle[]; layouts: Record<string, number> } {
  const rand = mulberry32(options.seed ?? 2018);
  const [lo, hi] = options.perPage ?? [4, 8];
  const at = { paper: options.paper ?? '基准日报', firstDay: options.firstDay ?? '2025-01-01' };
  const names = Object.keys(NEWS_LAYOUTS);
  const pages: BenchPage[] = [];
  const articles: LaidOutArticle[] = [];
  const layouts: Record<string, number> = {};
  for (let i = 0, n = 0; i < passages.length; n++) {
    const count = lo + Math.floor(rand() * (hi - lo + 1));
    const layout = names[n % names.length];
    const onPage = passages.slice(i, i + count).map((p) => ({ ...p, lead: rand() < (options.leadShare ?? 0.3) ? '本报讯　' : undefined }));
    const laid = renderPage(pageName(n), issueOf(n, at), onPage, NEWS_LAYOUTS[layout], rand);
    pages.push(laid.page);
    articles.push(...laid.articles);
    layouts[layout] = (layouts[layout] ?? 0) + 1;
    i += count;
  }
  return { pages, articles, layouts };
}

/**
 * The answers bench's pages: front matter (paper 基准日报, March 2025, 8 pages a day), `perPage` passages each under
 * a `##` headline. Returns passage id → page file.
 */
export function writeBenchPages(passages: readonly BenchPassage[], dir: string, perPage: number): Map<string, string> {
  mkdirSync(dir, { recursive: true });
  const fileOf = new Map<string, string>();
  for (let i = 0, n = 0; i < passages.length; i += perPage, n++) {
    const onPage = passages.slice(i, i + perPage);
    const { page } = renderPage(pageName(n), issueOf(n, { paper: '基准日报', firstDay: '2025-03-01', cycleDays: 28 }), onPage, ANSWERS_LAYOUT);
    writePageFiles(dir, [page]);
    for (const p of onPage) fileOf.set(p.id, page.source);
  }
  return fileOf;
}
