// 为什么 / 怎么 / 通过什么: quote the sentence that gives the reason or the method, with the sentence before it when
// that one holds the cause (…问题越发明显。对此，…), and the points that follow 一是.
import { CAUSE_MARKERS, METHOD_MARKERS } from '../../text/question-words.js';
import type { ArticleEvidence } from '../evidence.js';
import type { Question } from '../question.js';
import type { AnswerKind, Evidence } from './kind.js';
import { pinned, supporting } from './shared.js';

/** A sentence that refers back to a cause printed just before it. */
const BACK_TO_CAUSE_RE = /^(?:对此|为此|因此|所以|由此|鉴于此|这是因为|因而|针对这一|针对这些|针对上述)/;
const POINT_RE = /^(?:[二三四五六七八九]是|其[二三四]|第[二三四])/;

function markerShare(sf: string, markers: readonly string[]): number {
  return markers.some((m) => sf.includes(m)) ? 1 : 0;
}

/** The sentences to quote for a why- or how-question: the best marked sentence, its cause before it, its points after it. */
function reasonQuote(ev: Evidence, markers: readonly string[]): Array<{ from: ArticleEvidence; sentences: number[] }> {
  const { q } = ev;
  let pick: { ae: ArticleEvidence; i: number; score: number } | null = null;
  for (const ae of supporting(ev).slice(0, 2)) {
    const top = pinned(ae, ae.index, q);
    ae.facts.sentences.forEach((s, i) => {
      const pin = pinned(ae, i, q);
      if (pin < 0.7 * top) return;
      const next = ae.facts.sentences[i + 1];
      // A cause is often the sentence before 对此/为此 (…能耗偏高等问题越发明显。对此，企业…).
      const causeBefore = next && BACK_TO_CAUSE_RE.test(next.sf) ? 0.5 : 0;
      const score = 2 * pin + markerShare(s.sf, markers) + causeBefore + (ae === ev.best ? 0.1 : 0) + (i === ae.index ? 0.1 : 0);
      if (!pick || score > pick.score) pick = { ae, i, score };
    });
  }
  if (!pick) return [{ from: ev.best, sentences: [ev.best.index] }];
  const { ae, i } = pick as { ae: ArticleEvidence; i: number };
  const s = ae.facts.sentences;
  const out = [i];
  if (BACK_TO_CAUSE_RE.test(s[i].sf) && s[i - 1]) out.unshift(i - 1);
  else if (s[i + 1] && BACK_TO_CAUSE_RE.test(s[i + 1].sf)) out.push(i + 1);
  if (/一是|其一|第一|[:：]$/.test(s[i].sf)) for (let k = i + 1; s[k] && POINT_RE.test(s[k].sf.trim()); k++) out.push(k);
  // The quote starts at its first sentence.
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
