// Where the archive prints something (某某社区在报道里出现过几次？分别是什么事？): every article printing it, each cited.
import type { AnswerKind, Found } from './kind.js';
import { presence, type WordGroup } from '../evidence.js';
import type { Question } from '../question.js';

/** The subject of a mentions question: the words before 在报道/出现, as one group, else the heaviest word. */
function subjectOf(q: Question): WordGroup | null {
  const head = q.analysis.searchForm.split(/在报道|在报纸|在报上|出现|被提到|提到|报道过/)[0];
  const inHead = q.words.filter((w) => w.words.some((x) => head.includes(x)) && [...w.words[0]].length >= 2);
  const pick = inHead.length ? inHead : q.words;
  if (!pick.length) return null;
  const text = pick.map((w) => w.words.reduce((a, b) => (b.length > a.length ? b : a))).join('');
  // Adjacent words of the subject (桂香 + 社区) are matched as the printed phrase they make.
  return head.includes(text) ? { words: [text], forms: [{ form: text, credit: 1 }], abbreviation: null, weight: 1, city: false } : [...pick].sort((a, b) => b.weight - a.weight)[0];
}

const MENTIONS_RE = /(?:在报道|在报纸|在报上|报道)[里中]?出现|出现过?几次|提到过?几次|报道过几次|哪些报道(?:提到|提及|写到|说到|报道)|几篇报道/;

export const mentionsKind: AnswerKind = {
  name: 'mentions',
  detect: (q) => MENTIONS_RE.test(q.analysis.searchForm),
  aggregates: true,
  // An article printing the subject in full is evidence.
  admits: (q, best) => { const subject = subjectOf(q); return subject !== null && best.facts.sentences.some((s) => presence(s.sf, subject) === 1); },
  extract(ev) {
    const { q } = ev;
    const subject = subjectOf(q);
    if (!subject) return [];
    const out: Found[] = [];
    for (const ae of ev.articles) {
      const i = ae.facts.sentences.findIndex((s) => presence(s.sf, subject) === 1);
      if (i < 0) continue;
      out.push({ text: `《${ae.facts.article.title}》`, from: ae, sentences: [i], score: ae.score, detail: { subject: subject.words[0] } });
    }
    return out;
  },
  verify: () => true,
  phrase(found, ev) {
    const shown = found.slice(0, ev.options.maxCitations);
    return { lead: `共有${found.length}篇报道写到${found[0].detail!.subject}：`, parts: shown.map((f) => ({ text: f.text, from: f.from, sentences: f.sentences })), joiner: '；' };
  },
  whenEmpty: 'refuse',
};
