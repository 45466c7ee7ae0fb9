// 什么时候 / 哪一年 / 哪天: a printed date, from a sentence that prints the asked event (开工, 开馆 …) too.
import { MILESTONES } from '../../text/question-words.js';
import { findDateExpressions } from '../entities.js';
import type { Question } from '../question.js';
import { itemsPhrase, type AnswerKind, type Found } from './kind.js';
import { anchorOf, nearBest, pinned, share as shareOf, wordsOf } from './shared.js';

/** Share of the asked event's words a sentence must print: 开业接诊 is not answered by a sentence about building. */
const MIN_EVENT_SHARE = 0.5;

/** The milestones the question's event names (开业接诊 → 开业, 接诊). */
function milestones(q: Question): string[] {
  return Object.keys(MILESTONES).filter((m) => q.analysis.predicate.includes(m));
}

/**
 * How much of the asked event a sentence prints: for a milestone (开工, 开业, 通车 …), 1 when it prints the milestone
 * or a synonym, else 0 — a paper reports such things before they happen, and a date nearby is then another date's;
 * for any other event, the share of its words (paraphrases are common: 问世 / 面世), never below 0.5.
 */
function eventShare(q: Question, sf: string): number {
  const asked = milestones(q);
  if (asked.length) return asked.some((m) => MILESTONES[m].some((w) => sf.includes(w))) ? 1 : 0;
  const event = wordsOf(q, q.analysis.predicate);
  return event.length ? Math.max(MIN_EVENT_SHARE, shareOf(sf, event)) : 1;
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
      // 由原定的A调整为B: the date after the change is the one now planned.
      const change = s.sf.match(/(?:调整|改|推迟|延长|延期|提前|顺延)(?:为|到|至)/);
      dates.forEach((d, k) => {
        // 哪一年 wants a year, 哪天 a day: a date without one is no answer to it.
        if (wants && !wants.test(d.text)) return;
        const afterChange = change?.index !== undefined && d.index > change.index ? 1 : 0;
        // A date stands before the act it dates (2024年7月30日某会议审议批准, 将于9月28日开馆): the asked event printed
        // after it, before the next date, is the strongest sign.
        const following = s.sf.slice(d.index + d.text.length, dates[k + 1]?.index ?? s.sf.length);
        const dated = event.length ? shareOf(following, event) : 0;
        const score = (rank === 0 ? 1 : 0) + 2 * best.scoped[i] + share + (range && /[至到—~～-]/.test(d.text) ? 1 : 0) +
          afterChange + 1.5 * dated - Math.abs(d.index - anchor) / 40;
        out.push({ text: s.text.normalize('NFKC').length === s.sf.length ? s.text.normalize('NFKC').slice(d.index, d.index + d.text.length) : d.text, from: best, sentences: [i], score });
      });
    });
    // A report dates what it reports in its lead (12月9日，某某主持召开常委会会议…): when the sentences about the subject
    // print no date, the lead's date is that of the meeting or act the question names, if the lead prints the act.
    if (!out.length && event.length) {
      const lead = best.facts.sentences.findIndex((s) => s.paragraph === best.facts.sentences[0].paragraph && findDateExpressions(s.sf).length > 0);
      const s = lead >= 0 ? best.facts.sentences[lead] : null;
      const d = s ? findDateExpressions(s.sf).find((x) => !wants || wants.test(x.text)) : undefined;
      if (s && d && lead < best.index && shareOf(s.sf, event) >= MIN_EVENT_SHARE) {
        out.push({ text: d.text, from: best, sentences: [lead], score: 0, detail: { lead: 'yes' } });
      }
    }
    return out.sort((a, b) => b.score - a.score);
  },
  verify(found, ev) {
    if (found.detail?.lead) return true;
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
    return /\d|[〇零一二三四五六七八九十廿]+[年月]|年间|世纪|年代|[朝代]|时期|[春夏秋冬]季|之际|前夕|时[，,]|之时|的时候|期间|之后|以后|之前|以前|那一刻|当时|此时|[末初]|早期|晚期|初期|中期|后期|前期/.test(s) ? 'quote' : 'refuse';
  },
};
