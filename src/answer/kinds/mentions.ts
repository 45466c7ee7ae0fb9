// Where the archive prints something (某某社区在报道里出现过几次？分别是什么事？): every article printing it, each cited.
import type { AnswerKind, Found } from './kind.js';
import { presence } from '../evidence.js';

const MENTIONS_RE = /出现过?几次|出现在哪|提到过?几次|提到过?哪些|报道过几次|哪些报道(?:提到|提及|写到|说到|报道)|几篇报道/;

export const mentionsKind: AnswerKind = {
  name: 'mentions',
  detect: (q) => MENTIONS_RE.test(q.analysis.searchForm),
  aggregates: true,
  extract(ev) {
    const { q } = ev;
    // The subject: the question's heaviest word, which every article listed must print.
    const subject = [...q.words].sort((a, b) => b.weight - a.weight)[0];
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
