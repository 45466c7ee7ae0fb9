// 多少 / 几: a number with its unit, from the sentence that prints what is measured.
import { MEASURED_BY_UNIT } from '../../text/question-words.js';
import { findQuantities } from '../entities.js';
import { printedSpan } from '../facts.js';
import type { Question } from '../question.js';
import { itemsPhrase, type AnswerKind, type Found } from './kind.js';
import { anchorOf, factParts, nearBest, pinned, share, subjectWords } from './shared.js';

/** The units a number question accepts: the family of what it measures (money, area, people), or the asked unit. */
function acceptedUnits(q: Question): RegExp | null {
  const sf = q.analysis.searchForm;
  for (const family of Object.values(MEASURED_BY_UNIT)) if (family.asks.some((w) => sf.includes(w))) return family.units;
  const unit = q.analysis.unit;
  if (!unit) return null;
  return unit === '人' ? MEASURED_BY_UNIT.people.units : new RegExp(unit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

export const numberKind: AnswerKind = {
  name: 'number',
  detect: (q) => q.analysis.type === 'number',
  bonus(q, facts, i) {
    const units = acceptedUnits(q);
    return findQuantities(facts.sentences[i].simp).some((x) => !units || units.test(x.text)) ? 1 : 0;
  },
  extract(ev) {
    const { q, best } = ev;
    const units = acceptedUnits(q);
    // 多久 / 多长时间 ask for a span of time (44年之久, 两小时).
    const durations = /多久|多长时间|多少时间|几年|几个月|几天|几小时/.test(q.analysis.searchForm);
    const out: Found[] = [];
    const order = nearBest(ev);
    order.forEach((i, rank) => {
      const s = best.facts.sentences[i];
      const quantities = findQuantities(s.simp, { durations }).filter((x) => !units || units.test(x.text));
      if (!quantities.length) return;
      const focus = q.analysis.focus.some((f) => s.sf.includes(f)) ? 1 : 0;
      // 提高到多少: the value printed after 到/至, not the one it rose from.
      const after = q.analysis.changeTo ? quantities.filter((x) => /[到至为]$/.test(s.simp.slice(0, x.index))) : [];
      const anchor = anchorOf(s.sf, q.words);
      for (const x of after.length ? after : quantities) {
        // A quantity that closes its clause states the amount (种植油茶1200亩); one before a noun names a thing (千亩油茶基地).
        const rest = s.simp.slice(x.index + x.text.length);
        const predicate = /^(?:[，。；、,;）)”]|$|的|左右|以上|多|余)/.test(rest) ? 1 : 0;
        // A round amount glued to a noun is part of a name (千亩油茶基地, 万人广场), not the amount measured.
        const attributive = /^[\p{Script=Han}]/u.test(rest) && /^[一二两三四五六七八九十百千万]+[\p{Script=Han}]?$/u.test(x.text) ? 1 : 0;
        // The words printed just before a quantity say what it measures (集装箱吞吐量186万标箱, not 货物吞吐量…).
        const clause = s.sf.slice(0, x.index).split(/[，。；,;]/).pop() ?? '';
        const lead = clause.slice(-8).split('、').pop() ?? '';
        const local = 0.7 * share(lead, q.words) + 0.3 * share(clause, q.words);
        const score = (rank === 0 ? 1 : 0) + 2 * best.scoped[i] + focus + 0.5 * predicate - 1.5 * attributive + 1.5 * local - Math.abs(x.index - anchor) / 400;
        out.push({ text: printedSpan(s, x.index, x.text.length), from: best, sentences: [i], score, detail: { at: String(x.index) } });
      }
    });
    return out.sort((a, b) => b.score - a.score);
  },
  verify(found, ev) {
    // The sentence (with the one before it) must print the subject as well as the best one does, and the number's own
    // clause must be about it (该项目总投资… after a sentence naming another project is not its investment).
    const pin = pinned(found.from, found.sentences[0], ev.q);
    // A number in a clause that refers back (该项目总投资…) belongs to what was named before it: the question's subject
    // must be printed there, or in the headline.
    const subject = subjectWords(ev.q);
    const [head, before, clause, back] = factParts(found.from, found.sentences[0], Number(found.detail?.at ?? 0));
    const refers = /^(?:该|其|这|此)/.test(clause);
    const about = !refers || !subject.length || share(`${head} ${before} ${clause} ${back}`, subject) >= 0.5;
    return /[\d０-９一二两三四五六七八九十百千万]/.test(found.text) && pin >= 0.75 * pinned(ev.best, ev.best.index, ev.q) && about;
  },
  phrase: (found) => itemsPhrase(found.slice(0, 1)),
  whenEmpty: 'refuse',
};
