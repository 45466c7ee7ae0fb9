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

/** A daily paper's run of issues: what {@link writeDailyArchive} writes. */
export interface DailyArchiveOptions {
  /** Consecutive days to write. */
  days: number;
  /** Days after the archive's first date at which to start (0 = the first issue); a later call appends. Default 0. */
  firstDay?: number;
  /** Pages in every issue. Default 8. */
  pagesPerDay?: number;
  /**
   * Characters of page text aimed at (a page stops after the article that reaches a target drawn from this range).
   * Default 5,800–8,400, which with the last article's overshoot makes about 7,700 a page, 1.85 M characters over 30 days of 8 pages — a national daily's month.
   */
  charsPerPage?: readonly [number, number];
  /** Same seed, options and day → the same page, whatever else was written. Default 11. */
  seed?: number;
  /** Date of day 0. Default 2021-01-01. */
  startDate?: string;
}

/** The paper's name in the front matter of every page (invented). */
export const ARCHIVE_PAPER = '合成时报';

/** One article's checkable facts: its printed headline and a question whose answer is only on its page. */
export interface ArchiveArticle {
  headline: string;
  /** A question about the article's fact sentence, in simplified script, naming its unique place. */
  question: string;
}

/** One page written, with the source an `ask` should cite for its articles. */
export interface ArchivePage {
  /** Path relative to the archive folder, as `passages[].source` reports it. */
  source: string;
  date: string;
  page: number;
  articles: ArchiveArticle[];
}

export interface DailyArchive {
  stats: CorpusStats;
  pages: ArchivePage[];
}

// Invented place names: two syllables of a county, two of a village (40 × 40 × 40 × 40 = 2.56 M names), so every
// article carries a name printed nowhere else in the archive, and a question naming it has one right page.
const NAME_CHARS = [...'青禾石岭安平泉河松柏丰宁兴和清源溪桥阳山林川云凤金银水东西南北新古长乐福寿仁义德华盛'];
const COUNTY_SUFFIX = '县';
const VILLAGE_SUFFIX = '村';
const NAME_SPACE = NAME_CHARS.length ** 4;
/** Odd and not a multiple of 5: coprime to 40^4, so `index × STEP mod NAME_SPACE` is a bijection (no name twice). */
const NAME_STEP = 1_234_567;
/** Articles a day may have at most; with it, the place-name indices of different days never collide. */
const ARTICLES_PER_DAY_MAX = 400;

function uniquePlace(index: number): string {
  let s = Number(((BigInt(index) + 1n) * BigInt(NAME_STEP) + 777_777n) % BigInt(NAME_SPACE));
  const digit = (): string => { const c = NAME_CHARS[s % NAME_CHARS.length]; s = Math.floor(s / NAME_CHARS.length); return c; };
  return `${digit()}${digit()}${COUNTY_SUFFIX}${digit()}${digit()}${VILLAGE_SUFFIX}`;
}

/** Invented fact sentences (place, number) and the question each answers; written for this bench, not quoted. */
const FACTS: ReadonlyArray<{ fact: (p: string, n: number) => string; question: (p: string) => string }> = [
  { fact: (p, n) => `${p}今年新建标准化厂房${n}栋，预计年底前全部投入使用。`, question: (p) => `${p}今年新建标准化厂房多少栋？` },
  { fact: (p, n) => `${p}已完成老旧小区改造${n}个，惠及居民两千余户。`, question: (p) => `${p}完成了多少个老旧小区改造？` },
  { fact: (p, n) => `${p}本月新增公益性岗位${n}个，优先安置就业困难人员。`, question: (p) => `${p}本月新增了多少个公益性岗位？` },
  { fact: (p, n) => `${p}共有${n}名志愿者参加了周末的河道清理活动。`, question: (p) => `${p}河道清理活动有多少名志愿者参加？` },
  { fact: (p, n) => `${p}今年计划植树${n}万株，目前已完成六成。`, question: (p) => `${p}今年计划植树多少万株？` },
  { fact: (p, n) => `${p}农产品展销会吸引客商${n}家，现场签约金额创新高。`, question: (p) => `${p}农产品展销会吸引了多少家客商？` },
  { fact: (p, n) => `${p}卫生院今年为${n}名老人建立了健康档案。`, question: (p) => `${p}卫生院为多少名老人建立了健康档案？` },
  { fact: (p, n) => `${p}新修通村公路${n}公里，沿线群众出行更加便利。`, question: (p) => `${p}新修了多少公里通村公路？` },
];

