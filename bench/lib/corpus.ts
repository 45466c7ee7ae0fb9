// A synthetic newspaper corpus for the ingest bench: pages recombined from the bench passages' sentences.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadBenchSet } from './datasets.js';
import { mulberry32 } from './vectors.js';

export interface CorpusStats {
  files: number;
  bytes: number;
  chars: number;
  articles: number;
}

interface Pool {
  sentences: string[];
  titles: string[];
}

function poolOf(base: string): Pool {
  const { passages } = loadBenchSet(base);
  const sentences: string[] = [];
  for (const p of passages) {
    for (const s of p.text.match(/[^。！？!?]+[。！？!?]?/gu) ?? []) {
      const t = s.trim();
      if ([...t].length >= 8) sentences.push(t);
    }
  }
  return { sentences, titles: [...new Set(passages.map((p) => p.title))] };
}

/** How many articles, paragraphs and sentences a page has (inclusive ranges), and where to stop. */
export interface PageShape {
  articles: readonly [number, number];
  paragraphs: readonly [number, number];
  sentences: readonly [number, number];
  /** Stop after this many files even when `targetBytes` is not reached. Default: no limit. */
  maxFiles?: number;
}

/** The ingest bench's pages: 4–7 articles of 3–7 paragraphs of 2–5 sentences (about 12 KB a page). */
export const FULL_PAGE: PageShape = { articles: [4, 7], paragraphs: [3, 7], sentences: [2, 5] };

/** Short pages (about 2–3 KB): many files for little text, as the bot bench's /reindex needs. */
export const SHORT_PAGE: PageShape = { articles: [2, 4], paragraphs: [1, 3], sentences: [2, 4] };

const KICKERS = ['政务动态', '经济观察', '民生关注', '文化视点', '基层一线'];
const REPORTERS = ['张泉东', '郝宇佳', '李明', '王晓燕', '赵文', '刘洋'];

/**
 * Writes newspaper-like page files into `dir` until they hold `targetBytes` (or `shape.maxFiles` files): YAML front
 * matter (paper, date, issue, page), then articles (default 4–7), each a `##` headline built from a passage title,
 * sometimes a column label and a `本报讯` lead, paragraphs (default 3–7) of recombined sentences (default 2–5), and a
 * byline. One page in three is in traditional script (DRCD sentences), the rest simplified (CMRC). Deterministic for
 * a given seed and shape.
 */
export function writeSyntheticCorpus(dir: string, targetBytes: number, seed = 7, shape: PageShape = FULL_PAGE): CorpusStats {
  mkdirSync(dir, { recursive: true });
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const between = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const simplified = poolOf('cmrc2018-dev');
  const traditional = poolOf('drcd-dev');
  const stats: CorpusStats = { files: 0, bytes: 0, chars: 0, articles: 0 };
  let day = 0;
  const more = (): boolean => stats.bytes < targetBytes && stats.files < (shape.maxFiles ?? Infinity);
  while (more()) {
    const date = new Date(Date.UTC(2024, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    for (let page = 1; page <= 4 && more(); page++) {
      const pool = stats.files % 3 === 2 ? traditional : simplified;
      const lines = ['---', 'paper: 合成日报', `date: ${date}`, `issue: ${10_000 + day}`, `page: ${page}`, '---', ''];
      const articles = between(...shape.articles);
      for (let a = 0; a < articles; a++) {
        if (rand() < 0.3) lines.push(`### ${pick(KICKERS)}`, '');
        lines.push(`## ${pick(pool.titles)}${rand() < 0.5 ? '' : `：${pick(pool.titles)}`}`, '');
        const paragraphs = between(...shape.paragraphs);
        for (let p = 0; p < paragraphs; p++) {
          const body = Array.from({ length: between(...shape.sentences) }, () => pick(pool.sentences)).join('');
          lines.push((p === 0 && rand() < 0.5 ? '本报讯 ' : '') + body, '');
        }
        lines.push(`（${pick(REPORTERS)}）`, '');
      }
      const text = lines.join('\n');
      writeFileSync(path.join(dir, `${date}_${String(page).padStart(2, '0')}.txt`), text);
      stats.files++;
      stats.bytes += Buffer.byteLength(text);
      stats.chars += [...text].length;
      stats.articles += articles;
    }
    day++;
  }
  return stats;
}
