// Official-activity events (调研, 视察, 会见 …): who, with what title, when, where and about what — extracted per article.
import type { Article } from '../domain.js';
import { splitSentences } from '../chunk/chunk-article.js';
import { simplify } from '../text/search-form.js';
import { findPersons, findPlaces, findProjects } from './entities.js';

export const ACTIVITY_VERBS = ['调研', '视察', '察看', '检查', '考察', '走访', '看望', '慰问', '会见', '会晤', '出席', '主持', '督导', '督查',
  '带队', '带领', '参加', '召开', '接见', '拜访', '座谈', '指导', '暗访', '宣讲', '讲话', '签约', '提交', '颁奖', '捐赠'];

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

/** Events of one article: each sentence with an activity verb and a person doing it (or the headline's person). */
export function extractEvents(article: Article): ActivityEvent[] {
  if (article.kind === 'notice' || article.kind === 'photo') return [];
  const text = simplify(article.text);
  const title = simplify(article.title);
  const titlePeople = findPersons(title);
  const headActor = titlePeople[0] ?? (() => {
    // Headlines usually open with the actor's bare name: 雷健坤调研… / 李哲主持召开…
    const m = title.match(new RegExp(`^([\\p{Script=Han}]{2,3}?)(?:${ACTIVITY_VERBS.join('|')}|到|赴|在)`, 'u'));
    return m ? { name: m[1], title: null, index: 0 } : null;
  })();
  const projects = findProjects(text);
  const events: ActivityEvent[] = [];
  const lead = splitSentences(text).slice(0, 12);
  for (let li = 0; li < lead.length; li++) {
    const sentence = lead[li].text;
    const verbs = sentence.match(VERB_RE);
    if (!verbs) continue;
    const people = findPersons(sentence);
    const firstVerbAt = sentence.search(VERB_RE);
    let actor = people.filter((p) => p.index < firstVerbAt).pop() ?? null;
    let actorTitle = actor?.title ?? null;
    if (!actor && headActor && sentence.includes(headActor.name)) actor = { ...headActor, index: sentence.indexOf(headActor.name) };
    if (!actor) continue;
    // The full title chain printed before the name (市委副书记、市长).
    const before = sentence.slice(Math.max(0, actor.index - 16), actor.index);
    const chain = before.match(/[\p{Script=Han}、]*$/u)?.[0].replace(/^.*?[，。]/, '') ?? '';
    if (chain && /(书记|长|主任|主席|委员|代表|常委)$/.test(chain)) actorTitle = chain.replace(/^(本报讯|日前|近日|\d+月\d+日)/, '');
    const { iso, monthDay } = eventDate(sentence, article.date);
    const fallbackDate = monthDay ? { iso, monthDay } : eventDate(lead.map((x) => x.text).join(''), article.date);
    events.push({
      articleId: article.id,
      actor: actor.name,
      actorTitle,
      verbs: [...new Set(verbs)],
      date: fallbackDate.iso,
      monthDay: fallbackDate.monthDay,
      // The places of a visit often follow in the next sentence (视察组先后走进…), when it names nobody else.
      places: [...new Set([sentence, ...(nextIsSameVisit(lead[li + 1]?.text, actor.name) ? [lead[li + 1].text] : [])]
        .flatMap((x) => findPlaces(x).flatMap((p) => p.items)))],
      projects,
      sentence,
    });
  }
  return events;
}

function nextIsSameVisit(next: string | undefined, actor: string): boolean {
  if (!next) return false;
  const people = findPersons(next);
  return people.length === 0 || people.every((p) => p.name === actor);
}
