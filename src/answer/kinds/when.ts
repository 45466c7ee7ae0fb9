// 什么时候 / 哪一年 / 哪天: a printed date, from a sentence that prints the asked event (开工, 开馆 …) too.
import { findDateExpressions } from '../entities.js';
import type { Question } from '../question.js';
import { itemsPhrase, type AnswerKind, type Found } from './kind.js';
import { anchorOf, pinned, share, wordsOf } from './shared.js';

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
    const { q } = ev;
    const out: Found[] = [];
    for (const ae of ev.articles.slice(0, 2)) {
      ae.facts.sentences.forEach((s, i) => {
        const dates = findDateExpressions(s.sf);
        if (!dates.length) return;
        const pin = pinned(ae, i, q);
        const event = eventShare(q, s.sf);
        const anchor = anchorOf(s.sf, wordsOf(q, q.analysis.predicate).length ? wordsOf(q, q.analysis.predicate) : q.words);
        // 从哪天到哪天 wants a range; otherwise the date nearest the event.
        const range = /到哪|至哪|从.{0,6}到/.test(q.analysis.searchForm);
        for (const d of dates) {
          const score = 2 * pin + event + (range && /[至到—~～-]/.test(d.text) ? 1 : 0) - Math.abs(d.index - anchor) / 200 + (ae === ev.best ? 0.2 : 0);
          out.push({ text: s.text.normalize('NFKC').length === s.sf.length ? s.text.normalize('NFKC').slice(d.index, d.index + d.text.length) : d.text, from: ae, sentences: [i], score });
        }
      });
    }
    return out.sort((a, b) => b.score - a.score);
  },
  verify(found, ev) {
    const s = found.from.facts.sentences[found.sentences[0]];
    return eventShare(ev.q, s.sf) >= MIN_EVENT_SHARE && pinned(found.from, found.sentences[0], ev.q) >= 0.75 * pinned(ev.best, ev.best.index, ev.q);
  },
  phrase: (found) => itemsPhrase(found.slice(0, 1)),
  // A date the paper does not print is not guessed: 开业接诊 printed nowhere with a date is refused.
  whenEmpty: 'refuse',
};
