// Who did what, asked by the doer's title and a date (8月6日市委书记调研了哪些项目？): answered as a statement —
// 「8月6日，市委书记某某调研了A项目、B项目[1]。」 — the actor with title, the date, and every object in print order.
import { PLACE_END_RE, PROJECT_END_RE, shapeOf } from '../../text/item-shapes.js';
import { findEnumerations, findPlaces, findProjectSites } from '../entities.js';
import type { ActivityEvent } from '../events.js';
import type { ArticleEvidence } from '../evidence.js';
import { printedSpan, printedSpelling } from '../facts.js';
import type { Question } from '../question.js';
import { onAskedDay } from './shared.js';
import type { AnswerKind, Evidence, Found, Phrased } from './kind.js';
import { askedOffices, holdsOffice, peopleIn, showPerson } from './people.js';

/** A visit's verb right before the question's interrogative: the objects of that verb are asked for. */
const VISIT_ASKED_RE = /(?:调研|视察|察看|考察|检查|走访|看望|慰问|去|到|看|走进|来到|参观|会见|督导|暗访|前往)(?:了|过)?(?:哪|什么)/;
/** How a clause on the visit's path opens (在A项目现场…, 随后，某某来到B…, 最后来到…). */
const VISIT_CLAUSE_OPENERS = '(?:随后|最后|首先|接着|之后|其后|又)?(?:在|来到|走进|前往|赴|到|深入|察看|考察|调研|视察)';
/** Words that put an object on the visit's path (在A项目现场, 来到B, 察看了C). */
const VISIT_MARKER_RE = /在|来到|走进|察看|考察|调研|视察|前往|深入|到|随后|最后|首先|先后|又|赴|了解|参观|检查/;

/** The office a question names as its actor (the longest, when it names several). */
function askedActorOffice(q: Question): { title: string; body: string } | null {
  return askedOffices(q).sort((a, b) => b.title.length + b.body.length - a.title.length - a.body.length)[0] ?? null;
}

/** The objects asked for are people (看望慰问了哪位高层次人才), not the place of a visit (去哪所大学走访慰问专家). */
function asksPeople(q: Question): boolean {
  const sf = q.analysis.searchForm;
  const after = sf.slice(sf.search(/哪|什么|谁/));
  return /^(?:哪位|哪些人|谁)/.test(after) || q.analysis.category.some((c) => /人才|专家|代表|企业家|群众|老人|学生|人$/.test(c));
}

/** The event of the article whose actor is the one asked (by name or office), on the asked day. */
function actorEvent(ev: Evidence, ae: ArticleEvidence): ActivityEvent | null {
  const { q } = ev;
  const office = askedActorOffice(q);
  const names = q.analysis.persons;
  const verbs = q.analysis.verbs;
  const events = ev.ctx.eventsOf(ae.facts.article).filter((e) => onAskedDay(q, e));
  const fits = (e: ActivityEvent) => (names.length ? names.includes(e.actor) : !!office && !!e.actorTitle && holdsOffice(e.actorTitle, office, q, ae.facts.sf));
  return events.find((e) => fits(e) && (!verbs.length || e.verbs.some((v) => verbs.includes(v)))) ?? events.find(fits) ?? null;
}

interface Item { text: string; sentence: number; at: number }

