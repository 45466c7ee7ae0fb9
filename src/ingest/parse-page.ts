// One page file's text → page metadata and articles (front matter > manifest > masthead).
import type { Article, PageMeta } from '../domain.js';
import { mergeMeta, metaFromRecord, parseFrontMatter, parseMasthead } from './metadata.js';
import { NO_BUDGET, type Budget } from './budget.js';
import { splitArticles } from './segment.js';

export interface ParsedPage {
  source: string;
  meta: PageMeta;
  articles: Article[];
  /** True when the page had a printed masthead. */
  masthead: boolean;
  /** What was ignored while reading the page (malformed front matter); the page is indexed anyway. */
  warnings: string[];
}

/**
 * Parses one decoded page.
 * @param manifest the manifest.json entry for this file, if any
 * @param budget checked while the page is split; throws BudgetExceededError when it runs out
 */
export function parsePage(text: string, source: string, manifest?: Record<string, unknown> | null, budget: Budget = NO_BUDGET): ParsedPage {
  const front = parseFrontMatter(text);
  const masthead = parseMasthead(text, front.bodyStart);
  const meta = mergeMeta(metaFromRecord(front.fields), metaFromRecord(manifest), masthead?.meta ?? {});
  const from = masthead ? masthead.end : front.bodyStart;
  const articles = splitArticles(text, { source, meta, from, budget });
  return { source, meta, articles, masthead: masthead !== null, warnings: front.warning ? [front.warning] : [] };
}
