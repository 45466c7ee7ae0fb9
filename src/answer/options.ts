// The answerer's knobs in one place: evidence thresholds, sentence-scoring weights, aggregation.

/**
 * Options of the extractive answerer. The defaults were set on the dev half of the held-out suite
 * (`EMBEDDING_MODEL=hash npm run -s eval`, eval/qa.jsonl) and on the answers bench (`npm run bench -- --only answers`,
 * CMRC 2018 / DRCD dev laid out as pages; bench/RESULTS.md, "Answers without an LLM"); the test half only scored them.
 */
export interface AnswerOptions {
  /** Retrieved articles whose sentences are read. Default 6. */
  articles: number;
  /** Retrieved articles read by kinds that gather across articles (activities, actors, lists). Default 10. */
  aggregateArticles: number;
  /** Minimum share (idf-weighted) of the question's words printed around the best sentence. Default 0.6. */
  minContextCoverage: number;
  /**
   * Minimum share printed in the best sentence itself. Default 0.4: with partial credit for paraphrases it keeps the
   * answers bench's not-covered questions (the other set's) at the rate 0.3 gave without it.
   */
  minSentenceCoverage: number;
  /** Minimum share printed in one sentence of an article that joins the best one (aggregated answers). Default 0.3. */
  minSupportCoverage: number;
  /** Other articles join a list or who answer when their best sentence scores this share of the best. Default 0.8. */
  aggregateRatio: number;
  /** Weight of a word that names little (one character, the kind of thing asked, 这两天) against its idf. Default 0.3. */
  lightWordWeight: number;
  /**
   * How a sentence is scored: coverage of the question by headline + sentence (`scoped`) and by the sentence with its
   * neighbours (`context`), a bonus when it prints the kind of thing asked (`kind`) or the asked date (`date`), the
   * retrieval score of its article (`retrieval`), minus a little per retrieval rank (`rank`).
   */
  sentenceWeights: { scoped: number; context: number; kind: number; date: number; retrieval: number; rank: number };
  /** Longest quote in characters: a longer stretch of sentences is cut to the sentences that hold the answer. Default 260. */
  maxQuoteChars: number;
  /** Most articles cited in one answer. Default 5. */
  maxCitations: number;
  /**
   * Another paper's article that scores this share of the best one answers a fact question that names no city too:
   * each paper's answer is given. Default 0.8, the share at which articles join a list.
   */
  rivalPaperRatio: number;
}

export const DEFAULT_ANSWER_OPTIONS: Readonly<AnswerOptions> = Object.freeze({
  articles: 6,
  aggregateArticles: 10,
  minContextCoverage: 0.6,
  minSentenceCoverage: 0.5,
  minSupportCoverage: 0.3,
  aggregateRatio: 0.8,
  lightWordWeight: 0.3,
  sentenceWeights: Object.freeze({ scoped: 0.55, context: 0.3, kind: 0.08, date: 0.04, retrieval: 0.05, rank: 0.002 }),
  maxQuoteChars: 260,
  maxCitations: 5,
  rivalPaperRatio: 0.8,
});