/** Objects of the visit, in print order: projects, places or people, of the asked shape. */
function visitObjects(q: Question, ae: ArticleEvidence, e: ActivityEvent, from: number): Item[] {
  const sentences = ae.facts.sentences;
  const category = q.analysis.category[q.analysis.category.length - 1] ?? '';
  const wantsProjects = /项目|工程|工地/.test(category) || /项目|工程|工地/.test(q.analysis.searchForm.slice(q.analysis.searchForm.search(/哪|什么/)));
  const shape = category && !/地方|单位|处|哪里/.test(category) ? shapeOf(category) : null;
  const items: Item[] = [];
  const add = (text: string, sentence: number, at: number) => {
    if (q.analysis.searchForm.includes(text) || text === e.actor) return;
    const inside = items.findIndex((x) => x.text.includes(text) || text.includes(x.text));
    if (inside >= 0) { if (text.length > items[inside].text.length) items[inside] = { text, sentence, at }; return; }
    items.push({ text, sentence, at });
  };
  for (let i = from; i < sentences.length; i++) {
    const s = sentences[i];
    if (asksPeople(q)) {
      for (const c of peopleIn(ae, i)) if (c.name !== e.actor && c.chain) add(showPerson(ae, c), i, c.index);
      continue;
    }
    if (wantsProjects) {
      const firstOfParagraph = i === 0 || sentences[i - 1].paragraph !== s.paragraph;
      const paragraphHasActor = sentences.some((x) => x.paragraph === s.paragraph && x.simp.includes(e.actor));
      for (const p of findProjectSites(s.simp)) {
        // On the visit's path: the clause opens with a visit word (在…现场, 随后来到…), or one stands right before it.
        const clause = s.simp.slice(0, p.index).split(/[，。；]/).pop() ?? '';
        const marked = new RegExp(`^(?:${VISIT_CLAUSE_OPENERS})`).test(clause.replace(e.actor, '')) || VISIT_MARKER_RE.test(clause.slice(-4));
        const opens = firstOfParagraph && p.index <= 2 && paragraphHasActor;
        if (marked || opens) add(printedSpan(s, p.index, p.text.length), i, p.index);
      }
      for (const en of findEnumerations(s.simp)) {
        if (!VISIT_MARKER_RE.test(s.simp.slice(Math.max(0, en.index - 8), en.index))) continue;
        for (const x of en.items) if (PROJECT_END_RE.test(x) || PLACE_END_RE.test(x)) add(printedSpan(s, s.simp.indexOf(x, en.index), x.length), i, s.simp.indexOf(x, en.index));
      }
      continue;
    }
    for (const p of findPlaces(s.simp)) {
      for (const x of p.items) {
        if (shape && !shape.ends.test(x) && !x.endsWith(category)) continue;
        add(printedSpan(s, s.simp.indexOf(x, p.index), x.length), i, s.simp.indexOf(x, p.index));
      }
    }
  }
  return items.sort((a, b) => a.sentence - b.sentence || a.at - b.at);
}

/** The question's own words for the act (调研了, 带队视察了, 走访了), from its last clause before the interrogative. */
function askedVerbPhrase(q: Question, office: { title: string; body: string } | null): string {
  const sf = q.analysis.searchForm;
  const head = sf.slice(0, sf.search(/哪|什么|谁/));
  let clause = head.split(/[，,]/).pop() ?? '';
  const anchor = [...q.analysis.persons, office?.title ?? ''].filter(Boolean).map((x) => clause.lastIndexOf(x) + (clause.lastIndexOf(x) >= 0 ? x.length : 0)).reduce((a, b) => Math.max(a, b), 0);
  clause = clause.slice(anchor).replace(/^[\d〇零一二两三四五六七八九十]{1,3}月[\d〇零一二两三四五六七八九十]{1,3}[日号]/, '').replace(/^(?:书记|都|还|又|曾)/, '');
  return clause || '到了';
}

export const statementKind: AnswerKind = {
  name: 'statement',
  detect: (q) => VISIT_ASKED_RE.test(q.analysis.searchForm) && (q.analysis.persons.length > 0 || askedActorOffice(q) !== null),
  extract(ev) {
    const out: Found[] = [];
    for (const ae of ev.articles.slice(0, 4)) {
      const e = actorEvent(ev, ae);
      if (!e) continue;
      const at = e.sentenceIndex ?? Math.max(0, ae.facts.sentences.findIndex((s) => s.simp === e.sentence));
      const items = visitObjects(ev.q, ae, e, at);
      if (!items.length) continue;
      const date = e.monthDay ? `${e.monthDay.month}月${e.monthDay.day}日，` : '';
      const actor = `${e.actorTitle ? printedSpelling(ae.facts, e.actorTitle) : ''}${printedSpelling(ae.facts, e.actor)}`;
      out.push({
        text: items.map((x) => x.text).join('、'), from: ae, sentences: [at, ...new Set(items.map((x) => x.sentence))],
        score: ae.score, detail: { lead: `${date}${actor}${askedVerbPhrase(ev.q, askedActorOffice(ev.q))}` },
      });
    }
    return out;
  },
  verify: (found) => found.text.length > 0,
  phrase(found): Phrased {
    const f = found[0];
    return { parts: [{ text: f.text, from: f.from, sentences: f.sentences }], joiner: '；', lead: f.detail?.lead ?? '' };
  },
  whenEmpty: 'quote',
};
