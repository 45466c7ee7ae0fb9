// What a named person (or office) did: 某某这两天参加了哪些活动？ — one statement per supporting article, each cited,
// gathered across articles and pages from the events read in them.
import type { ActivityEvent } from '../events.js';
import type { ArticleEvidence } from '../evidence.js';
import { printedSpan } from '../facts.js';
import { simplify } from '../../text/search-form.js';
import { onAskedDay } from './shared.js';
import type { AnswerKind, Evidence, Found } from './kind.js';
import { askedOffices, holdsOffice } from './people.js';

/** Questions about someone's activities rather than one fact (参加了哪些活动, 各自调研了什么, 有什么公务活动). */
const ACTIVITIES_RE = /(?:哪些|什么|几项|几次)(?:公务)?活动|公务活动|活动有哪些|做了什么|干了什么|忙什么|参加了?(?:哪些|什么)|参加过|出席了?(?:哪些|什么)|各自|分别.{0,6}什么|各有什么|都.{0,4}什么事/;

/** The clause of the event sentence that says what the actor did: from the title chain to the end of the verb's clause. */
function activityClause(ae: ArticleEvidence, e: ActivityEvent): { text: string; sentence: number } | null {
  const i = e.sentenceIndex ?? ae.facts.sentences.findIndex((s) => s.simp === e.sentence);
  const s = ae.facts.sentences[i];
  if (!s) return null;
  const at = s.simp.indexOf(e.actor);
  if (at < 0) return null;
  const chainStart = e.actorTitle && s.simp.lastIndexOf(e.actorTitle, at) >= 0 && s.simp.lastIndexOf(e.actorTitle, at) + e.actorTitle.length === at ? at - e.actorTitle.length : at;
  const rest = s.simp.slice(at);
  const verbAt = rest.search(new RegExp(e.verbs.join('|')));
  const end = verbAt < 0 ? rest.search(/[，。；]|$/) : verbAt + (rest.slice(verbAt).search(/[，。；]|$/));
  return { text: printedSpan(s, chainStart, at - chainStart + end), sentence: i };
}

export const activitiesKind: AnswerKind = {
  name: 'activities',
  detect: (q) => ACTIVITIES_RE.test(q.analysis.searchForm) && (q.analysis.persons.length > 0 || askedOffices(q).length > 0),
  aggregates: true,
  // The person (or office) is what the question is about: an article printing them is evidence.
  admits: (q, best) => q.analysis.persons.some((p) => best.facts.sf.includes(p)) || askedOffices(q).length > 0 && best.evidenceCoverage >= 0.3,
  extract(ev: Evidence) {
    const { q } = ev;
    const offices = askedOffices(q);
    const out: Found[] = [];
    const seen = new Set<string>();
    // Every admissible article may hold one of the activities, not only those that match the question best.
    for (const ae of ev.articles) {
      for (const e of ev.ctx.eventsOf(ae.facts.article)) {
        if (!onAskedDay(q, e)) continue;
        const byName = q.analysis.persons.includes(e.actor);
        const office = offices.find((o) => e.actorTitle && holdsOffice(e.actorTitle, o, q, ae.facts.sf));
        if (!byName && !office) continue;
        const key = `${ae.facts.article.id}|${e.actor}`;
        if (seen.has(key)) continue;
        const clause = activityClause(ae, e);
        if (!clause) continue;
        seen.add(key);
        const head = ae.facts.article.title;
        // A headline about the person says what they did (某某主持召开…会); a clause in an article headlined about
        // something else (某某出席开幕式) is told with the headline of what it was.
        const own = head.split(/\s+/).find((part) => simplify(part).includes(e.actor));
        const told = own ?? `${clause.text}（《${head}》）`;
        const date = e.monthDay ? `${e.monthDay.month}月${e.monthDay.day}日，` : '';
        out.push({ text: `${date}${told}`, from: ae, sentences: [clause.sentence], score: ae.score, detail: { order: e.date ?? ae.facts.article.date ?? '' } });
        break;
      }
      // Named in the article without an activity verb of their own (某某在一旁接过话茬): the article's event is theirs too.
      const named = q.analysis.persons.find((p) => ae.facts.persons.has(p));
      if (named && !out.some((f) => f.from === ae)) {
        const i = ae.facts.sentences.findIndex((x) => x.simp.includes(named));
        const e = ev.ctx.eventsOf(ae.facts.article).find((x) => onAskedDay(q, x));
        if (i >= 0 && (!q.analysis.dates.length || e)) {
          const date = e?.monthDay ? `${e.monthDay.month}月${e.monthDay.day}日，` : '';
          out.push({ text: `${date}《${ae.facts.article.title}》`, from: ae, sentences: [i], score: ae.score, detail: { order: e?.date ?? ae.facts.article.date ?? '' } });
        }
      }
    }
    return out.sort((a, b) => (a.detail!.order ?? '').localeCompare(b.detail!.order ?? '') || b.score - a.score);
  },
  verify: (found) => found.text.length >= 4,
  phrase: (found, ev) => ({ parts: found.slice(0, ev.options.maxCitations).map((f) => ({ text: f.text, from: f.from, sentences: f.sentences })), joiner: '；' }),
  whenEmpty: 'quote',
};
