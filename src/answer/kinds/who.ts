// 谁 / 哪位: a person with their title from a sentence the question pins down — or, for 谁获得…, the doer (a team).
import { ROLE_NOUNS } from '../../text/persons.js';
import { ORG_END_RE } from '../../text/item-shapes.js';
import { isPersonName } from '../../text/newspaper-conventions.js';
import { printedSpan } from '../facts.js';
import type { Question } from '../question.js';
import { itemsPhrase, type AnswerKind, type Evidence, type Found } from './kind.js';
import { peopleIn, showPerson } from './people.js';
import { anchorOf, nearBest, pinned, share, supporting } from './shared.js';

/** Offices of city leaders (市领导): party, government, congress and conference posts. */
const OFFICIAL_RE = /书记|市长|县长|区长|主任|主席|部长|常委|秘书长|委员|代表/;
/** Offices of a company's people (企业负责人). */
const COMPANY_RE = /总经理|经理|董事长|董事|总裁|总监|负责人|厂长|公司|集团|企业/;

/** What kind of person the question asks for, as a test of a printed title chain; null when any person will do. */
function personClass(q: Question): ((chain: string) => boolean) | null {
  const sf = q.analysis.searchForm;
  if (/(?:市|县|区|省|镇|乡)领导|哪位领导(?!人)|哪些领导(?!人)/.test(sf)) return (c) => OFFICIAL_RE.test(c) && !COMPANY_RE.test(c);
  if (/企业负责人|公司负责人|企业家|企业.{0,4}负责人/.test(sf)) return (c) => COMPANY_RE.test(c);
  // A role is the kind asked for only where the question asks for it (讲解员叫什么, 哪位家长), not where it describes
  // someone else (谁看望了某作家).
  const role = ROLE_NOUNS.find((r) => new RegExp(`${r}(?:是谁|叫什么|姓什么|是哪位)|(?:哪位|哪个|哪名|谁是)[^，。？?]{0,6}${r}`).test(sf));
  if (role) return Object.assign((c: string) => c.endsWith(role) || c.includes(role), { soft: true });
  const title = q.analysis.titles[0];
  if (title) return (c) => c.endsWith(title) || (title === '负责人' && COMPANY_RE.test(c));
  return null;
}

/**
 * The words before the asked verb in its clause (经过角逐，某某队获女子组冠军 → 某某队 for 获得), when they read as a
 * name: 2 to 16 characters, not a number, no verb or adverbial of their own.
 */
export function subjectOf(simplified: string, focus: readonly string[], asked: readonly string[] = []): { text: string; index: number } | null {
  const sf = simplified;
  const others = asked.filter((w) => !focus.includes(w) && [...w].length > 1);
  for (const verb of focus) {
    for (const form of [verb, [...verb][0]]) {
      const loose = form !== verb;
      // Of several clauses with the verb (…队获女子组冠军，…队获学生组冠军), the one whose object the question names.
      const places: number[] = [];
      for (let i = sf.indexOf(form); i >= 0; i = sf.indexOf(form, i + 1)) places.push(i);
      const objectOf = (i: number): string => sf.slice(i).split(/[，。；,;]/)[0];
      const matched = (i: number): number => others.filter((w) => objectOf(i).includes(w)).length;
      const at = places.reduce((best, i) => (best < 0 || matched(i) > matched(best) ? i : best), -1);
      // 获 for 获得 only when what follows is what the question names (获女子组冠军), not any 获.
      if (at <= 0 || (loose && matched(at) === 0)) continue;
      const clauseStart = Math.max(...['，', '。', '；', '：', ',', ';', ':', '、', '“', '「'].map((c) => sf.lastIndexOf(c, at - 1))) + 1;
      let text = sf.slice(clauseStart, at).trim();
      const lead = sf.slice(clauseStart, at).length - sf.slice(clauseStart, at).trimStart().length;
      const adverbial = text.slice(2).search(/在|于|从|曾|已|将|也|都|还|又|就|便|则|亦|先后|再次|首次|正式|共同|分别|一起|联合/);
      if (adverbial >= 0) text = text.slice(0, adverbial + 2);
      if ([...text].length < 2 || [...text].length > 16 || /^\d+$/.test(text)) continue;
      if (/(了|在|将|把|被|要|也|都|还|已|正|并|和|的|之|以|总)$/.test(text) || /^(经过|随着|为了|通过|由于|在|该|这|此|并|而|可见)/.test(text)) continue;
      return { text, index: clauseStart + lead };
    }
  }
  return null;
}

/** The clause holding a position of a sentence and the clauses either side of it. */
function clausesAround(sf: string, at: number): string {
  const cuts = [-1, ...[...sf].flatMap((ch, k) => (/[，。；：,;:]/.test(ch) ? [k] : [])), sf.length];
  const k = cuts.findIndex((c) => c >= at);
  return sf.slice(cuts[Math.max(0, k - 2)] + 1, cuts[Math.min(cuts.length - 1, k + 1)]);
}

function candidates(ev: Evidence): Found[] {
  const strict = gather(ev, personClass(ev.q));
  const wanted = personClass(ev.q) as (((c: string) => boolean) & { soft?: boolean }) | null;
  // A role (选手, 学生) is a preference: when nobody printed carries it, the people the question points to will do.
  return strict.length || !wanted?.soft ? strict : gather(ev, null);
}

