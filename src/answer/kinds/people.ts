// People in the evidence with their printed title chains, and how an asked office is matched to a printed one.
import { TITLE_RE, endsWithTitle } from '../../text/persons.js';
import type { ArticleEvidence } from '../evidence.js';
import { printedSpan, printedSpelling } from '../facts.js';
import type { Question } from '../question.js';
import { titleBefore } from '../entities.js';

export interface Candidate {
  name: string;
  /** Title chain as printed before the name here, else the fullest one the article prints. */
  chain: string | null;
  sentence: number;
  index: number;
}

/** People printed in one sentence, with their title chains. */
export function peopleIn(ae: ArticleEvidence, i: number): Candidate[] {
  const s = ae.facts.sentences[i];
  const out: Candidate[] = ae.facts.personsIn(i).map((p) => {
    const here = titleBefore(s.simp, p.index);
    return { name: p.name, chain: here ?? ae.facts.persons.get(p.name)?.title ?? p.title, sentence: i, index: p.index };
  });
  // 任命某某为县教育局局长: the office follows the name in an appointment.
  for (const m of s.simp.matchAll(APPOINTMENT_RE)) {
    const name = m[1];
    const index = (m.index ?? 0) + m[0].length - name.length - 1 - m[2].length;
    if (endsWithTitle(m[2])) out.push({ name, chain: m[2], sentence: i, index });
  }
  return out;
}

/** An appointment or election: 任命某某为某局局长, 选举某某为主任, 聘任某某为总经理. */
const APPOINTMENT_RE = /(?:任命|聘任|聘请|选举|推选|提名|决定任命|同意任命|任)(\p{Script=Han}{2,4}?)为(\p{Script=Han}[\p{Script=Han}、]{1,28}?)(?=[，,。；;、]|$)/gu;

/** A person as the answer shows them: the printed title chain and name (市委副书记、市长某某). */
export function showPerson(ae: ArticleEvidence, c: Candidate): string {
  const s = ae.facts.sentences[c.sentence];
  const name = printedSpan(s, c.index, c.name.length);
  if (!c.chain) return name;
  const at = s.simp.lastIndexOf(c.chain, c.index);
  const chain = at >= 0 && at + c.chain.length === c.index ? printedSpan(s, at, c.chain.length) : printedSpelling(ae.facts, c.chain);
  return `${chain}${name}`;
}

/** Every office title in a text (to strip them), and one ending it; compiled once, not per candidate. */
const TITLES_RE = new RegExp(`(?:${TITLE_RE.source})`, 'g');
const TITLE_AT_END_RE = new RegExp(`(?:${TITLE_RE.source})$`);

/** Filler between an office's body and its title in a question (现在的, 目前的, 的). */
const FILLER_RE = /(?:现在|目前|如今|当时|现任|新任|的|，|,|、)+$/;
/** Words that refer back to a body printed earlier (该校科学技术研究院, 公司负责人). */
const BACK_REFERENCE_RE = /^(?:该校|该院|该局|该公司|该集团|该中心|该企业|学校|公司|集团|企业|本校|本院)/;
/** What may stand before a body without making it another one (市委组织部 is the 组织部 asked about). */
const GENERIC_BODY_PREFIX_RE = /^(?:市委|委|中共市委|市人民政府|市政府|人民政府|政府|市人大|党组|党委)$/;
/** A body named by its kind alone (哪位社区书记, 村支书, 学校校长): any body of that kind printed with the office. */
const BODY_KIND_RE = /^(?:社区|村|镇|乡|街道|学校|医院|公司|企业|小区|景区|园区|大队|支队|中队)$/;
/** Offices at the head of a body: the 一把手 of it. */
const HEAD_TITLE_RE = /(?:书记|局长|主任|部长|厅长|院长|校长|董事长|总经理|市长|县长|区长|镇长|乡长|村长|主席|会长|理事长|社长|馆长|所长|站长|行长|厂长)$/;

/**
 * The asked office: its title and the body the question names before it (河东市行政审批服务管理局 + 局长). `bodies`
 * holds the readings of the body: after a relative clause's 的 (推出…的某某局), or with a possessive 的 (某镇的党委).
 */