/** 32-bit mix of the seed and a day number, so each day has its own random stream. */
function daySeed(seed: number, day: number): number {
  let h = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(day + 1, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

let traditionalConverter: ((s: string) => string) | null = null;
async function toTraditional(): Promise<(s: string) => string> {
  const OpenCC = await import('opencc-js');
  const convert = traditionalConverter ?? OpenCC.Converter({ from: 'cn', to: 'tw' });
  traditionalConverter = convert;
  return convert;
}

/**
 * Writes a daily paper into `dir`: `YYYY-MM/YYYY-MM-DD_PP.txt`, `pagesPerDay` pages a day for `days` consecutive
 * days from `startDate + firstDay`. Each page has YAML front matter (paper, date, issue — one number a day — page and
 * page count), then articles under `##` headlines until the page reaches its character target: the headline puts an
 * invented, archive-unique place name before a passage title, the lead sentence states a fact about that place (a
 * number), and recombined sentences of the bench passages fill the paragraphs (one page in three in traditional
 * script, DRCD sentences, the fact converted by OpenCC). Returns, per page, the headlines and fact questions that have
 * it as their one right answer. Each day is drawn from its own seeded stream, so writing day 31 later (to measure an
 * incremental update) gives the page a 31-day run would have had.
 */
export async function writeDailyArchive(dir: string, options: DailyArchiveOptions): Promise<DailyArchive> {
  const pagesPerDay = options.pagesPerDay ?? 8;
  const [minChars, maxChars] = options.charsPerPage ?? [5_800, 8_400];
  const seed = options.seed ?? 11;
  const firstDay = options.firstDay ?? 0;
  const start = Date.parse(`${options.startDate ?? '2021-01-01'}T00:00:00Z`);
  if (!Number.isInteger(pagesPerDay) || pagesPerDay < 1) throw new Error(`pagesPerDay must be a positive whole number, got ${pagesPerDay}`);
  if ((firstDay + options.days) * ARTICLES_PER_DAY_MAX > NAME_SPACE) throw new Error(`at most ${NAME_SPACE / ARTICLES_PER_DAY_MAX} days have unique place names`);
  const simplified = poolOf('cmrc2018-dev');
  const traditional = poolOf('drcd-dev');
  const toTw = await toTraditional();
  const stats: CorpusStats = { files: 0, bytes: 0, chars: 0, articles: 0 };
  const pages: ArchivePage[] = [];
  for (let day = firstDay; day < firstDay + options.days; day++) {
    const rand = mulberry32(daySeed(seed, day));
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const between = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
    const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
    const monthDir = path.join(dir, date.slice(0, 7));
    mkdirSync(monthDir, { recursive: true });
    let articleOfDay = 0;
    for (let page = 1; page <= pagesPerDay; page++) {
      const isTraditional = (day * pagesPerDay + page) % 3 === 0;
      const pool = isTraditional ? traditional : simplified;
      const script = isTraditional ? toTw : (s: string) => s;
      const head = ['---', `paper: ${ARCHIVE_PAPER}`, `date: ${date}`, `issue: ${20_000 + day}`, `page: ${page}`, `page_count: ${pagesPerDay}`, '---', ''];
      const body: string[] = [];
      const target = between(minChars, maxChars);
      const articles: ArchiveArticle[] = [];
      let chars = 0;
      while (chars < target && articleOfDay < ARTICLES_PER_DAY_MAX) {
        const place = uniquePlace(day * ARTICLES_PER_DAY_MAX + articleOfDay++);
        const fact = pick(FACTS);
        const headline = `${script(place)}：${pick(pool.titles)}`;
        const lines: string[] = [];
        if (rand() < 0.3) lines.push(`### ${script(pick(KICKERS))}`, '');
        lines.push(`## ${headline}`, '');
        const paragraphs = between(3, 7);
        for (let p = 0; p < paragraphs; p++) {
          const filler = Array.from({ length: between(2, 5) }, () => pick(pool.sentences)).join('');
          lines.push(p === 0 ? `${script('本报讯')} ${script(fact.fact(place, between(3, 980)))}${filler}` : filler, '');
        }
        lines.push(`（${script(pick(REPORTERS))}）`, '');
        const text = lines.join('\n');
        body.push(text);
        chars += [...text].length;
        articles.push({ headline, question: fact.question(place) });
      }
      const text = [...head, ...body].join('\n');
      const source = `${date.slice(0, 7)}/${date}_${String(page).padStart(2, '0')}.txt`;
      writeFileSync(path.join(dir, source), text);
      pages.push({ source, date, page, articles });
      stats.files++;
      stats.bytes += Buffer.byteLength(text);
      stats.chars += [...text].length;
      stats.articles += articles.length;
    }
  }
  return { stats, pages };
}
