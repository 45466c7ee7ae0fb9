// 在哪里 / 什么地方 / 地址: a place or address, printed after 在/位于/来到 in a sentence about the subject.
import { PLACE_END_RE } from '../../text/item-shapes.js';
import { findPlaces } from '../entities.js';
import { printedSpan } from '../facts.js';
import { itemsPhrase, type AnswerKind, type Found } from './kind.js';
import { anchorOf, nearBest, pinned, share } from './shared.js';

/** Verbs that say where something lies. */
const LOCATED_RE = /位于|坐落于|坐落在|地处|位处|设在|落户|选址/;

/** An address: a road and a number (某某路188号). */
const ADDRESS_RE = /[\p{Script=Han}]{1,12}(?:路|街|大道|巷|道)\d+号/u;
/** What may stand before an address in its clause (新院区位于…): not part of it. */
const BEFORE_ADDRESS_RE = /^.*(?:位于|地址为?|设在|坐落于|地处|在)/;

export const whereKind: AnswerKind = {
  name: 'where',
  // 是哪里人 asks for someone's origin, told in a sentence rather than as a place item.
  detect: (q) => q.analysis.type === 'where',
  // A sentence saying where something lies (位于, 坐落于, 地处) is the likeliest answer; any place or address helps.
  bonus: (_q, facts, i) => (LOCATED_RE.test(facts.sentences[i].simp) ? 2 : findPlaces(facts.sentences[i].simp).length || ADDRESS_RE.test(facts.sentences[i].simp) ? 1 : 0),
  extract(ev) {
    const { q, best } = ev;
    const out: Found[] = [];
    const wantsAddress = /地址|门牌|几号/.test(q.analysis.searchForm);
    nearBest(ev).forEach((i, rank) => {
      const s = best.facts.sentences[i];
      const base = (rank === 0 ? 1 : 0) + 2 * best.scoped[i];
      const anchor = anchorOf(s.sf, q.words);
      const address = s.simp.match(ADDRESS_RE);
      if (address?.index !== undefined) {
        const lead = address[0].match(BEFORE_ADDRESS_RE)?.[0].length ?? 0;
        out.push({ text: printedSpan(s, address.index + lead, address[0].length - lead), from: best, sentences: [i], score: base + (wantsAddress ? 1 : 0.3) });
      }
      for (const p of findPlaces(s.simp)) {
        // The place of the asked subject: not a word of the question itself; after a bare 在/到 only where the clause
        // goes on with what the question asks (在某中心举办 for 在哪里办), not any place a sentence passes through.
        if (p.items.every((item) => q.analysis.searchForm.includes(item))) continue;
        const verb = s.simp.slice(Math.max(0, p.index - 4), p.index);
        if (!LOCATED_RE.test(verb)) {
          const clause = s.sf.slice(p.index).split(/[，。；,;]/)[0];
          const rest = clause.slice(p.items.join('').length);
          if (share(rest, q.words.filter((w) => !p.items.some((it) => w.words.some((x) => it.includes(x))))) < 0.2) continue;
        }
        const text = p.items.map((item) => printedSpan(s, s.simp.indexOf(item, p.index), item.length)).join('、');
        out.push({ text, from: best, sentences: [i], score: base - Math.abs(p.index - anchor) / 200 });
      }
    });
    return out.sort((a, b) => b.score - a.score);
  },
  verify(found, ev) {
    if (/哪里人|什么地方人|哪儿人/.test(ev.q.analysis.searchForm)) return false;
    return (PLACE_END_RE.test(found.text) || ADDRESS_RE.test(found.text)) && pinned(found.from, found.sentences[0], ev.q) >= 0.75 * pinned(ev.best, ev.best.index, ev.q);
  },
  phrase: (found) => itemsPhrase(found.slice(0, 1)),
  whenEmpty: 'quote',
};
