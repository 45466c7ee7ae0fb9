// The bench's data: the reading-comprehension sets under bench/data/, and the shapes of the quality sets built on them.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchPassage } from '../peers/types.js';
import type { BenchPage, LaidOutArticle } from './pages.js';

/** bench/data, resolved from this file so the bench never depends on the working directory. */
export const DATA_DIR = fileURLToPath(new URL('../data/', import.meta.url));

/** A question of a reading-comprehension set, as stored in bench/data. */
export interface BenchQuestion {
  id: string;
  question: string;
  answers: string[];
  passage_id: string;
}

/** A query of a quality set: its gold is one or more page files (by `source`). */
export interface BenchQuery {
  id: string;
  question: string;
  /** Sources of the page files that count as a right first hit (usually one). */
  gold: string[];
  /** Headline of the article the query is about, for the misses file. */
  title?: string;
}

/** The page files an archive is built from; the project and every peer see the same pages. */
export interface BenchCorpus {
  name: string;
  /** One line on how the pages were made, for the report. */
  description: string;
  pages: BenchPage[];
  /** Other files written beside the pages (a manifest.json), not indexed by the peers. */
  extraFiles: Array<Pick<BenchPage, 'source' | 'content'>>;
  /**
   * The articles as laid out, each mapped to its page, for the article-level peers; null when a page is one article
   * (then the article-level peers would repeat the page-level ones) or when the articles are not known.
   */
  articles: LaidOutArticle[] | null;
  /** Why `articles` is null, for the report. */
  articlesNote?: string;
}

export type Split = 'dev' | 'test';

/** A quality set: queries over a corpus. Several sets may share one corpus (it is then indexed once). */
export interface BenchSet {
  /** Row label, e.g. `drcd-dev, simplified questions`. */
  name: string;
  /** Script of pages and queries, and what the queries are. */
  script: string;
  split: Split;
  corpus: BenchCorpus;
  questions: BenchQuery[];
}

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

/** Loads `<base>-passages.jsonl` and `<base>-questions.jsonl`, dropping empty questions. */
export function loadBenchSet(base: string, dataDir = DATA_DIR): { passages: BenchPassage[]; questions: BenchQuestion[] } {
  const passages = readJsonl<BenchPassage>(path.join(dataDir, `${base}-passages.jsonl`));
  const questions = readJsonl<BenchQuestion>(path.join(dataDir, `${base}-questions.jsonl`)).filter((q) => q.question.trim());
  return { passages, questions };
}
