// What the answerer is given: the analysed question, the retrieved articles and lookups into the archive.
import type { Article } from '../domain.js';
import type { ArticleHit } from '../retrieve/hybrid.js';
import type { QueryAnalysis } from '../retrieve/query.js';
import type { ActivityEvent } from './events.js';

export interface AnswerContext {
  analysis: QueryAnalysis;
  /** Retrieved articles, best first (treated as given). */
  hits: ArticleHit[];
  /** Inverse document frequency of a lexical term (0 when unknown). */
  idf: (term: string) => number;
  /** Document frequency of a lexical term. */
  df: (term: string) => number;
  eventsOf: (article: Article) => ActivityEvent[];
  /** The page (part) a text offset of an article falls in. */
  partOf: (article: Article, offset: number) => Article['parts'][number];
  /** What the archive holds: its papers and issue dates (newest first), for refusals that say what was searched. */
  archive: { papers: string[]; dates: string[] };
  /** Words carried from an earlier question of the same message (…花了多少钱？中央补助了多少？): they weigh little. */
  carried?: ReadonlySet<string>;
}
