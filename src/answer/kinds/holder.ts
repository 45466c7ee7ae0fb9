// 某某局局长是谁: the person printed with the asked office at the asked body (the paper's city implicit).
import { itemsPhrase, type AnswerKind, type Found } from './kind.js';
import { askedOffice, holdsOffice, peopleIn, showPerson } from './people.js';
import { pinned } from './shared.js';

export const holderKind: AnswerKind = {
  name: 'holder',
  // 哪位企业负责人 / 公司哪位负责人 ask for a kind of person, not the holder of one office: the who kind answers them.
  detect: (q) => {
    const office = askedOffice(q);
    return q.analysis.type === 'who' && office !== null && !(office.title === '负责人' && /^(?:公司|企业|单位|部门|学校|医院|)$/.test(office.body));
  },
  extract(ev) {
    const office = askedOffice(ev.q)!;
    const out: Found[] = [];
    for (const ae of ev.articles) {
      ae.facts.sentences.forEach((_, i) => {
        for (const c of peopleIn(ae, i)) {
          if (!c.chain || ev.q.analysis.persons.includes(c.name) || !holdsOffice(c.chain, office, ev.q, ae.facts.sf)) continue;
          out.push({ text: showPerson(ae, c), from: ae, sentences: [i], score: pinned(ae, i, ev.q) + ae.score, detail: { name: c.name } });
        }
      });
    }
    return out.sort((a, b) => b.score - a.score);
  },
  verify: () => true,
  phrase: (found) => itemsPhrase(found.slice(0, 1)),
  // The holder of an office the evidence never names is not guessed from another office.
  whenEmpty: 'refuse',
};
