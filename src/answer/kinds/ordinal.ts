// 第几届 / 第几大 / 名列第几: a rank or an ordinal as printed (第十三届, 第6, 第四位), from the sentence the question pins.
import { ASKED_ORDINAL_RE } from '../../text/question-words.js';
import { printedSpan } from '../facts.js';
import type { Question } from '../question.js';
import { itemsPhrase, type AnswerKind, type Found } from './kind.js';
import { anchorOf, nearBest, pinned, share } from './shared.js';

/** The digits of a printed ordinal, Arabic, full-width or Chinese. */
const DIGITS = '[\\d０-９〇零一二两三四五六七八九十百千]';

/** Printed ordinals: 第 and a number, with a measure word or 大/名/位 after it. */
const ORDINAL_RE = new RegExp(`第\\s*${DIGITS}+\\s*(?:\\p{Script=Han}(?<![的和与及、，。]))?`, 'gu');
/** An ordinal with no measure word after it (排名全国第6). */
const BARE_ORDINAL_RE = new RegExp(`^第\\s*${DIGITS}+\\s*$`, 'u');
/** A sentence printing an ordinal at all. */
const HAS_ORDINAL_RE = new RegExp(`第${DIGITS}`, 'u');

function askedMeasure(q: Question): string | null {
  return q.analysis.searchForm.match(ASKED_ORDINAL_RE)?.[1] ?? null;
}

export const ordinalKind: AnswerKind = {
  name: 'ordinal',
  detect: (q) => ASKED_ORDINAL_RE.test(q.analysis.searchForm),
  bonus(_q, facts, i) {
    return HAS_ORDINAL_RE.test(facts.sentences[i].simp) ? 1 : 0;
  },
  extract(ev) {
    const { q, best } = ev;
    const measure = askedMeasure(q);
    const out: Found[] = [];
    nearBest(ev).forEach((i, rank) => {
      const s = best.facts.sentences[i];
      const anchor = anchorOf(s.sf, q.words);
      for (const m of s.simp.matchAll(ORDINAL_RE)) {
        // 第几届 is answered by 第十三届, not by 第3批; a bare rank (排名全国第6) answers 第几大 / 第几位.
        const unit = m[0].match(/[\p{Script=Han}]$/u)?.[0] ?? '';
        const numeric = BARE_ORDINAL_RE.test(m[0]);
        const fits = !measure || unit === measure || numeric || /^[大名位]$/.test(measure);
        if (!fits) continue;
        const text = unit && measure && unit !== measure && !/^[大名位]$/.test(unit) ? m[0].slice(0, -1) : m[0];
        // The words printed just before it say what is ranked (在西部12省市中排第1位, not 排名全国第10).
        const clause = s.sf.slice(0, m.index).split(/[，。；,;]/).pop() ?? '';
        const score = (rank === 0 ? 1 : 0) + 2 * best.scoped[i] + (unit === measure ? 0.5 : 0) + 1.5 * share(clause, q.words) - Math.abs(m.index! - anchor) / 400;
        out.push({ text: printedSpan(s, m.index!, text.length), from: best, sentences: [i], score });
      }
    });
    return out.sort((a, b) => b.score - a.score);
  },
  verify: (found, ev) => pinned(found.from, found.sentences[0], ev.q) >= 0.75 * pinned(ev.best, ev.best.index, ev.q),
  phrase: (found) => itemsPhrase(found.slice(0, 1)),
  whenEmpty: 'quote',
};
