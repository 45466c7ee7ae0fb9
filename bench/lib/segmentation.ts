// Segmentation section: the ingester's articles on the labelled pages of bench/pages against their gold lists.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Article } from '../../src/domain.js';
import { parsePage } from '../../src/ingest/parse-page.js';
import { toSearchForm } from '../../src/text/search-form.js';
import { LABELLED_PAGES_DIR, splitOf } from './labelled-pages.js';

/** bench/pages: one folder per layout family, `NAME.txt` beside `NAME.gold.json`. */
export const PAGES_DIR = LABELLED_PAGES_DIR;

export interface GoldArticle {
  title: string;
  titleDerived?: boolean;
  kicker?: string | null;
  subtitle?: string | null;
  column?: string | null;
  byline?: string | null;
  kind: string;
  /** First characters of the body as printed. */
  start: string;
  /** Last characters of the body as printed. */
  end: string;
}

export interface GoldPage {
  layout?: string;
  paper?: string | null;
  date?: string | null;
  page?: string | null;
  articles: GoldArticle[];
}

export interface LabelledPage {
  family: string;
  /** Path relative to bench/pages. */
  source: string;
  half: 'dev' | 'test';
  text: string;
  manifest: Record<string, unknown> | null;
  gold: GoldPage;
}

/** Reads every labelled page under `dir` (missing folder: none). */
export function loadLabelledPages(dir = PAGES_DIR): LabelledPage[] {
  if (!existsSync(dir)) return [];
  const out: LabelledPage[] = [];
  for (const family of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    const folder = path.join(dir, family);
    const manifestFile = path.join(folder, 'manifest.json');
    const manifest = existsSync(manifestFile)
      ? ((JSON.parse(readFileSync(manifestFile, 'utf8')) as { files?: Record<string, Record<string, unknown>> }).files ?? {})
      : {};
    const names = readdirSync(folder).filter((f) => f.endsWith('.txt') && existsSync(path.join(folder, f.replace(/\.txt$/, '.gold.json')))).sort();
    names.forEach((name, i) => {
      out.push({
        family,
        source: `${family}/${name}`,
        half: splitOf(i),
        text: readFileSync(path.join(folder, name), 'utf8'),
        manifest: manifest[name] ?? null,
        gold: JSON.parse(readFileSync(path.join(folder, name.replace(/\.txt$/, '.gold.json')), 'utf8')) as GoldPage,
      });
    });
  }
  return out;
}

const CONT_MARK = /[（(]\s*(上接|下转|下轉|接上|转|轉|续|續)(自)?第?\s*[\d一二三四五六七八九十]+\s*版\s*[)）]/g;

/** The form boundaries are compared in: search form, no whitespace, no continuation markers. */
export function flat(text: string): string {
  return toSearchForm(text.normalize('NFKC').replace(CONT_MARK, '')).replace(/\s+/g, '');
}

/** The form headlines are compared in: letters and digits of the search form, photo notes dropped. */
export function titleKey(text: string): string {
  return toSearchForm(text.normalize('NFKC').replace(/[（(]附(图片|照片)\s*\d+\s*张[)）]/g, '')).replace(/[^\p{L}\p{N}]/gu, '');
}

function boundaryMatch(pred: Article, gold: GoldArticle): boolean {
  const body = flat(pred.text);
  const start = [...flat(gold.start)].slice(0, 10).join('');
  const end = [...flat(gold.end)].slice(-10).join('');
  if (!start || !body.startsWith(start)) return false;
  // A photo credit or trailing note the ingester keeps after the gold end is tolerated (a few characters); an
  // author or credit line the ingester took as the byline still ends the article where the gold says.
  const tailOf = (x: string) => x.slice(-Math.max(end.length + 12, 24));
  return tailOf(body).includes(end) || (!!pred.byline && tailOf(body + flat(pred.byline)).includes(end));
}

/** A derived title (brief, caption) matches when either is a prefix of the other, or they share 6 characters. */
export function titleMatch(pred: string, gold: GoldArticle): boolean {
  const p = titleKey(pred.replace(/…$/, ''));
  const g = titleKey(gold.title.replace(/…$/, ''));
  if (!p || !g) return false;
  if (p === g) return true;
  if (!gold.titleDerived) return false;
  // Briefs are titled by their first clause; whether a leading date or place phrase is kept is a matter of taste.
  const n = Math.min(p.length, g.length, 6);
  return n >= 4 && (p.slice(0, 24).includes(g.slice(0, n)) || g.slice(0, 24).includes(p.slice(0, n)));
}

export interface PageScore {
  source: string;
  family: string;
  half: 'dev' | 'test';
  gold: number;
  predicted: number;
  /** Gold articles whose boundaries (first and last characters of the body) an article reproduces. */
  boundaryHits: number;
  /** Of those, how many also carry the gold headline. */
  titleHits: number;
  /** Of those, how many also carry the gold kind. */
  kindHits: number;
  /** Digest view: gold headlines found among the predicted headlines (one to one). */
  digestHits: number;
  /** True when the page has text but no article came out. */
  skipped: boolean;
  misses: Array<{ gold: string; got: string | null }>;
  extras: string[];
}

