// Scores answers against QA items by the design's rules (NFKC + simplified; must/any; cited source; found:false).
import type { AskResult } from '../domain.js';
import { simplify } from '../text/search-form.js';
import { isPersonName } from '../text/newspaper-conventions.js';
import { TITLED_NAME_RE } from '../text/persons.js';
import { DICTIONARY_IDF_CAP, dictionaryIdf } from '../embed/hash-embeddings.js';

export interface QaItem {
  id: string;
  q: string;
  kind?: string;
  /** dev (studied) or test (only scored); items without one count as dev. */
  split?: 'dev' | 'test';
  /** What a right short answer is: person, org, project, number, date, place, list, sentence, none. */
  answer_type?: string;
  must?: string[];
  any?: string[][];
  source?: string;
  /** All gold files of a question answered from several articles: each must be cited. */
  sources?: string[];
  evidence?: string;
  cite?: { issue?: string; page?: string; date?: string };
  found?: boolean;
}

export interface ItemScore {
  id: string;
  answerOk: boolean;
  citationOk: boolean;
  pass: boolean;
  /** The answer states a short answer that is not an item of the kind asked (a clause fragment). */
  fragment: boolean;
  reason: string;
}

function norm(text: string): string {
  return simplify(text.normalize('NFKC'));
}

/** The short answer an answer states before its quotes, or null when it only quotes (据《…》报道：「…」). */
export function statedShortAnswer(answer: string): string | null {
  const first = answer.split('\n')[0].trim();
  if (!first || first.startsWith('据《') || first.startsWith('「') || first.startsWith('抱歉')) return null;
  return first.replace(/\[\d+\]/g, '').replace(/[。；;]+$/, '').trim() || null;
}

const NUMBER_RE = /[\d０-９〇零一二两三四五六七八九十百千万亿]/;
const DATE_RE = /\d{1,4}\s*[年月日号]|[一二三四五六七八九十〇]+[年月日]|(星期|周)[一二三四五六日天]|[上下]午|凌晨|傍晚|今天|昨天|[上中下]旬|年[底初末内]|月[底初]|季度|(?:节|期|季|学)(?:前|后|期间)|世纪|年代|朝/;

/**
 * Whether a stated short answer is of the kind asked, checked on its shape only (a name, a number, a date …),
 * independently of how the answerer found it. Sentences (why/how questions) and unknown kinds always pass.
 */
export function shortAnswerFits(short: string, answerType: string | undefined): boolean {
  const s = norm(short);
  // Items of a list are split at 、 and ；; 和/及/与 split too, except inside a name (讲解员和某 is one person).
  const items = s.split(/[、；;，,]/).map((x) => x.trim()).filter(Boolean);
  const parts = items.flatMap((it) => it.split(/[和及与]/)).map((x) => x.trim()).filter(Boolean);
  // A name: a surname and one or two characters that are not a dictionary word (高水平 is no name), or two or three
  // characters after an office or a role (讲解员和平, 院长丑某某).
  const named = (it: string) => [2, 3, 4].some((n) => it.length >= n && isPersonName(it.slice(-n)) && dictionaryIdf(it.slice(-n)) >= DICTIONARY_IDF_CAP) ||
    TITLED_NAME_RE.test(it);
  // A named work or body in 《》 is a name, whatever it names (《某某》 for a periodical).
  const titled = /^《[^》]+》$/.test(s);
  switch (answerType) {
    case 'person':
      // A name, maybe after a title: 市委书记张立新 → some 2–4 character tail is a name, or 2–3 characters after an
      // office (a rare surname the surname table lacks: 院长某某).
      return [...items, ...parts].some(named);
    case 'number': return NUMBER_RE.test(s);
    case 'date': return DATE_RE.test(s) || /\d/.test(s);
    case 'list': return parts.length >= 2 || /项目|工程|企业|公司|单位|学校|医院|中心/.test(s);
    case 'project': return titled || /项目|工程|工地|基地|园|中心|馆|场|站|线|路|桥/.test(s);
    case 'place': return /[省市县区镇乡村街道路园馆场站港湾山河湖岛国州城院校所楼厅库]|广场|中心|大厦|社区|村|门诊|号$/.test(s);
    case 'org': return titled || /[局委办厅部院校会社司队所站馆团]|中心|公司|集团|企业|协会|学校|医院|政府|法院|银行|组/.test(s);
    default: return true;
  }
}

/** Scores one result. Items with `found: false` pass only when the result says found:false. */
export function scoreItem(item: QaItem, result: Pick<AskResult, 'found' | 'answer' | 'citations'>): ItemScore {
  if (item.found === false) {
    const pass = result.found === false;
    return { id: item.id, answerOk: pass, citationOk: true, pass, fragment: false, reason: pass ? 'refused as expected' : 'answered an unanswerable question' };
  }
  const answer = norm(result.answer);
  const missing = (item.must ?? []).filter((m) => !answer.includes(norm(m)));
  const anyMissing = (item.any ?? []).filter((group) => !group.some((g) => answer.includes(norm(g))));
  const answerOk = result.found && missing.length === 0 && anyMissing.length === 0;
  const citesFile = (file: string) => result.citations.some((c) => c.source === file &&
    (!item.cite?.issue || c.issue === item.cite.issue) &&
    (!item.cite?.page || c.page === item.cite.page) &&
    (!item.cite?.date || c.date === item.cite.date));
  const gold = item.sources?.length ? item.sources : item.source ? [item.source] : [];
  const citationOk = item.sources?.length ? gold.every((f) => result.citations.some((c) => c.source === f)) : gold.length === 0 || citesFile(gold[0]);
  const short = result.found ? statedShortAnswer(result.answer) : null;
  const fragment = short !== null && !shortAnswerFits(short, item.answer_type);
  const reasons: string[] = [];
  if (!result.found) reasons.push('said not found');
  if (missing.length) reasons.push(`missing ${missing.join('、')}`);
  if (anyMissing.length) reasons.push(`none of ${anyMissing.map((g) => g.join('/')).join('; ')}`);
  if (!citationOk) reasons.push(`no citation of ${gold.join(', ')}${item.cite ? ' ' + JSON.stringify(item.cite) : ''}`);
  if (fragment) reasons.push(`short answer "${short}" is no ${item.answer_type}`);
  return { id: item.id, answerOk, citationOk, pass: answerOk && citationOk && !fragment, fragment, reason: reasons.join('; ') || 'ok' };
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

export interface HalfTotals {
  items: number;
  passed: number;
  /** Answerable items whose answer holds the gold strings. */
  answerable: number;
  answersRight: number;
  citationsRight: number;
  refusals: number;
  refusalsRight: number;
  fragments: number;
}

/** Totals of scored items (answers right, citations right, refusals right, fragment short answers). */
export function totals(items: ReadonlyArray<{ item: QaItem; score: ItemScore }>): HalfTotals {
  const answerable = items.filter((x) => x.item.found !== false);
  const refusals = items.filter((x) => x.item.found === false);
  return {
    items: items.length,
    passed: items.filter((x) => x.score.pass).length,
    answerable: answerable.length,
    answersRight: answerable.filter((x) => x.score.answerOk).length,
    citationsRight: answerable.filter((x) => x.score.citationOk).length,
    refusals: refusals.length,
    refusalsRight: refusals.filter((x) => x.score.pass).length,
    fragments: items.filter((x) => x.score.fragment).length,
  };
}