function gather(ev: Evidence, wanted: ((chain: string) => boolean) | null): Found[] {
  const { q } = ev;
  const verbs = [...q.analysis.verbs, ...q.analysis.doers, ...q.analysis.focus.filter((f) => !q.analysis.category.includes(f))];
  const out: Found[] = [];
  const pool = supporting(ev);
  const asked = [...q.analysis.doers, ...q.analysis.verbs];
  for (const ae of pool) {
    const top = pinned(ae, ae.index, q);
    // For 谁+verb, the doers of the article's events with that verb (someone 看望慰问 someone else).
    const actors = new Set(q.analysis.doers.length ? ev.ctx.eventsOf(ae.facts.article).filter((e) => e.verbs.some((v) => asked.includes(v))).map((e) => e.actor) : []);
    // A kind of person asked for (讲解员, 市领导) is looked for in the whole article; anyone, only where the question points.
    const sentences = wanted ? ae.facts.sentences.map((_, i) => i) : nearBest(ev, 0.9, ae);
    for (const i of sentences) {
      const s = ae.facts.sentences[i];
      const pin = pinned(ae, i, q);
      const anchor = anchorOf(s.sf, q.words);
      for (const c of peopleIn(ae, i)) {
        if (q.analysis.persons.includes(c.name) || q.analysis.searchForm.includes(c.name)) continue;
        if (wanted && !(c.chain && wanted(c.chain))) continue;
        // Anyone (no kind of person asked): only someone the question's words stand next to — their clause or the
        // ones beside it — not a name the sentence merely lists (许多思想家如某某…).
        if (!wanted && !q.analysis.doers.length && share(clausesAround(s.sf, c.index), q.words) < 0.3) continue;
        // The doer or object of the asked verb is printed next to it (某某出席…, 会见…某某).
        const verbNear = verbs.some((v) => {
          const at = s.sf.indexOf(v);
          return at >= 0 && Math.abs(at - c.index) <= c.name.length + 24;
        });
        // 谁看望了某作家: the doer stands before the asked verb; the person the question describes (作家) is its object.
        const doerAt = q.analysis.doers.map((v) => s.sf.indexOf(v)).filter((x) => x >= 0)[0] ?? -1;
        const side = doerAt < 0 ? 0 : c.index < doerAt ? 1 : -1;
        const described = c.chain !== null && [...q.analysis.words].some((w) => [...w].length >= 2 && c.chain!.endsWith(w));
        const score = (i === ae.index ? 0.5 : 0) + 2 * pin + (verbNear ? 0.6 : 0) + (c.chain ? 0.3 : 0) - Math.abs(c.index - anchor) / 300 + (ae === ev.best ? 0.2 : 0) +
          (pin >= top ? 0.1 : 0) + side + (actors.has(c.name) ? 1 : 0) - (described && !wanted ? 1 : 0);
        out.push({ text: showPerson(ae, c), from: ae, sentences: [i], score, detail: { name: c.name } });
      }
    }
  }
  // 谁获得…冠军: no person in the answering sentence, so the doer of the asked verb is the answer (a team).
  if (!out.length && !wanted && q.analysis.doers.length) {
    const s = ev.best.facts.sentences[ev.best.index];
    const doer = subjectOf(s.simp, q.analysis.doers, q.analysis.words);
    if (doer) out.push({ text: printedSpan(s, doer.index, doer.text.length), from: ev.best, sentences: [ev.best.index], score: 1, detail: { name: null } });
  }
  return out.sort((a, b) => b.score - a.score);
}

export const whoKind: AnswerKind = {
  name: 'who',
  detect: (q) => q.analysis.type === 'who',
  aggregates: true,
  bonus: (q, facts, i) => (facts.personsIn(i).some((p) => !q.analysis.searchForm.includes(p.name)) ? 0.5 : 0),
  extract: candidates,
  verify(found) {
    const name = found.detail?.name;
    // A person is a name; a doer (a team, a company) ends like one.
    return name ? isPersonName(name) || [...name].length === 2 : ORG_END_RE.test(found.text) || /队$|组$/.test(found.text);
  },
  phrase(found, ev) {
    if (!ev.q.analysis.plural) return itemsPhrase(found.slice(0, 1));
    // Several people asked for (…和…, 哪些): the best of each supporting article, and others there about as good.
    const picks: Found[] = [];
    const names = new Set<string>();
    const bestOf = new Map<Found['from'], number>();
    for (const f of found) {
      const key = f.detail?.name ?? f.text;
      const top = bestOf.get(f.from);
      if (names.has(key) || (top !== undefined && f.score < top - 0.3)) continue;
      if (top === undefined) bestOf.set(f.from, f.score);
      names.add(key);
      picks.push(f);
    }
    return itemsPhrase(picks.slice(0, ev.options.maxCitations));
  },
  whenEmpty: (ev) => {
    const wanted = personClass(ev.q) as (((c: string) => boolean) & { soft?: boolean }) | null;
    return wanted && !wanted.soft ? 'refuse' : 'quote';
  },
};
