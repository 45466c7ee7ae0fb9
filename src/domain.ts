// Plain typed data that flows through the pipeline: pages, articles, chunks, citations, answers.

/** Facts about one page file; every field is null unless a source actually states it. */
export interface PageMeta {
  paper: string | null;
  /** ISO date YYYY-MM-DD of the issue. */
  date: string | null;
  /** Issue number (期) as printed, digits only. */
  issue: string | null;
  /** Page number (版) as digits. */
  page: string | null;
  pageName: string | null;
  /** Pages in the issue (今日4版), known from a masthead. */
  pageCount: number | null;
}

export type ArticleKind = 'news' | 'photo' | 'notice' | 'editorial' | 'document' | 'fragment';

/** Where something was printed: the page file (relative to the input folder) and what that page states. */
export interface Printed {
  source: string;
  paper: string | null;
  date: string | null;
  issue: string | null;
  page: string | null;
}

/** One stretch of an article on one page; continued articles have several. */
export interface ArticlePart extends Printed {
  /** Character offsets into the original file text (after BOM removal and decoding). */
  start: number;
  end: number;
}

export interface Article extends Printed {
  /** Stable id: `${source}#` and a digest of headline and first sentence (see segment.ts); survives page edits. */
  id: string;
  title: string;
  kicker: string | null;
  subtitle: string | null;
  column: string | null;
  byline: string | null;
  kind: ArticleKind;
  /** Body in the original script, paragraphs joined by "\n", column breaks rejoined. */
  text: string;
  /** All parts in reading order (first is the article's home page). */
  parts: ArticlePart[];
  /** Pages this article is printed on, in order ("1", "3"); unknown pages are left out. */
  pages: string[];
  /** Continuation hints printed in the text: 下转第三版 → "3", 上接第一版 → "1". */
  continuedTo: string | null;
  continuedFrom: string | null;
  /** Offsets in `text` where a paragraph broken by a column break was rejoined (a quote spanning one is verbatim
   * article text, though not verbatim file text). */
  joins: number[];
}

export interface Chunk extends Printed {
  id: string;
  articleId: string;
  /** Chunk text in the original script. */
  text: string;
  /** Offset of the chunk inside its article's `text`. */
  start: number;
  title: string;
}

export interface Citation extends Printed {
  n: number;
  title: string;
  /** Verbatim substring of the source article (identifiers masked). */
  quote: string;
  /** Internal: the cited article, for "open source" buttons. Not part of the CLI JSON. */
  articleId?: string;
}

export interface Passage {
  source: string;
  title: string;
  text: string;
  score: number;
  /** Internal: not part of the CLI JSON. */
  articleId?: string;
  chunkId?: string;
}

export interface AskResult {
  question: string;
  found: boolean;
  answer: string;
  ms: number;
  citations: Citation[];
  passages: Passage[];
}

export interface DigestItem {
  paper: string | null;
  issue: string | null;
  page: string | null;
  title: string;
  summary: string;
  source: string;
  /** Internal: for buttons. */
  articleId?: string;
}

export interface Digest {
  /** The issue date listed, or null for the undated pages. */
  date: string | null;
  items: DigestItem[];
}

export interface ArchiveStats {
  papers: string[];
  dateRange: { from: string | null; to: string | null };
  issues: number;
  files: number;
  articles: number;
  chunks: number;
  embedder: string;
  /** True when the index was built by the no-weights fallback because the model could not load. */
  embedderFallback: boolean;
  builtAt: string | null;
}

/** What the bot and the terminal chat need from the archive; implemented in src/archive.ts. */
export interface ArchiveService {
  ask(question: string, options?: { k?: number }): Promise<AskResult>;
  /** Latest issue when `date` is omitted. */
  digest(date?: string): Promise<Digest>;
  /** Dates of issues, newest first. */
  issueDates(): string[];
  article(articleId: string): Article | null;
  stats(): ArchiveStats;
}

/** What one run of the index build reports. */
export interface IndexSummary {
  files: number;
  /** Files whose content changed or that are new, re-parsed and re-embedded this run. */
  changedFiles: number;
  removedFiles: number;
  articles: number;
  chunks: number;
  skipped: Array<{ source: string; reason: string }>;
  /** Pages indexed with a part of them ignored (malformed front matter), and why: indexed, unlike `skipped`. */
  warnings: Array<{ source: string; reason: string }>;
  embedder: string;
  embedderFallback: boolean;
  seconds: number;
  outDir: string;
  /** Issue dates present after this run that were not present before it (for subscription pushes). */
  newDates: string[];
}
