// 哪些 / 哪几 / 包括什么: every item of the list, complete and in print order — from a 、-list next to the asked kind
// of thing, or (places) from the sentences of a visit.
import { knownShapeOf, PLACE_END_RE } from '../../text/item-shapes.js';
import { endsWithTitle } from '../../text/persons.js';
import { findEnumerations, findPlaces } from '../entities.js';
import { printedSpan } from '../facts.js';
import type { ArticleEvidence } from '../evidence.js';
import type { Question } from '../question.js';
import { itemsPhrase, type AnswerKind, type Evidence, type Found } from './kind.js';
import { nearBest, pinned, supporting } from './shared.js';

/** The question asks for places (去了哪些地方, 走进哪些单位). */
export function asksPlaces(q: Question): boolean {
  return /地方|哪里|地点|单位|哪儿|走进|去了|(?<![碰遇收得听看感受达])到了|来到|哪几处|哪些小区|哪些村|哪些乡镇|乡镇/.test(q.analysis.searchForm);
}

/** How the printed text names the asked category right around an enumeration (…等5户企业, 包括…). */
function categoryNear(q: Question, sf: string, start: number, end: number): number {
  const cats = q.analysis.category.filter((c) => [...c].length >= 2 || /[家所项个]/.test(c));
  if (!cats.length) return 0;
  const after = sf.slice(end, end + 16);
  const before = sf.slice(Math.max(0, start - 12), start);
  const hit = (text: string) => cats.some((c) => text.includes(c) || text.includes([...c].slice(-2).join('')));
  return hit(after) ? 1 : hit(before) ? 0.7 : 0;
}

interface ListFound extends Found { items: string[] }

function enumerations(ev: Evidence, ae: ArticleEvidence): ListFound[] {
  const { q } = ev;
  const out: ListFound[] = [];
  const pairs = q.analysis.count === 2 || /[和与及]/.test(q.analysis.searchForm) || /两|哪几|哪些/.test(q.analysis.searchForm);
  const shape = q.analysis.category.length ? knownShapeOf(q.analysis.category[q.analysis.category.length - 1]) : null;
  // The best sentence and its neighbours, and any sentence the question pins down half as well (a list printed with
  // the asked kind of thing, …等难题, is looked for further away).
  const top = pinned(ae, ae.index, q);
  const near = nearBest(ev, 0.9, ae);
  const far = ae.facts.sentences.map((_, k) => k).filter((k) => !near.includes(k) && pinned(ae, k, q) >= 0.5 * top);
  for (const i of [...near, ...far]) {
    const s = ae.facts.sentences[i];
    const pin = ae.scoped[i] + (i === ae.index ? 0.5 : 0);
    for (const e of findEnumerations(s.simp, { pairs })) {
      // Items of the asked shape when the question names a kind (企业 → …公司); a pair must be of that shape.
      // 市委常委、组织部部长 is one person's titles, not a list; 哪两份文件 wants titles printed in 《》.
      if (e.items.slice(0, -1).every((x) => endsWithTitle(x))) continue;
      if (shape?.quoted && !e.items.every((x) => /^[《“]/.test(x))) continue;
      const placeShaped = asksPlaces(q) ? e.items.filter((x) => PLACE_END_RE.test(x)) : null;
      if (placeShaped && placeShaped.length < 2) continue;
      const shaped = shape && !shape.quoted ? e.items.filter((x) => shape.ends.test(x)) : placeShaped ?? e.items;
      const items = shaped.length >= 2 ? shaped : e.items;
      if (e.items.length === 2 && shape && !shape.quoted && shaped.length < 2) continue;
      const near = categoryNear(q, s.sf, e.index, e.index + e.text.length);
      // Away from the best sentence and its neighbours, only a list printed with the asked kind of thing (…等企业).
      if (Math.abs(i - ae.index) > 1 && near === 0) continue;
      // Items are names, not qualities (严谨的、全面的).
      if (e.items.some((x) => /的$|地$/.test(x))) continue;
      const counted = q.analysis.count === null ? 0 : q.analysis.count === items.length ? 0.8 : -0.5;
      const shown = items.map((x) => printedSpan(s, s.simp.indexOf(x, e.index), x.length));
      out.push({ text: shown.join('、'), items: shown, from: ae, sentences: [i], score: 2 * pin + near + counted + (items.length > 2 ? 0.1 : 0) });
    }
  }
  return out;
}

/** Places of a visit spread over the article (在A…，随后来到B…): in print order, once each. */
function placesOfVisit(q: Question, ae: ArticleEvidence): ListFound | null {
  const items: string[] = [];
  const sentences: number[] = [];
  const top = Math.max(...ae.facts.sentences.map((_, i) => pinned(ae, i, q)));
  // The visit the question is about: the best sentence's paragraph, from that sentence on.
  const from = ae.index;
  const paragraph = ae.facts.sentences[from].paragraph;
  ae.facts.sentences.forEach((s, i) => {
    if (i < from || s.paragraph !== paragraph) return;
    for (const p of findPlaces(s.simp)) {
      for (const item of p.items) {
        if (q.analysis.searchForm.includes(item) || items.some((x) => x.includes(item) || item.includes(x))) continue;
        items.push(printedSpan(s, s.simp.indexOf(item, p.index), item.length));
        if (!sentences.includes(i)) sentences.push(i);
      }
    }
  });
  if (items.length < 2) return null;
  return { text: items.join('、'), items, from: ae, sentences, score: 2 * top - 0.5 };
}

export const listKind: AnswerKind = {
  name: 'list',
  detect: (q) => q.analysis.type === 'list',
  aggregates: true,
  bonus: (q, facts, i) => (findEnumerations(facts.sentences[i].simp).length || (asksPlaces(q) && findPlaces(facts.sentences[i].simp).length) ? 1 : 0),
  extract(ev) {
    const out: ListFound[] = [];
    for (const ae of supporting(ev).slice(0, 3)) {
      out.push(...enumerations(ev, ae));
      if (asksPlaces(ev.q)) {
        const visit = placesOfVisit(ev.q, ae);
        if (visit) out.push(visit);
      }
    }
    return out.sort((a, b) => b.score - a.score);
  },
  verify(found, ev) {
    const items = (found as ListFound).items;
    // A list of short names from a sentence the question pins down; not a clause cut at its commas.
    // 哪两个地方 is not answered by seven: a list much longer than the count asked is another list.
    const count = ev.q.analysis.count;
    return items.length >= 2 && (count === null || items.length <= count + 1) && items.every((x) => [...x].length <= 40 && !/[，。；]/.test(x)) &&
      pinned(found.from, found.sentences[0], ev.q) >= 0.7 * pinned(ev.best, ev.best.index, ev.q);
  },
  phrase(found) {
    const best = found[0] as ListFound;
    return itemsPhrase(best.items.map((text) => ({ ...best, text })));
  },
  whenEmpty: 'quote',
};
