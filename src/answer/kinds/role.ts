// 某某是什么职务 / 是哪个部门的负责人: the title chain printed before a named person, or the office after 担任.
import { TITLE_RE } from '../../text/persons.js';
import { printedSpan, printedSpelling } from '../facts.js';
import { itemsPhrase, type AnswerKind, type Found } from './kind.js';
import { pinned } from './shared.js';

/** Verbs that introduce an office printed after the name (某某任市教育局副局长). */
const APPOINTED_RE = /(?:担任|出任|升任|改任|兼任|转任|封为|拜为|任命为|当选为?|被任为|任)([^，。；、：:“”「」（）()]{2,24})/;

export const roleKind: AnswerKind = {
  name: 'role',
  detect: (q) => q.analysis.type === 'role' && q.analysis.persons.length > 0,
  extract(ev) {
    const { q } = ev;
    const names = q.analysis.persons;
    // 哪个单位 asks for the body alone; 哪个单位任职，什么职务 for the whole chain.
    const wantsBody = /哪[个家所](?:部门|单位|机构|企业|公司|集团|学校|医院)|什么(?:部门|单位)/.test(q.analysis.searchForm) &&
      !/什么职务|什么职位|职务是|担任什么|什么官/.test(q.analysis.searchForm);
    const out: Found[] = [];
    for (const ae of ev.articles) {
      for (const name of names) {
        const printed = ae.facts.persons.get(name);
        const i = ae.facts.sentences.findIndex((s) => s.simp.includes(name));
        if (printed?.title && i >= 0) {
          // 哪个部门的负责人: the body of the chain (市住房和城乡建设局), not its title.
          const body = printed.title.split('、')[0].replace(new RegExp(`(?:${TITLE_RE.source})$`), '').replace(/党组$|党委$/, '');
          const text = wantsBody && body.length >= 2 ? body : printed.title;
          out.push({ text: printedSpelling(ae.facts, text), from: ae, sentences: [ae.facts.sentences.findIndex((s) => s.simp.includes(printed.title! + name)) >= 0 ? ae.facts.sentences.findIndex((s) => s.simp.includes(printed.title! + name)) : i], score: 2 + ae.score });
          continue;
        }
        // 某某任市教育局副局长: the office named after the verb, in a sentence that names the person.
        ae.facts.sentences.forEach((s, k) => {
          const at = s.simp.indexOf(name);
          if (at < 0) return;
          const m = s.simp.slice(at).match(APPOINTED_RE);
          if (m?.index === undefined) return;
          const start = at + m.index + m[0].length - m[1].length;
          out.push({ text: printedSpan(s, start, m[1].length), from: ae, sentences: [k], score: 1 + pinned(ae, k, q) });
        });
      }
    }
    return out.sort((a, b) => b.score - a.score);
  },
  verify: (found) => new RegExp(`(?:${TITLE_RE.source})|局|委|办|院|部|厅|会|中心|公司|集团|企业|银行|学校|医院|社$`).test(found.text),
  phrase: (found) => itemsPhrase(found.slice(0, 1)),
  whenEmpty: 'refuse',
};
