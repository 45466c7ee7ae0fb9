// The fragment check: a stated short answer must have the shape of the asked type — shape only, not the answerer's view.
import { describe, expect, it } from 'vitest';
import { scoreItem, shortAnswerFits, statedShortAnswer } from '../../src/eval/score.js';

describe('short answers', () => {
  it('reads the first line as the stated short answer, or none when the answer only quotes', () => {
    expect(statedShortAnswer('市委书记某某某[1]。\n「…」[1]')).toBe('市委书记某某某');
    expect(statedShortAnswer('据《某某》报道：「…」[1]')).toBeNull();
  });

  it('takes a name with 和 in it, or a rare surname after an office, for a person', () => {
    expect(shortAnswerFits('讲解员和平', 'person')).toBe(true);
    expect(shortAnswerFits('研究院院长丑某某', 'person')).toBe(true);
    expect(shortAnswerFits('高水平', 'person')).toBe(false);
  });

  it('checks places, organisations and lists by their endings', () => {
    expect(shortAnswerFits('生态新城', 'place')).toBe(true);
    expect(shortAnswerFits('技师学院', 'place')).toBe(true);
    expect(shortAnswerFits('《某某》', 'org')).toBe(true);
    expect(shortAnswerFits('要加快建设', 'org')).toBe(false);
    expect(shortAnswerFits('3个', 'list')).toBe(false);
  });

  it('fails a fragment stated as the answer even when the quote holds the gold', () => {
    const item = { id: 'x', q: '某书记是谁？', answer_type: 'person', must: ['张某某'] };
    const r = scoreItem(item, { found: true, answer: '高水平[1]。\n「市委书记张某某强调要高水平推进。」[1]', citations: [] });
    expect(r.answerOk).toBe(true);
    expect(r.fragment).toBe(true);
    expect(r.pass).toBe(false);
  });
});
