// One-line section: a page OCR'd without line breaks (one line of 100 KB … 1 MB), indexed and asked; time must grow
// linearly with the page, and the answer must quote a sentence, not the line.

import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openProductArchive } from './product.js';

/**
 * Invented news sentences (names, places and figures made up), repeated to the page's size; {区} and {人} are a
 * district and a person that change from one repetition to the next, as do the figures.
 */
const SENTENCES = [
  '本报讯（记者 林晓东）8月6日，市委书记王建平深入{区}调研重点项目建设，实地察看了滨河新区中心医院项目、城东污水处理厂扩建项目和智慧物流园项目',
  '王建平强调，要坚持项目为王，全力推动{区}重大项目早开工、早投产、早见效',
  '据了解，滨河新区中心医院项目总投资12.5亿元，规划床位1200张，预计2026年底建成投用',
  '市发展改革委负责人介绍，今年全市共安排省市重点项目484项，截至7月底已完成投资92.8亿元',
  '记者赵明辉从市住建局获悉，{区}老旧小区改造项目已惠及居民3.2万户',
  '在城东污水处理厂扩建项目现场，项目负责人{人}介绍了工程进度和安全生产情况',
  '{区}区长{人}表示，将持续优化营商环境，为项目建设提供全方位服务保障',
  '9月12日至15日，第三届山城文化旅游节将在南湖公园举行，届时将有20余项活动',
];
const DISTRICTS = ['青山区', '东湖区', '南川区', '北塘区', '西岭区', '河口区', '云台区'];
const PEOPLE = ['李国强', '陈晓红', '张海涛', '刘志刚', '周文静'];

/**
 * How the line is punctuated: `stops` — sentences end in 。; `commas` — joined by ， (no 。！？；); `bare` — no
 * punctuation at all, a space between words, and no 项目 (a stretch a 项目 pattern cannot match anywhere).
 */
export type OneLineVariant = 'stops' | 'commas' | 'bare';

/** Figures of a sentence (not its date), varied from one repetition to the next. */
const FIGURE_RE = /\d+(?:\.\d+)?(?=亿元|张|项|万户|余项)/g;

/**
 * One page of about `bytes` UTF-8 bytes on a single line. Figures change from one repetition to the next, so no two
 * chunks are the same text (identical vectors would measure the vector graph's handling of duplicates instead).
 */
export function oneLinePage(bytes: number, variant: OneLineVariant): string {
  const sep = variant === 'stops' ? '。' : variant === 'commas' ? '，' : ' ';
  const pick = (s: string, i: number) => {
    const round = Math.floor(i / SENTENCES.length);
    const t = s.replace(FIGURE_RE, (d) => (round === 0 ? d : String(1 + ((i * 7919) % 9973))))
      .replace('{区}', DISTRICTS[round % DISTRICTS.length]).replace('{人}', PEOPLE[(round + i) % PEOPLE.length]);
    return variant === 'bare' ? t.replace(/项目/g, '工程').replace(/[，、（）]/g, ' ') : t;
  };
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const s = pick(SENTENCES[i % SENTENCES.length], i) + sep;
    parts.push(s);
    size += Buffer.byteLength(s);
  }
  return parts.join('') + '\n';
}

export interface OneLinePlan {
  sizes: number[];
  variants: OneLineVariant[];
  question: string;
}

export const FULL_ONE_LINE: OneLinePlan = { sizes: [100 * 1024, 1024 * 1024], variants: ['stops', 'commas', 'bare'], question: '8月6日市委书记调研了哪些项目？' };
export const QUICK_ONE_LINE: OneLinePlan = { ...FULL_ONE_LINE, sizes: [100 * 1024, 300 * 1024], variants: ['commas', 'bare'] };

export interface OneLineRow {
  variant: OneLineVariant;
  bytes: number;
  chars: number;
  indexSeconds: number;
  askSeconds: number;
  chunks: number;
  answerChars: number;
  longestQuote: number;
}

export interface OneLineReport {
  plan: OneLinePlan;
  rows: OneLineRow[];
}

/** Indexes each page (one file) with `buildIndex` and asks one question of it through `openArchive(…).ask`. */
export async function runOneLineBench(plan: OneLinePlan, log: (line: string) => void): Promise<OneLineReport> {
  // A first small build loads the dictionaries, so the first measured size does not pay for them.
  const warm = await openProductArchive('one-line-warm', (dir) => { mkdirSync(dir, { recursive: true }); writeFileSync(path.join(dir, 'p.txt'), oneLinePage(4096, 'stops')); });
  await warm.archive.ask(plan.question);
  warm.dispose();
  const rows: OneLineRow[] = [];
  for (const variant of plan.variants) {
    for (const bytes of plan.sizes) {
      const text = oneLinePage(bytes, variant);
      const product = await openProductArchive(`one-line-${variant}`, (dir) => { mkdirSync(dir, { recursive: true }); writeFileSync(path.join(dir, 'page.txt'), text); });
      try {
        const t0 = performance.now();
        const answer = await product.archive.ask(plan.question);
        const askSeconds = (performance.now() - t0) / 1000;
        const row: OneLineRow = {
          variant, bytes: Buffer.byteLength(text), chars: text.length, indexSeconds: product.indexSeconds, askSeconds,
          chunks: product.summary.chunks, answerChars: [...answer.answer].length,
          longestQuote: Math.max(0, ...answer.citations.map((c) => [...c.quote].length)),
        };
        rows.push(row);
        log(`one-line: ${variant} ${(row.bytes / 1024).toFixed(0)} KB: index ${row.indexSeconds.toFixed(2)} s, ask ${row.askSeconds.toFixed(2)} s, answer ${row.answerChars} chars, longest quote ${row.longestQuote}`);
      } finally {
        product.dispose();
      }
    }
  }
  return { plan, rows };
}

export function formatOneLine(r: OneLineReport): string {
  const kb = (b: number) => `${(b / 1024).toFixed(0)} KB`;
  const out = [
    'One page file that is a single line (OCR without line breaks) of invented news sentences, indexed with `buildIndex` ' +
      '(`EMBEDDING_MODEL=hash`) and asked one question (`' + r.plan.question + '`) in one process. `stops`: sentences end in 。; ' +
      '`commas`: joined by ，, no 。！？； anywhere; `bare`: no punctuation at all and no 项目. Linear cost means the ratio of ' +
      'the largest to the smallest size is about the ratio of their sizes.',
    '',
    '| variant | size | characters | chunks | index | ask | answer chars | longest quote |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const x of r.rows) {
    out.push(`| ${x.variant} | ${kb(x.bytes)} | ${x.chars.toLocaleString('en')} | ${x.chunks} | ${x.indexSeconds.toFixed(2)} s | ${x.askSeconds.toFixed(2)} s | ${x.answerChars} | ${x.longestQuote} |`);
  }
  out.push('');
  const small = Math.min(...r.plan.sizes);
  const large = Math.max(...r.plan.sizes);
  for (const variant of r.plan.variants) {
    const a = r.rows.find((x) => x.variant === variant && x.bytes >= small && x.bytes < small * 1.1);
    const b = r.rows.find((x) => x.variant === variant && x.bytes >= large && x.bytes < large * 1.1);
    if (!a || !b) continue;
    out.push(`- ${variant}: ${kb(b.bytes)} / ${kb(a.bytes)} = ${(b.bytes / a.bytes).toFixed(1)}× the text: index ${(b.indexSeconds / a.indexSeconds).toFixed(1)}×, ask ${(b.askSeconds / a.askSeconds).toFixed(1)}×`);
  }
  return out.join('\n');
}
