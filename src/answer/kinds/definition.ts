// 某某是什么 / 的定义是什么 / 指的是什么 / 又叫什么: quote the sentence that defines or names the subject
// (某某是…, 某某指…, 某某又称…), usually the first one about it.
import type { Question } from '../question.js';
import type { AnswerKind, Evidence } from './kind.js';
import { neighbourOf } from './shared.js';

/** Questions asking what something is, means, or is also called. */
const DEFINITION_RE = /(?:的定义|的含义|的意思|指的|是指|的职业|的身份)(?:是什么|是啥|为何)|(?:是什么意思|指什么|是什么东西)|^[^，。？?]{2,16}是什么[？?]?$|(?:又|也|还可以|还|亦)(?:叫|称|名|称为|被称为)什么|(?:别名|俗名|别称|简称|全称|原名|学名|英文名)(?:是|叫)什么/;
/** How a text names the subject's other names. */
const ALIAS_RE = /又称|又名|亦称|别称|俗称|简称|也叫|原名|别名|又叫|旧称|古称|学名|英文|或称|也称/;

/** The subject of the question: its words before the asking part. */
function subjectOf(q: Question): string {
  return q.analysis.searchForm.split(/的(?:定义|含义|意思|职业|身份)|指的|是指|是什么|指什么|(?:又|也|还可以|还|亦)(?:叫|称|名)|的?(?:别名|俗名|别称|简称|全称|原名|学名|英文名)/)[0].replace(/[“”《》「」\s]/g, '');
}

/** Whether a sentence defines or names the subject: the subject, then 是 / 指 / 为 / 又称 … right after it. */
function defines(sf: string, subject: string, alias: boolean): boolean {
  const at = subject ? sf.indexOf(subject) : -1;
  const after = at >= 0 ? sf.slice(at + subject.length, at + subject.length + 12) : '';
  return alias ? ALIAS_RE.test(sf) : at >= 0 && /^(?:[（(][^）)]*[）)])?[，,]?(?:是|指|为|即|就是|乃|系|，是)/.test(after);
}

function asksAlias(q: Question): boolean {
  return /(?:又|也|还可以|还|亦)(?:叫|称|名)|别名|俗名|别称|简称|全称|原名|学名|英文名/.test(q.analysis.searchForm);
}

export const definitionKind: AnswerKind = {
  name: 'definition',
  detect: (q) => (q.analysis.type === 'what' || q.analysis.type === 'who') && DEFINITION_RE.test(q.analysis.searchForm),
  bonus: (q, facts, i) => (defines(facts.sentences[i].sf, subjectOf(q), asksAlias(q)) ? 3 : 0),
  extract: () => [],
  verify: () => false,
  phrase: () => null,
  quote(ev: Evidence) {
    const ae = ev.best;
    const subject = subjectOf(ev.q);
    const alias = asksAlias(ev.q);
    // The defining sentence nearest the best one, else the best one; with its better neighbour.
    const defining = ae.facts.sentences.map((s, i) => (defines(s.sf, subject, alias) ? i : -1)).filter((i) => i >= 0)
      .sort((a, b) => Math.abs(a - ae.index) - Math.abs(b - ae.index))[0];
    const i = defining ?? ae.index;
    const at = { ...ae, index: i };
    return [{ from: ae, sentences: [i, ...neighbourOf(at, ev.q)] }];
  },
  whenEmpty: 'quote',
};
