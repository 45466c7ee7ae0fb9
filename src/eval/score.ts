// Scores answers against QA items by the design's rules (NFKC + simplified; must/any; cited source; found:false).
import type { AskResult } from '../domain.js';
import { simplify } from '../text/search-form.js';

export interface QaItem {
  id: string;
  q: string;
  kind?: string;
  must?: string[];
  any?: string[][];
  source?: string;
  evidence?: string;
  cite?: { issue?: string; page?: string; date?: string };
  found?: boolean;
}

export interface ItemScore {
  id: string;
  answerOk: boolean;
  citationOk: boolean;
  pass: boolean;
  reason: string;
}

function norm(text: string): string {
  return simplify(text.normalize('NFKC'));
}

/** Scores one result. Items with `found: false` pass only when the result says found:false. */
export function scoreItem(item: QaItem, result: Pick<AskResult, 'found' | 'answer' | 'citations'>): ItemScore {
  if (item.found === false) {
    const pass = result.found === false;
    return { id: item.id, answerOk: pass, citationOk: true, pass, reason: pass ? 'refused as expected' : 'answered an unanswerable question' };
  }
  const answer = norm(result.answer);
  const missing = (item.must ?? []).filter((m) => !answer.includes(norm(m)));
  const anyMissing = (item.any ?? []).filter((group) => !group.some((g) => answer.includes(norm(g))));
  const answerOk = result.found && missing.length === 0 && anyMissing.length === 0;
  const citationOk = !item.source || result.citations.some((c) =>
    c.source === item.source &&
    (!item.cite?.issue || c.issue === item.cite.issue) &&
    (!item.cite?.page || c.page === item.cite.page) &&
    (!item.cite?.date || c.date === item.cite.date));
  const reasons: string[] = [];
  if (!result.found) reasons.push('said not found');
  if (missing.length) reasons.push(`missing ${missing.join('、')}`);
  if (anyMissing.length) reasons.push(`none of ${anyMissing.map((g) => g.join('/')).join('; ')}`);
  if (!citationOk) reasons.push(`no citation of ${item.source}${item.cite ? ' ' + JSON.stringify(item.cite) : ''}`);
  return { id: item.id, answerOk, citationOk, pass: answerOk && citationOk, reason: reasons.join('; ') || 'ok' };
}

/** Parses a QA JSONL file's text; bad lines are reported, not fatal. */
export function parseQa(text: string): { items: QaItem[]; errors: string[] } {
  const items: QaItem[] = [];
  const errors: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const item = JSON.parse(line) as QaItem;
      if (!item.q) throw new Error('no "q"');
      items.push({ ...item, id: String(item.id ?? `line${i + 1}`) });
    } catch (error) {
      errors.push(`line ${i + 1}: ${(error as Error).message}`);
    }
  });
  return { items, errors };
}
