// Who visited a named site (X项目有哪些市领导去看过？): the actors of the visits printed in every supporting article.
import type { AnswerKind, Found } from './kind.js';
import { printedSpelling } from '../facts.js';
import { pinned } from './shared.js';

/** People asked for as the doers of a visit to a site the question names. */
const VISITORS_RE = /(?:哪些|哪几位|哪位|谁)[^，。？?]{0,8}(?:去过|到过|来过|看过|去看|去了|视察过|调研过|考察过|察看过|走访过)/;

export const visitorsKind: AnswerKind = {
  name: 'visitors',
  detect: (q) => VISITORS_RE.test(q.analysis.searchForm) && /领导|谁/.test(q.analysis.searchForm) && q.analysis.persons.length === 0,
  aggregates: true,
  extract(ev) {
    const out: Found[] = [];
    const top = pinned(ev.best, ev.best.index, ev.q);
    for (const ae of ev.articles) {
      // The article must print the site as well as the best one does.
      const site = Math.max(...ae.facts.sentences.map((_, i) => pinned(ae, i, ev.q)));
      if (site < 0.8 * top) continue;
      const e = ev.ctx.eventsOf(ae.facts.article).find((x) => x.actorTitle);
      if (!e) continue;
      const date = e.monthDay ? `（${e.monthDay.month}月${e.monthDay.day}日）` : '';
      const at = e.sentenceIndex ?? 0;
      out.push({ text: `${printedSpelling(ae.facts, e.actorTitle!)}${printedSpelling(ae.facts, e.actor)}${date}`, from: ae, sentences: [at], score: ae.score, detail: { name: e.actor } });
    }
    const names = new Set<string>();
    return out.filter((f) => !names.has(f.detail!.name!) && !!names.add(f.detail!.name!));
  },
  verify: () => true,
  phrase: (found, ev) => ({ parts: found.slice(0, ev.options.maxCitations).map((f) => ({ text: f.text, from: f.from, sentences: f.sentences })), joiner: '；' }),
  whenEmpty: 'quote',
};
