// 什么时候 / 哪一年 / 哪天: a printed date, from a sentence that prints the asked event (开工, 开馆 …) too.
import { findDateExpressions } from '../entities.js';
import type { Question } from '../question.js';
import { itemsPhrase, type AnswerKind, type Found } from './kind.js';
import { anchorOf, nearBest, pinned, share, wordsOf } from './shared.js';

/** Share of the asked event's words a sentence must print: 开业接诊 is not answered by a sentence about building. */
const MIN_EVENT_SHARE = 0.5;

function eventShare(q: Question, sf: string): number {
  const event = wordsOf(q, q.analysis.predicate);
  return event.length ? share(sf, event) : 1;
}

export const whenKind: AnswerKind = {
  name: 'when',
  detect: (q) => q.analysis.type === 'when',
  bonus: (q, facts, i) => (findDateExpressions(facts.sentences[i].sf).length ? eventShare(q, facts.sentences[i].sf) : 0),
  extract(ev) {
    const { q, best } = ev;
    const out: Found[] = [];
    const event = wordsOf(q, q.analysis.predicate);
    // 从哪天到哪天 wants a range; 哪天 a day; 哪一年 a year.
    const sf = q.analysis.searchForm;
    const range = /到哪|至哪|从.{0,6}到/.test(sf);
    const wants = /哪一?年|何年|几几年/.test(sf) ? /年/ : /哪一?天|几号|几月几日|哪日/.test(sf) ? /\d{1,2}日|[一二三四五六七八九十]日/ : null;
    nearBest(ev).forEach((i, rank) => {
      const s = best.facts.sentences[i];
      const dates = findDateExpressions(s.sf);
      const share = eventShare(q, s.sf);
      const anchor = anchorOf(s.sf, event.length ? event : q.words);
      for (const d of dates) {
        const score = (rank === 0 ? 1 : 0) + 2 * best.scoped[i] + share + (range && /[至到—~～-]/.test(d.text) ? 1 : 0) +
          (wants?.test(d.text) ? 0.5 : 0) - Math.abs(d.index - anchor) / 200;
        out.push({ text: s.text.normalize('NFKC').length === s.sf.length ? s.text.normalize('NFKC').slice(d.index, d.index + d.text.length) : d.text, from: best, sentences: [i], score });
      }
    });
    return out.sort((a, b) => b.score - a.score);
  },
  verify(found, ev) {
    const s = found.from.facts.sentences[found.sentences[0]];
    return eventShare(ev.q, s.sf) >= MIN_EVENT_SHARE && pinned(found.from, found.sentences[0], ev.q) >= 0.75 * pinned(ev.best, ev.best.index, ev.q);
  },
  phrase: (found) => itemsPhrase(found.slice(0, 1)),
  // A date the paper does not print is not guessed: the asked event (开业接诊) printed nowhere near the subject, or
  // printed with no time at all, is refused; a time this reader does not recognise (某某王七年) is quoted.
  whenEmpty(ev) {
    const s = ev.best.facts.sentences[ev.best.index].sf;
    if (eventShare(ev.q, s) < MIN_EVENT_SHARE) return 'refuse';
    // 哪天 / 哪一年 want a day or a year: a sentence with neither does not answer. 什么时候 may be told by an event
    // (出征某地时, 就在那一刻).
    if (/哪一?天|几号|几月几日|哪一?年|何年|哪个月|几月/.test(ev.q.analysis.searchForm)) return 'refuse';
    return /\d|[〇零一二三四五六七八九十]+年|年间|世纪|年代|[朝代]|时期|[春夏秋冬]季|之际|前夕|时[，,]|之时|的时候|期间|之后|以后|之前|以前|那一刻|当时|此时/.test(s) ? 'quote' : 'refuse';
  },
};
