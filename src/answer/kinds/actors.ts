// Which people did something (哪些领导去过某工地？8月6日有哪些市领导在调研？哪些副主任带队检查了…？): the actors of
// the matching events in every admissible article, each with title, date and what they did, each cited.
import { ACTIVITY_VERBS } from '../../text/question-words.js';
import { simplify } from '../../text/search-form.js';
import type { ActivityEvent } from '../events.js';
import { presence, type ArticleEvidence } from '../evidence.js';
import { printedSpelling } from '../facts.js';
import type { Question } from '../question.js';
import { onAskedDay } from './shared.js';
import type { AnswerKind, Evidence, Found } from './kind.js';
import { askedOffices, holdsOffice } from './people.js';

/** People asked for in the plural, or by an office several hold (哪些市领导, 哪几位, 哪些…副主任, 谁…过). */
const ACTORS_RE = /哪些[^，。？?]{0,3}(?:领导|人|同志)|哪几位|几位领导|有谁|都有谁|哪些[^，。？?]{0,12}(?:主任|书记|市长|部长|局长|委员|代表|主席)|(?:谁|哪位领导)[^，。？?]{0,8}(?:去过|到过|来过|看过|去看|视察过|调研过|考察过|察看过|走访过)/;
/** Visits asked about without an activity verb of the table (去过, 看过): any visit counts. */
const VISIT_VERBS = ['调研', '视察', '察看', '检查', '考察', '走访', '看望', '慰问', '督导', '督查', '暗访', '指导'];
/** Offices of city leaders (领导): party, government, congress and conference posts. */
const LEADER_RE = /书记|市长|县长|区长|主任|主席|部长|常委|秘书长/;

/** What the question says was done, besides the doers: its words that are not offices, verbs, cities or frame words. */
function objectWords(q: Question): Question['words'] {
  const offices = askedOffices(q).flatMap((o) => [o.title, o.body]).join(' ');
  return q.words.filter((w) => !w.city && w.weight > 1 && [...w.words[0]].length > 1 &&
    !w.words.some((x) => ACTIVITY_VERBS.includes(x) || offices.includes(x) || /领导|哪些|几位|同志|^人$|^(?:去|到|来|看)(?:过|了|看)?$/.test(x)));
}

/** The event's text (its sentence and the visit's next ones) and the headline, where the object words must be printed. */
function eventText(ae: ArticleEvidence, e: ActivityEvent): string {
  const i = e.sentenceIndex ?? 0;
  const s = ae.facts.sentences;
  return [ae.facts.titleSf, ...s.slice(i, i + 6).filter((x) => x.paragraph <= (s[i]?.paragraph ?? 0) + 4).map((x) => x.sf)].join(' ');
}

export const actorsKind: AnswerKind = {
  name: 'actors',
  detect: (q) => q.analysis.persons.length === 0 && (ACTORS_RE.test(q.analysis.searchForm) ||
    (askedOffices(q).length > 1 && /各自|分别|各/.test(q.analysis.searchForm)) || (askedOffices(q).length > 0 && /各地|各市|各县|各级/.test(q.analysis.searchForm))),
  aggregates: true,
  // Any article with an event of the asked kind is evidence; the object is checked per event.
  admits: (_q, best) => best.evidenceCoverage >= 0.3,
  extract(ev: Evidence) {
    const { q } = ev;
    const offices = askedOffices(q);
    const leaders = /领导/.test(q.analysis.searchForm);
    const object = objectWords(q);
    // 参加了活动 / 有什么活动 names no particular act: any activity counts.
    const generic = object.every((w) => w.words.some((x) => /活动|工作|公务/.test(x))) && q.analysis.verbs.every((v) => /参加|出席/.test(v));
    const verbs = generic ? ACTIVITY_VERBS : q.analysis.verbs.length ? q.analysis.verbs : VISIT_VERBS;
    const out: Found[] = [];
    const seen = new Set<string>();
    for (const ae of ev.articles) {
      for (const e of ev.ctx.eventsOf(ae.facts.article)) {
        if (seen.has(e.actor) || !onAskedDay(q, e) || !e.actorTitle || !e.verbs.some((v) => verbs.includes(v))) continue;
        if (offices.length && !offices.some((o) => holdsOffice(e.actorTitle!, o, q, ae.facts.sf))) continue;
        if (leaders && !LEADER_RE.test(e.actorTitle)) continue;
        // The event must be about what the question names (the site, the ceremony): most of those words printed there.
        const text = eventText(ae, e);
        const total = object.reduce((n, w) => n + w.weight, 0);
        const have = object.reduce((n, w) => n + w.weight * presence(text, w), 0);
        if (!generic && total && have / total < 0.6) continue;
        seen.add(e.actor);
        const date = e.monthDay ? `${e.monthDay.month}月${e.monthDay.day}日` : '';
        const head = ae.facts.article.title.split(/\s+/).find((p) => simplify(p).includes(e.actor)) ?? ae.facts.article.title;
        out.push({
          text: `${printedSpelling(ae.facts, e.actorTitle)}${printedSpelling(ae.facts, e.actor)}（${date ? `${date}，` : ''}《${head}》）`,
          from: ae, sentences: [e.sentenceIndex ?? 0], score: ae.score, detail: { name: e.actor },
        });
      }
    }
    return out;
  },
  verify: () => true,
  phrase: (found, ev) => ({ parts: found.slice(0, ev.options.maxCitations).map((f) => ({ text: f.text, from: f.from, sentences: f.sentences })), joiner: '；' }),
  whenEmpty: 'quote',
};