/** Scores one page: one-to-one matching of predicted and gold articles, in page order. */
export function scorePage(page: LabelledPage): PageScore {
  const parsed = parsePage(page.text, page.source, page.manifest);
  const pred = parsed.articles;
  const used = new Set<number>();
  let boundaryHits = 0;
  let titleHits = 0;
  let kindHits = 0;
  const misses: PageScore['misses'] = [];
  for (const g of page.gold.articles) {
    const i = pred.findIndex((p, k) => !used.has(k) && boundaryMatch(p, g));
    if (i < 0) {
      const near = pred.find((p) => flat(p.text).startsWith([...flat(g.start)].slice(0, 10).join('')));
      misses.push({ gold: g.title, got: near ? `${near.title} (body ends …${[...near.text].slice(-12).join('')})` : null });
      continue;
    }
    used.add(i);
    boundaryHits++;
    if (titleMatch(pred[i].title, g)) titleHits++;
    else misses.push({ gold: g.title, got: `title: ${pred[i].title}` });
    if (pred[i].kind === g.kind) kindHits++;
  }
  const extras = pred.filter((_, k) => !used.has(k)).map((p) => p.title);
  const taken = new Set<number>();
  let digestHits = 0;
  for (const g of page.gold.articles) {
    const i = pred.findIndex((p, k) => !taken.has(k) && titleMatch(p.title, g));
    if (i >= 0) { taken.add(i); digestHits++; }
  }
  return {
    source: page.source, family: page.family, half: page.half, gold: page.gold.articles.length, predicted: pred.length,
    boundaryHits, titleHits, kindHits, digestHits, skipped: pred.length === 0 && /\p{Script=Han}/u.test(page.text), misses, extras,
  };
}

export interface SegmentationTotals {
  pages: number;
  gold: number;
  predicted: number;
  /** Article recall / precision: boundaries reproduced. */
  recall: number;
  precision: number;
  /** Share of boundary-matched articles with the gold headline. */
  headlineAccuracy: number;
  /** Article recall / precision counting only articles right in both boundaries and headline. */
  strictRecall: number;
  strictPrecision: number;
  /** The digest's view: headlines listed that match printed headlines. */
  digestRecall: number;
  digestPrecision: number;
  kindAccuracy: number;
  skippedPages: number;
}

export function totalsOf(scores: readonly PageScore[]): SegmentationTotals {
  const sum = (f: (s: PageScore) => number) => scores.reduce((a, s) => a + f(s), 0);
  const gold = sum((s) => s.gold);
  const predicted = sum((s) => s.predicted);
  const hits = sum((s) => s.boundaryHits);
  const titled = sum((s) => s.titleHits);
  const digest = sum((s) => s.digestHits);
  const ratio = (a: number, b: number) => (b ? a / b : 0);
  return {
    pages: scores.length, gold, predicted,
    recall: ratio(hits, gold), precision: ratio(hits, predicted), headlineAccuracy: ratio(titled, hits),
    strictRecall: ratio(titled, gold), strictPrecision: ratio(titled, predicted),
    digestRecall: ratio(digest, gold), digestPrecision: ratio(digest, predicted),
    kindAccuracy: ratio(sum((s) => s.kindHits), hits),
    skippedPages: scores.filter((s) => s.skipped).length,
  };
}

export interface SegmentationReport {
  pages: PageScore[];
  dev: SegmentationTotals;
  test: SegmentationTotals;
  families: Array<{ family: string; dev: SegmentationTotals; test: SegmentationTotals }>;
}

/** Scores every labelled page; the halves and families are reported apart. */
export function runSegmentation(dir = PAGES_DIR): SegmentationReport {
  const pages = loadLabelledPages(dir).map(scorePage);
  const families = [...new Set(pages.map((p) => p.family))].map((family) => ({
    family,
    dev: totalsOf(pages.filter((p) => p.family === family && p.half === 'dev')),
    test: totalsOf(pages.filter((p) => p.family === family && p.half === 'test')),
  }));
  return { pages, dev: totalsOf(pages.filter((p) => p.half === 'dev')), test: totalsOf(pages.filter((p) => p.half === 'test')), families };
}

const f3 = (x: number) => x.toFixed(3);

/** Markdown for the segmentation part of the ingest section. */
export function formatSegmentation(report: SegmentationReport): string {
  const row = (name: string, t: SegmentationTotals) =>
    `| ${name} | ${t.pages} | ${t.gold} | ${t.predicted} | ${f3(t.recall)} | ${f3(t.precision)} | ${f3(t.headlineAccuracy)} | ${f3(t.strictRecall)} | ${f3(t.strictPrecision)} | ${f3(t.digestRecall)} | ${f3(t.digestPrecision)} | ${f3(t.kindAccuracy)} | ${t.skippedPages} |`;
  const out = [
    'Labelled pages in bench/pages (written for this project; see bench/pages/README.md), split before any failure was looked at: ' +
      'within each layout family, files sorted by name, even positions dev, odd positions test. An article is **found** when some ' +
      'article reproduces its body boundaries (first and last ten characters, search form); **headline** = of those, the gold ' +
      'headline too; **strict** = both; **digest** = headlines listed against printed headlines, one to one. Trust the test half.',
    '',
    '| half | pages | gold | articles | recall | precision | headline acc. | strict R | strict P | digest R | digest P | kind acc. | pages skipped |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    row('**dev**', report.dev),
    row('**test**', report.test),
  ];
  for (const f of report.families) {
    out.push(row(`${f.family} dev`, f.dev), row(`${f.family} test`, f.test));
  }
  return out.join('\n');
}