export function askedOffice(q: Question): { title: string; body: string; bodies: string[] } | null {
  const sf = q.analysis.searchForm;
  // The last title of a chain is the office (市委常委、秘书长 → 秘书长); 负责人 of a body means its head.
  const title = q.analysis.titles[q.analysis.titles.length - 1] ?? (/一把手|主要负责人/.test(sf) ? '一把手' : null);
  if (!title) return null;
  const at = title === '一把手' ? sf.search(/一把手|主要负责人/) : sf.lastIndexOf(title);
  let before = sf.slice(0, at).replace(FILLER_RE, '').replace(/^.*[，,。？?]/, '');
  before = before.split(/是|为|哪位|哪个|谁/).pop() ?? '';
  const clean = (x: string) => x.replace(TITLES_RE, '').replace(/[、，,\s“”"]/g, '');
  const afterRelative = clean(before.split('的').pop() ?? '');
  const possessive = clean(before.replace(/的/g, ''));
  return { title, body: afterRelative, bodies: [...new Set([afterRelative, possessive])] };
}

/** A body's name without its city (the article's paper may leave the city implicit) and without a leading 市. */
function bodyCore(body: string, cities: string[]): string {
  let b = body;
  for (const c of cities) b = b.replace(new RegExp(`^${c}[市县区]?`), '');
  return b.replace(/^[市县区]/, '');
}

/** 教育局长 is 教育局局长, 交警大队长 交警大队大队长: a head's title that repeats the last character of its body's kind. */
const TITLE_BODY_KIND: Record<string, string> = {
  局长: '局', 院长: '院', 厅长: '厅', 部长: '部', 所长: '所', 校长: '校', 站长: '站', 馆长: '馆', 处长: '处', 科长: '科', 行长: '行', 厂长: '厂',
  总队长: '总队', 支队长: '支队', 大队长: '大队', 中队长: '中队',
};

/**
 * Whether a printed title chain holds the asked office: the chain ends with the title (a 副 the question lacks does
 * not count), and the body printed with it is the asked one, the paper's city implicit (市教育局 in 云川日报 is 云川市教育局).
 */
export function holdsOffice(chain: string, office: { title: string; body: string; bodies?: string[] }, q: Question, articleSf: string): boolean {
  const bodies = office.bodies ?? [office.body];
  return bodies.some((body) => holdsOne(chain, office.title, body, q, articleSf));
}

function holdsOne(chain: string, asked: string, body: string, q: Question, articleSf: string): boolean {
  // The 负责人 of a named body is its head, whatever the head's title (某某局的负责人 → its 局长).
  const title = asked === '负责人' && body && !/^(?:公司|企业|单位|部门)$/.test(body) && !chain.endsWith('负责人') ? '一把手' : asked;
  if (title === '一把手') {
    if (!HEAD_TITLE_RE.test(chain) || /副[^、]*$/.test(chain)) return false;
  } else {
    if (!chain.endsWith(title) || !endsWithTitle(chain)) return false;
    const rest = chain.slice(0, -title.length);
    if (!title.startsWith('副') && /(?:副|常务)$/.test(rest)) return false;
  }
  if (!body) return true;
  const cities = q.analysis.cities.map((c) => c.city);
  const printedBody = chain.replace(TITLES_RE, '').replace(/[、，,\s]/g, '').replace(/党组$|党委$/, (m) => (body.endsWith(m) ? m : ''));
  const kind = TITLE_BODY_KIND[title];
  const want = bodyCore(kind && body && !body.endsWith(kind) && !/[委会]$/.test(body) ? body + kind : body, cities);
  const have = bodyCore(printedBody, cities);
  if (!want || have === want) return true;
  // 住建局 for 住房和城乡建设局, 卫健委 for 卫生健康委员会: an abbreviation of the printed body.
  if (isAbbreviationOf(want, have)) return true;
  // 社区书记 for 芦荻社区党委书记: the body asked by its kind.
  if (BODY_KIND_RE.test(want) && have.endsWith(want)) return true;
  // 市委组织部 for 组织部: the city's party committee or government before the body asked about.
  if (have.endsWith(want) && GENERIC_BODY_PREFIX_RE.test(have.slice(0, have.length - want.length))) return true;
  // 该校科学技术研究院 / 公司负责人: a back reference to the body printed earlier in the article.
  const ref = have.match(BACK_REFERENCE_RE)?.[0];
  if (!ref) return false;
  const named = have.slice(ref.length);
  const head = ref.replace(/^[该本]/, '');
  const earlier = named ? want.slice(0, want.length - named.length) : want;
  return (named ? want.endsWith(named) : want.endsWith(head) || /^(?:校|院)$/.test(head)) && earlier.length > 0 && articleSf.includes(earlier);
}

/**
 * The offices a question names as doers (云川市委书记 → 市委书记, body 市委; 市委书记和市长 → two), the city dropped.
 * @example askedOffices(q('10月13日某市的市委书记和市长各自调研了什么？')) // [{title:'书记',body:'市委'}, {title:'市长',body:''}]
 */
export function askedOffices(q: Question): Array<{ title: string; body: string }> {
  const sf = q.analysis.searchForm;
  const out: Array<{ title: string; body: string }> = [];
  for (const m of sf.matchAll(new RegExp(`[\\p{Script=Han}、]{0,16}?(?:${TITLE_RE.source})`, 'gu'))) {
    let phrase = m[0].replace(/^.*(?:日|的|是|和|与|及)/, '');
    for (const c of q.analysis.cities) phrase = phrase.replace(new RegExp(`^${c.city}`), '');
    const title = phrase.match(TITLE_AT_END_RE)?.[0] ?? '';
    const body = phrase.slice(0, phrase.length - title.length).replace(TITLES_RE, '').replace(/[、，\s]/g, '');
    // A title after a name the question gives (某某书记) describes that person, not an office asked about.
    if (title && !q.analysis.persons.some((p) => sf.includes(p + phrase) || sf.includes(phrase + p))) out.push({ title, body });
  }
  return out;
}

/** An abbreviation: its characters in the long form in order, first and last characters kept (卫健委, 住建局). */
/** How the name of a body ends (卫生健康委员会, 交警支队隧道大队, 城投集团): what an abbreviation of it keeps last. */
const BODY_END_RE = /(?:局|委|办|院|会|部|厅|队|所|站|处|科|馆|校|行|厂|中心|集团|公司)$/;

function isAbbreviationOf(short: string, long: string): boolean {
  const a = [...short];
  const b = [...long];
  if (a.length < 2 || a.length >= b.length || a[0] !== b[0] || !BODY_END_RE.test(long)) return false;
  let k = 0;
  for (const c of b) if (c === a[k]) k++;
  return k === a.length && long.startsWith(a[0]) && (a[a.length - 1] === b[b.length - 1] || (a[a.length - 1] === '委' && long.endsWith('委员会')));
}
