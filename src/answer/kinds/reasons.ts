// 为什么 / 怎么 / 通过什么: quote the sentence that gives the reason or the method, with the sentence before it when
// that one holds the cause (…问题越发明显。对此，…), and the points that follow 一是.
import { CAUSE_MARKERS, METHOD_MARKERS } from '../../text/question-words.js';
import type { ArticleEvidence } from '../evidence.js';
import type { Question } from '../question.js';
import type { AnswerKind, Evidence } from './kind.js';
import { neighbourOf } from './shared.js';

/** A sentence that refers back to a cause printed just before it. */
const BACK_TO_CAUSE_RE = /^(?:对此|为此|因此|所以|由此|鉴于此|这是因为|因而|针对这一|针对这些|针对上述)/;
const POINT_RE = /^(?:[二三四五六七八九]是|其[二三四]|第[二三四])/;
/** Words that state a reason outright. */
const STRONG_CAUSE_RE = /原因|因为|由于|之所以|导致|归因|缘于|一是/;

function markerShare(sf: string, markers: readonly string[]): number {
  return markers.some((m) => sf.includes(m)) ? 1 : 0;
}

/** The sentences to quote for a why- or how-question: the best marked sentence, its cause before it, its points after it. */
function reasonQuote(ev: Evidence, markers: readonly string[]): Array<{ from: ArticleEvidence; sentences: number[] }> {
  const ae = ev.best;
  const s = ae.facts.sentences;
  // The best sentence; when it gives no reason or method and a neighbour does, the neighbour is quoted with it.
  const i = ae.index;
  const out = [i];
  if (!markerShare(s[i].sf, markers)) {
    const marked = [i - 1, i + 1].find((k) => s[k] && s[k].paragraph === s[i].paragraph && markerShare(s[k].sf, markers));
    if (marked !== undefined) out.push(marked);
  }
  if (BACK_TO_CAUSE_RE.test(s[i].sf) && s[i - 1]) out.push(i - 1);
  else if (s[i + 1] && BACK_TO_CAUSE_RE.test(s[i + 1].sf)) out.push(i + 1);
  if (/一是|其一|第一|[:：]$/.test(s[i].sf)) for (let k = i + 1; s[k] && POINT_RE.test(s[k].sf.trim()); k++) out.push(k);
  // A reason stated a little further on (…调整主要有两方面原因：一是…) when the best sentence states none.
  if (markers === CAUSE_MARKERS && out.length === 1 && !STRONG_CAUSE_RE.test(s[i].sf)) {
    // …or the sentence a 为此 / 对此 refers back to (…出现“大班额”问题。为此，…).
    const k = [i + 1, i - 1, i + 2, i - 2, i + 3].find((x) => s[x] && x !== i && (STRONG_CAUSE_RE.test(s[x].sf) || (s[x + 1] !== undefined && BACK_TO_CAUSE_RE.test(s[x + 1].sf))));
    if (k !== undefined) {
      out.push(k);
      if (/一是|其一|第一|[:：]$/.test(s[k].sf)) for (let j = k + 1; s[j] && POINT_RE.test(s[j].sf.trim()); j++) out.push(j);
    }
  }
  // Otherwise the best sentence or two: with its better neighbour, as any quote.
  if (out.length === 1) out.push(...neighbourOf(ae, ev.q));
  return [{ from: ae, sentences: [...new Set(out)].sort((a, b) => a - b) }];
}

function quoteKind(name: string, type: Question['analysis']['type'], markers: readonly string[]): AnswerKind {
  return {
    name,
    detect: (q) => q.analysis.type === type,
    bonus: (_q, facts, i) => markerShare(facts.sentences[i].sf, markers),
    extract: () => [],
    verify: () => false,
    phrase: () => null,
    quote: (ev) => reasonQuote(ev, markers),
    whenEmpty: 'quote',
  };
}

export const whyKind = quoteKind('why', 'why', CAUSE_MARKERS);
export const howKind = quoteKind('how', 'how', METHOD_MARKERS);
