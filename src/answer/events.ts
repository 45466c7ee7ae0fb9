// Official-activity events (调研, 视察, 会见 …): who, with what title, when, where and about what — read per article.
import type { Article } from '../domain.js';
import { ACTIVITY_VERBS } from '../text/question-words.js';
import { findPersons } from '../text/persons.js';
import { simplify } from '../text/search-form.js';
import { factsOf } from './facts.js';
import { findPlaces, findProjects } from './entities.js';

export { ACTIVITY_VERBS };

export interface ActivityEvent {
  articleId: string;
  actor: string;
  actorTitle: string | null;
  verbs: string[];
  /** ISO date when the year can be taken from the issue date; otherwise null. */
  date: string | null;
  /** Month and day as printed (8月6日), when printed. */
  monthDay: { month: number; day: number } | null;
  places: string[];
  projects: string[];
  /** The sentence (simplified) the event was read from. */
  sentence: string;
  /** Index of that sentence among the article's sentences (when read by this version). */
  sentenceIndex?: number;
}

const VERB_RE = new RegExp(ACTIVITY_VERBS.join('|'), 'g');

function eventDate(text: string, issueDate: string | null): { iso: string | null; monthDay: { month: number; day: number } | null } {
  const m = text.normalize('NFKC').match(/(\d{1,2})月(\d{1,2})日/);
  if (!m) return { iso: null, monthDay: null };
  const month = Number(m[1]);
  const day = Number(m[2]);
  if (!issueDate) return { iso: null, monthDay: { month, day } };
  let year = Number(issueDate.slice(0, 4));
  // Reported in January about December: last year.
  if (month > Number(issueDate.slice(5, 7)) + 1) year -= 1;
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { iso, monthDay: { month, day } };
}

/** Sentences of an article's lead that are read for events. */
const LEAD_SENTENCES = 12;

/**
 * Events of one article: each lead sentence with an activity verb and a person doing it — a titled person before the
 * verb, or someone the article prints with a title elsewhere (its headline's 某某调研…).
 */
export function extractEvents(article: Article): ActivityEvent[] {
  if (article.kind === 'notice' || article.kind === 'photo') return [];
  const facts = factsOf(article);
  const title = simplify(article.title);
  const headActor = findPersons(title)[0]?.name ?? (() => {
    // Headlines usually open with the actor's bare name: 某某调研… / 某某主持召开…
    const m = title.match(new RegExp(`^([\\p{Script=Han}]{2,3}?)(?:${ACTIVITY_VERBS.join('|')}|到|赴|在)`, 'u'));
    return m ? m[1] : null;
  })();
  const projects = findProjects(simplify(article.text));
  const lead = facts.sentences.slice(0, LEAD_SENTENCES);
  const leadDate = eventDate(lead.map((x) => x.simp).join(''), article.date);
  const events: ActivityEvent[] = [];
  lead.forEach((s, li) => {
    const verbs = s.simp.match(VERB_RE);
    if (!verbs) return;
    const people = facts.personsIn(li);
    // Each actor is the person right before a verb of the activity, in the same clause (签约前，市长某某会见了…; 书记
    // 某某出席…，市长某某主持…): one event per actor of the sentence.
    const actors: Array<{ person: { name: string; title: string | null; index: number }; verbs: string[] }> = [];
    for (const m of s.simp.matchAll(VERB_RE)) {
      const before = people.filter((p) => p.index + p.name.length <= m.index! && !/[，。；]/.test(s.simp.slice(p.index + p.name.length, m.index!))).pop();
      if (!before) continue;
      const had = actors.find((a) => a.person.name === before.name);
      if (had) { if (!had.verbs.includes(m[0])) had.verbs.push(m[0]); } else actors.push({ person: before, verbs: [m[0]] });
    }
    if (!actors.length && headActor && s.simp.includes(headActor)) actors.push({ person: { name: headActor, title: null, index: s.simp.indexOf(headActor) }, verbs: [...new Set(verbs)] });
    // An actor's acts run on to the next actor of the sentence (某某带领…，就…进行专项视察).
    actors.sort((a, b) => a.person.index - b.person.index).forEach((a, k) => {
      const end = actors[k + 1]?.person.index ?? s.simp.length;
      for (const m of s.simp.slice(a.person.index, end).matchAll(VERB_RE)) if (!a.verbs.includes(m[0])) a.verbs.push(m[0]);
    });
    for (const { person: actor, verbs: own } of actors) {
      const title = facts.persons.get(actor.name)?.title ?? null;
      const chain = s.simp.slice(Math.max(0, actor.index - 20), actor.index).match(/[\p{Script=Han}、]*$/u)?.[0].replace(/^.*?[，。]/, '') ?? '';
      const actorTitle = title ?? (chain && /(书记|长|主任|主席|委员|代表|常委)$/.test(chain) ? chain.replace(/^(本报讯|日前|近日|\d+月\d+日)/, '') : actor.title);
      const dated = eventDate(s.simp, article.date);
      const date = dated.monthDay ? dated : leadDate;
      const next = lead[li + 1];
      const sameVisit = next && facts.personsIn(li + 1).every((p) => p.name === actor.name);
      events.push({
        articleId: article.id,
        actor: actor.name,
        actorTitle,
        verbs: own,
        date: date.iso,
        monthDay: date.monthDay,
        // The places of a visit often follow in the next sentence (视察组先后走进…), when it names nobody else.
        places: [...new Set([s.simp, ...(sameVisit ? [next.simp] : [])].flatMap((x) => findPlaces(x).flatMap((p) => p.items)))],
        projects,
        sentence: s.simp,
        sentenceIndex: li,
      });
    }
  });
  return events;
}

const cache = new WeakMap<Article, ActivityEvent[]>();

/** The events of an article, read on first use and kept (the answerer reads them with the current rules). */
export function eventsOfArticle(article: Article): ActivityEvent[] {
  let events = cache.get(article);
  if (!events) { events = extractEvents(article); cache.set(article, events); }
  return events;
}
