// 哪家企业 / 哪所大学 / 什么会 / 什么称号: one item of the asked kind, named in a sentence the question pins down.
import { GENERIC_CATEGORIES } from '../../text/question-words.js';
import { shapeOf } from '../../text/item-shapes.js';
import { findNamed, findPlaces, phrasesEndingWith } from '../entities.js';
import { printedSpan } from '../facts.js';
import type { Question } from '../question.js';
import { itemsPhrase, type AnswerKind, type Found } from './kind.js';
import { anchorOf, nearBest } from './shared.js';

/** What is printed before an honour or a rank (被评为…, 授予…称号). */
const CONFERRED_RE = /(?:被评为|评为|授予|命名为|获评为?|荣获|获得|入选)([^，。；、]{2,30})/g;

function category(q: Question): string | null {
  const c = q.analysis.category.join('');
  if (!c || GENERIC_CATEGORIES.includes(c)) return /作品|刊物|书/.test(q.analysis.searchForm) && /叫什么名字|名字是|名称/.test(q.analysis.searchForm) ? '作品' : null;
  return c;
}

export const whichKind: AnswerKind = {
  name: 'which',
  detect: (q) => q.analysis.type === 'what' && category(q) !== null,
  extract(ev) {
    const { q } = ev;
    const cat = category(q)!;
    const shape = shapeOf(cat);
    const out: Found[] = [];
    const ae = ev.best;
    // Only the best sentence and its neighbours: a named item read further away is more often wrong than right.
    nearBest(ev, Infinity).forEach((i, rank) => {
      const s = ae.facts.sentences[i];
      const base = (rank === 0 ? 1 : 0) + 2 * ae.scoped[i];
      const anchor = anchorOf(s.sf, q.words);
      const add = (text: string, at: number, bonus = 0) => {
        // The kind itself with a character or two (球队 for 哪一队, 该校) names nothing.
        if (q.analysis.searchForm.includes(text) || [...text].length < 2 || [...text].length <= [...cat].length + 1 || /^[该本此这其全]/.test(text)) return;
        out.push({ text: printedSpan(s, at, text.length), from: ae, sentences: [i], score: base + bonus - Math.abs(at - anchor) / 300 });
      };
      if (shape.quoted) for (const n of findNamed(s.simp)) add(n.quoted === '《' ? `《${n.text}》` : n.text, n.quoted === '《' ? n.index - 1 : n.index, n.quoted === '《' ? 0.3 : 0.1);
      if (/称号|荣誉|奖/.test(cat)) for (const m of s.simp.matchAll(CONFERRED_RE)) add(m[1].replace(/称号$|的?荣誉$/, ''), m.index! + m[0].length - m[1].length);
      if (!shape.quoted) {
        for (const p of phrasesEndingWith(s.simp, shape.ends)) add(p.text, p.index);
        for (const p of findPlaces(s.simp)) for (const x of p.items) if (shape.ends.test(x)) add(x, s.simp.indexOf(x, p.index), 0.2);
      }
    });
    return out.sort((a, b) => b.score - a.score);
  },
  verify: (found) => [...found.text].length <= 40 && !/[，。；]/.test(found.text),
  phrase: (found) => itemsPhrase(found.slice(0, 1)),
  whenEmpty: 'quote',
};
