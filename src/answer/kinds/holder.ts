// 某某局局长是谁: the person printed with the asked office at the asked body (the paper's city implicit); for 甲和乙的
// 某某局长分别是谁, one holder for each.
import type { ArticleEvidence } from '../evidence.js';
import type { Question } from '../question.js';
import { itemsPhrase, type AnswerKind, type Evidence, type Found } from './kind.js';
import { askedOffice, holdsOffice, peopleIn, showPerson } from './people.js';
import { pinned } from './shared.js';

type Office = NonNullable<ReturnType<typeof askedOffice>>;

/** 甲和乙的某某局: the bodies asked about one by one, each with the city it belongs to when it names one. */
function askedBodies(q: Question, office: Office): Array<{ label: string; office: Office; paper: string | null }> | null {
  if (!/分别|各自|各是|各为/.test(q.analysis.searchForm)) return null;
  const sf = q.analysis.searchForm;
  const m = sf.slice(0, sf.lastIndexOf(office.title)).match(/([\p{Script=Han}]{1,16}?)(?:和|与|及|、)([\p{Script=Han}]{1,16}?)的([\p{Script=Han}]*)$/u);
  if (!m) return null;
  const rest = m[3];
  return [m[1], m[2]].map((label) => {
    const city = q.analysis.cities.find((c) => label.startsWith(c.city));
    // 市里 / 市级: the city's own body (市某某局), not a district's.
    const body = city ? rest : /^(?:市里|市级|全市|市)$/.test(label) ? `市${rest}` : `${label}${rest}`;
    return { label, office: { title: office.title, body, bodies: [body] }, paper: city?.paper ?? null };
  });
}

function holders(ev: Evidence, office: Office, articles: ArticleEvidence[]): Found[] {
  const out: Found[] = [];
  for (const ae of articles) {
    ae.facts.sentences.forEach((sentence, i) => {
      for (const c of peopleIn(ae, i)) {
        if (!c.chain || ev.q.analysis.persons.includes(c.name)) continue;
        // 在某公司生产车间，董事长某某介绍: a bare title, its body named earlier in the sentence.
        const bodyBefore = c.chain === office.title && office.body.length >= 2 && sentence.sf.slice(0, c.index).includes(office.body);
        if (!bodyBefore && !holdsOffice(c.chain, office, ev.q, ae.facts.sf)) continue;
        out.push({ text: showPerson(ae, c), from: ae, sentences: [i], score: pinned(ae, i, ev.q) + ae.score, detail: { name: c.name } });
      }
    });
  }
  return out.sort((a, b) => b.score - a.score);
}

export const holderKind: AnswerKind = {
  name: 'holder',
  // 哪位企业负责人 / 公司哪位负责人 ask for a kind of person, not the holder of one office: the who kind answers them.
  detect: (q) => {
    const office = askedOffice(q);
    return q.analysis.type === 'who' || q.analysis.type === 'list' ? office !== null && !(office.title === '负责人' && /^(?:公司|企业|单位|部门|学校|医院|)$/.test(office.body)) : false;
  },
  aggregates: true,
  extract(ev) {
    const office = askedOffice(ev.q)!;
    const bodies = askedBodies(ev.q, office);
    if (!bodies) return holders(ev, office, ev.articles).slice(0, 1);
    // One holder per body asked about, each from an article of its own city when the body names one.
    return bodies.flatMap((b) => {
      const pool = ev.articles.filter((a) => !b.paper || a.facts.article.paper === b.paper);
      const best = holders(ev, b.office, pool)[0];
      return best ? [{ ...best, text: `${b.label}：${best.text}` }] : [];
    });
  },
  verify: () => true,
  phrase: (found) => itemsPhrase(found),
  // The holder of an office the evidence never names is not guessed from another office.
  whenEmpty: 'refuse',
};
