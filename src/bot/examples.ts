// Example questions for /start, built from the latest issue's headlines so they speak of the archive served.
import type { Digest, DigestItem } from '../domain.js';
import { simplify } from '../text/search-form.js';
import { EXAMPLE_PHRASES, GENERIC_EXAMPLE_QUESTIONS } from './messages.zh.js';

/**
 * Activity verbs that follow a person's name at the start of a headline (王建国主持召开全市防汛工作会议), longest
 * first, in simplified script: such a headline becomes "who did it?" (谁主持召开了全市防汛工作会议？).
 */
const WHO_VERBS = [
  '带队专题调研', '带队调研', '带队视察', '带队检查', '主持召开', '看望慰问', '走访慰问', '专题调研', '调研', '视察', '督导',
  '检查', '会见', '看望', '慰问', '走访', '出席', '主持',
];

/** Headlines that are not reports (notices, ads, lists): no question about them reads naturally. */
const NOT_A_REPORT = /声明|公告|启事|启示|公约|广告|讣告|通告|须知|名单|目录|导读|要目|天气|无标题/;

/** First characters of a headline's opening word that make it an institution or place, not a person. */
const NOT_A_NAME_START = /^[我全本该各市省县区乡镇村党团国中]/;
/** Last characters that make it a title or an institution (局长, 市委), not a person. */
const NOT_A_NAME_END = /[长记任员席理委局厅部院会办处科所校司队组]$/;

const HAN = /\p{Script=Han}/gu;
const hanCount = (s: string) => (s.match(HAN) ?? []).length;

/** A headline short and plain enough to quote in a question. */
function quotable(item: DigestItem): boolean {
  const title = item.title.trim();
  const han = hanCount(title);
  return han >= 5 && [...title].length <= 26 && !/[…《》<>*]|\.\.\./.test(title) && !NOT_A_REPORT.test(simplify(title));
}

const WHO_RE = new RegExp(`^(\\p{Script=Han}{2,3}?)(${WHO_VERBS.join('|')})([\\p{Script=Han}\\d“”]{4,22})$`, 'u');

/** 谁…了…？ from a headline that opens with a person's name and an activity verb, or null. */
export function whoQuestion(title: string): string | null {
  const m = WHO_RE.exec(simplify(title.normalize('NFKC')).replace(/\s+/g, ''));
  if (!m) return null;
  const [, name, verb, object] = m;
  if (NOT_A_NAME_START.test(name) || NOT_A_NAME_END.test(name)) return null;
  return EXAMPLE_PHRASES.whoDid(verb, object);
}

function pageNumber(item: DigestItem): number {
  const n = item.page ? Number.parseInt(item.page, 10) : Number.NaN;
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}

/**
 * Up to `count` questions the archive can answer, from the digest of its latest issue: who did what (from a
 * headline naming a person and an activity), what that day's front page carried, and what a headline reported.
 * When the digest is empty, generic questions naming no paper.
 * @example exampleQuestions(await archive.digest()) // ['谁主持召开了全市防汛工作会议？', '3月13日河东日报头版有哪些报道？', …]
 */
export function exampleQuestions(latest: Digest, count = 3): string[] {
  const items = latest.items.filter(quotable).sort((a, b) => pageNumber(a) - pageNumber(b));
  const out: string[] = [];
  const used = new Set<DigestItem>();
  const add = (q: string | null, item?: DigestItem) => {
    if (!q || out.length >= count || out.includes(q)) return;
    out.push(q);
    if (item) used.add(item);
  };
  for (const item of items) {
    const q = whoQuestion(item.title);
    if (q) { add(q, item); break; }
  }
  const front = latest.items.find((i) => i.page === '1');
  if (latest.date && front) {
    const [, month, day] = latest.date.split('-').map(Number);
    add(EXAMPLE_PHRASES.frontPage(month, day, front.paper));
  }
  for (const item of items) if (!used.has(item)) add(EXAMPLE_PHRASES.about(item.title.trim()), item);
  // A small issue: ask about a headline already used in another form before falling back to generic questions.
  for (const item of items) add(EXAMPLE_PHRASES.about(item.title.trim()), item);
  for (const q of GENERIC_EXAMPLE_QUESTIONS) add(q);
  return out;
}
