// Answers section: the extractive answerer end to end (ingest → index → ask), no LLM, on the dev sets laid out as
// newspaper pages. Answerable: each dev question asked of its own set; unanswerable: questions of the other set,
// whose topics the archive does not cover.

import { performance } from 'node:perf_hooks';
import { simplify } from '../../src/text/search-form.js';
import { loadBenchSet, type BenchQuestion } from './datasets.js';
import { percentile } from './metrics.js';
import { writeBenchPages } from './pages.js';
import { openProductArchive } from './product.js';
import { table } from './report.js';

export interface AnswersPlan {
  /** Ask every n-th question (1 = all). */
  stride: number;
  /** Passages (articles) per synthetic page. */
  perPage: number;
}

export const FULL_ANSWERS: AnswersPlan = { stride: 1, perPage: 6 };
export const QUICK_ANSWERS: AnswersPlan = { stride: 10, perPage: 6 };

export interface AnswerSetResult {
  name: string;
  pages: number;
  articles: number;
  questions: number;
  /** Share answered (found:true). */
  found: number;
  /** Share whose answer text contains a gold answer span (NFKC, simplified script on both sides). */
  answerHasGold: number;
  /** Share with a citation to the page file that holds the gold passage. */
  citesGold: number;
  /** Share whose cited quote itself contains a gold span. */
  quoteHasGold: number;
  unanswerable: { from: string; questions: number; falseFound: number };
  p50: number;
  p95: number;
  indexSeconds: number;
}

export interface AnswersReport {
  plan: AnswersPlan;
  sets: AnswerSetResult[];
}

const norm = (s: string): string => simplify(s.normalize('NFKC'));

async function runSet(name: string, other: string, plan: AnswersPlan, log: (line: string) => void): Promise<AnswerSetResult> {
  const { passages, questions } = loadBenchSet(name);
  let fileOf = new Map<string, string>();
  const product = await openProductArchive(`answers-${name}`, (dir) => { fileOf = writeBenchPages(passages, dir, plan.perPage); });
  const { archive, summary, indexSeconds } = product;
  try {
    const asked = questions.filter((_, i) => i % plan.stride === 0);
    const times: number[] = [];
    let found = 0;
    let hasGold = 0;
    let cites = 0;
    let quoted = 0;
    log(`answers: ${name}: ${asked.length} questions …`);
    for (const q of asked) {
      const t = performance.now();
      const r = await archive.ask(q.question);
      times.push(performance.now() - t);
      const golds = q.answers.map(norm).filter(Boolean);
      if (r.found) found++;
      if (golds.some((g) => norm(r.answer).includes(g))) hasGold++;
      if (r.citations.some((c) => c.source === fileOf.get(q.passage_id))) cites++;
      if (r.citations.some((c) => golds.some((g) => norm(c.quote).includes(g)))) quoted++;
    }
    const foreign: BenchQuestion[] = loadBenchSet(other).questions.filter((_, i) => i % (plan.stride * 3) === 0);
    log(`answers: ${name}: ${foreign.length} questions from ${other} (not covered) …`);
    let falseFound = 0;
    for (const q of foreign) if ((await archive.ask(q.question)).found) falseFound++;
    const n = asked.length;
    return {
      name,
      pages: summary.files,
      articles: summary.articles,
      questions: n,
      found: found / n,
      answerHasGold: hasGold / n,
      citesGold: cites / n,
      quoteHasGold: quoted / n,
      unanswerable: { from: other, questions: foreign.length, falseFound: falseFound / foreign.length },
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      indexSeconds,
    };
  } finally {
    product.dispose();
  }
}

export async function runAnswersBench(plan: AnswersPlan, log: (line: string) => void): Promise<AnswersReport> {
  const sets = [await runSet('cmrc2018-dev', 'drcd-dev', plan, log), await runSet('drcd-dev', 'cmrc2018-dev', plan, log)];
  return { plan, sets };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

export function formatAnswers(r: AnswersReport): string {
  const out: string[] = [];
  out.push(
    `Each dev set's passages are written as newspaper pages (YAML front matter, ${r.plan.perPage} articles per page under \`##\` headlines), ` +
      'indexed by `buildIndex` with the no-weights embedder, and asked through `openArchive(…).ask` — the same path as `npm run ask`, ' +
      'extractive, no LLM. A question counts as answered right when the answer text contains one of its gold spans (NFKC, simplified script on ' +
      'both sides, as `npm run eval` scores); reading-comprehension questions often paraphrase the passage, so this is a strict test of ' +
      'picking the sentence. *Not covered*: every third question of the other set, about topics the archive does not hold; a good answerer ' +
      'says it found nothing. Latency is wall time per question in one process.' +
      (r.plan.stride > 1 ? ` Quick run: every ${r.plan.stride}th question.` : ''),
    '',
  );
  out.push(
    table(
      ['set', 'articles', 'questions', 'answered', 'answer has gold', 'quote has gold', 'cites gold page', 'not covered: found (lower is better)', 'p50 ms', 'p95 ms'],
      r.sets.map((s) => [
        s.name,
        String(s.articles),
        String(s.questions),
        pct(s.found),
        `**${pct(s.answerHasGold)}**`,
        pct(s.quoteHasGold),
        pct(s.citesGold),
        `${pct(s.unanswerable.falseFound)} of ${s.unanswerable.questions} (${s.unanswerable.from})`,
        s.p50.toFixed(1),
        s.p95.toFixed(1),
      ]),
    ),
  );
  return out.join('\n');
}
