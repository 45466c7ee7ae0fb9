// The labelled-pages sets: hand-labelled page files under bench/pages/<family>/NAME.txt with NAME.gold.json, asked by
// their printed headlines; split into dev and test halves by a fixed rule.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeText } from '../../src/ingest/decode.js';
import { toSearchForm } from '../../src/text/search-form.js';
import type { BenchCorpus, BenchQuery, BenchSet, Split } from './datasets.js';
import { ROOT } from './env.js';
import { stripFrontMatter, type BenchPage, type LaidOutArticle } from './pages.js';

/** Where the labelled pages live in the repository. */
export const LABELLED_PAGES_DIR = path.join(ROOT, 'bench', 'pages');

/** One article of a NAME.gold.json (the fields the bench reads). */
export interface LabelledArticle {
  title: string;
  /** True when the labeller made the title up (the page prints none): such a title is not a headline query. */
  titleDerived: boolean;
  /** The first and last characters of the article's text as printed, to find it on the page. */
  start?: string;
  end?: string;
}

const PAGE_EXT = /\.(txt|md|markdown)$/i;
const goldFileOf = (pageFile: string): string => pageFile.replace(PAGE_EXT, '.gold.json');

/**
 * Which half a labelled page belongs to: within its family folder, the labelled pages sorted by name, even positions
 * (0, 2, 4 …) are dev and odd ones test.
 */
export function splitOf(positionInFamily: number): Split {
  return positionInFamily % 2 === 0 ? 'dev' : 'test';
}

/** Every file under `dir` (hidden entries skipped), as forward-slash paths relative to it, sorted. */
function listFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(dir, child));
    else if (entry.isFile()) out.push(child);
  }
  return out.sort();
}

/** The article's text on the page, found by its `start` and `end` anchors after `from`, or null. */
function locate(text: string, a: LabelledArticle, from: number): { start: number; end: number } | null {
  if (!a.start || !a.end) return null;
  const start = text.indexOf(a.start, from);
  if (start < 0) return null;
  const endAt = text.indexOf(a.end, start);
  return endAt < 0 ? null : { start, end: endAt + a.end.length };
}

const titleKey = (title: string): string => toSearchForm(title).replace(/\s+/gu, '');

/**
 * Builds the `pages (dev)` and `pages (test)` sets from `dir`, or returns [] when there is no such folder. Every page
 * file is indexed as is, under its path relative to `dir` (manifest.json files are copied beside them); the queries
 * are the gold titles whose `titleDerived` is false, and a query's gold is its page — and any other page labelled
 * with the same headline (a repeated or continued headline), since either is a right first hit. Both halves are
 * asked of one archive holding every page, as the bot would hold them.
 */
export function loadLabelledPages(dir = LABELLED_PAGES_DIR): BenchSet[] {
  if (!existsSync(dir)) return [];
  const files = listFiles(dir);
  const pages: BenchPage[] = [];
  const extraFiles: BenchCorpus['extraFiles'] = [];
  const golds = new Map<string, LabelledArticle[]>();
  for (const source of files) {
    const abs = path.join(dir, ...source.split('/'));
    if (path.posix.basename(source) === 'manifest.json') {
      extraFiles.push({ source, content: readFileSync(abs) });
      continue;
    }
    if (!PAGE_EXT.test(source)) continue;
    const content = readFileSync(abs);
    let text = '';
    try {
      text = stripFrontMatter(decodeText(content, source).text);
    } catch {
      // A deliberately broken page: the project reports and skips it; the peers index nothing for it.
    }
    pages.push({ source, content, text });
    const goldFile = goldFileOf(source);
    if (files.includes(goldFile)) {
      const gold = JSON.parse(readFileSync(path.join(dir, ...goldFile.split('/')), 'utf8')) as { articles?: LabelledArticle[] };
      golds.set(source, gold.articles ?? []);
    }
  }

  // The articles on each page, for the article-level peers: only when every page is labelled and every article found.
  const articles: LaidOutArticle[] = [];
  let unresolved = pages.filter((p) => !golds.has(p.source)).length;
  for (const page of pages) {
    let from = 0;
    (golds.get(page.source) ?? []).forEach((a, i) => {
      const span = locate(page.text, a, from);
      if (!span) { unresolved++; return; }
      from = span.end;
      articles.push({ id: `${page.source}#${i}`, source: page.source, title: a.title, text: page.text.slice(span.start, span.end) });
    });
  }

  const byTitle = new Map<string, string[]>();
  for (const [source, list] of golds) {
    for (const a of list) {
      if (a.titleDerived || !a.title?.trim()) continue;
      const key = titleKey(a.title);
      byTitle.set(key, [...new Set([...(byTitle.get(key) ?? []), source])]);
    }
  }

  const corpus: BenchCorpus = {
    name: 'labelled pages',
    description: `${pages.length} hand-labelled page files from bench/pages/, indexed as they are`,
    pages,
    extraFiles,
    articles: unresolved === 0 && articles.length ? articles : null,
    articlesNote: unresolved ? `${unresolved} labelled articles or unlabelled pages could not be located, so no article-level peers` : undefined,
  };
  const questions: Record<Split, BenchQuery[]> = { dev: [], test: [] };
  const families = new Map<string, string[]>();
  for (const source of golds.keys()) {
    const family = path.posix.dirname(source);
    families.set(family, [...(families.get(family) ?? []), source]);
  }
  // A headline labelled on several pages of one half is asked once there (its gold holds every such page).
  const seen: Record<Split, Set<string>> = { dev: new Set(), test: new Set() };
  for (const sources of families.values()) {
    sources.sort().forEach((source, position) => {
      const split = splitOf(position);
      golds.get(source)!.forEach((a, i) => {
        if (a.titleDerived || !a.title?.trim()) return;
        const key = titleKey(a.title);
        if (seen[split].has(key)) return;
        seen[split].add(key);
        questions[split].push({ id: `${source}#${i}`, question: a.title.trim(), gold: byTitle.get(key)!, title: a.title });
      });
    });
  }
  return (['dev', 'test'] as const).map((split) => ({
    name: `pages (${split})`,
    script: 'as printed; printed headlines as queries',
    split,
    corpus,
    questions: questions[split],
  }));
}
