// The retrieval bench sets, read from the project's own copy under bench/data/.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';
import type { BenchPassage } from '../peers/types.js';

/** bench/data, resolved from this file so the bench never depends on the working directory. */
export const DATA_DIR = fileURLToPath(new URL('../data/', import.meta.url));

export interface BenchQuestion {
  id: string;
  question: string;
  answers: string[];
  passage_id: string;
}

export interface BenchSet {
  /** Row label, e.g. `drcd-dev → simplified questions`. */
  name: string;
  /** Script of passages / questions, for the table. */
  script: string;
  passages: BenchPassage[];
  questions: BenchQuestion[];
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

/**
 * The three quality sets: CMRC 2018 dev (simplified), DRCD dev (traditional), and DRCD dev with its questions
 * converted to simplified by OpenCC (tw → cn) while the passages stay traditional — the cross-script case.
 */
export function loadQualitySets(dataDir = DATA_DIR): BenchSet[] {
  const cmrc = loadBenchSet('cmrc2018-dev', dataDir);
  const drcd = loadBenchSet('drcd-dev', dataDir);
  const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
  return [
    { name: 'cmrc2018-dev', script: 'simplified', ...cmrc },
    { name: 'drcd-dev', script: 'traditional', ...drcd },
    {
      name: 'drcd-dev, simplified questions',
      script: 'traditional passages, simplified questions',
      passages: drcd.passages,
      questions: drcd.questions.map((q) => ({ ...q, question: toSimplified(q.question) })),
    },
  ];
}
