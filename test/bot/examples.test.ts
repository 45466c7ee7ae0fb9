// /start's example questions come from the archive served, and the archive answers them from the article they name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../src/archive.js';
import { exampleQuestions, whoQuestion } from '../../src/bot/examples.js';
import { GENERIC_EXAMPLE_QUESTIONS } from '../../src/bot/messages.zh.js';
import { simplify } from '../../src/text/search-form.js';
import { buildTempIndex, FIXTURE_CORPUS } from '../helpers/fixture-index.js';

describe('whoQuestion', () => {
  it.each([
    ['王建國主持召開全市防汛工作會議', '谁主持召开了全市防汛工作会议？'],
    ['张立新调研城市更新项目建设', '谁调研了城市更新项目建设？'],
    ['李哲会见客商代表团', '谁会见了客商代表团？'],
    ['申济带队视察 财政决算及预算调整情况', '谁带队视察了财政决算及预算调整情况？'],
  ])('%s → %s', (title, question) => expect(whoQuestion(title)).toBe(question));

  it.each([
    '市人大常委会视察营商环境建设', // an institution, not a person
    '我市召开全市防汛工作会议',
    '局长走访企业听取意见', // a title, not a name
    '春耕备耕全面展开', // no activity verb after a name
    '张立新调研', // nothing to ask about
  ])('%s → no who-question', (title) => expect(whoQuestion(title)).toBeNull());
});

describe('exampleQuestions', () => {
  it('falls back to generic questions, naming no paper, when the archive is empty', () => {
    expect(exampleQuestions({ date: null, items: [] })).toEqual([...GENERIC_EXAMPLE_QUESTIONS]);
    expect(GENERIC_EXAMPLE_QUESTIONS.join('')).not.toMatch(/日报|晚报|\d/);
  });

  it('never quotes a notice, a photo caption cut short, or a headline too long to type', () => {
    const item = (title: string) => ({ paper: '河东日报', issue: null, page: '2', title, summary: '', source: 'x.txt' });
    const questions = exampleQuestions({
      date: null,
      items: [item('遗失声明'), item('3月11日，市民在河东湿地公园赏花踏青，春意正浓…'), item('一'.repeat(40)), item('市图书馆推出“周末读书会”')],
    });
    expect(questions[0]).toBe('《市图书馆推出“周末读书会”》讲了什么？');
    expect(questions.slice(1)).toEqual(GENERIC_EXAMPLE_QUESTIONS.slice(0, 2));
  });
});

describe('examples on a real archive', () => {
  let archive: Archive;
  beforeAll(async () => {
    const f = await buildTempIndex(FIXTURE_CORPUS);
    archive = await openArchive(f.config, { watch: false, log: () => {} });
  });
  afterAll(() => archive?.close());

  it('are built from the latest issue, and each is answered from that issue', async () => {
    const latest = await archive.digest();
    const questions = exampleQuestions(latest);
    expect(questions).toHaveLength(3);
    const titles = latest.items.map((i) => simplify(i.title));
    for (const q of questions) {
      expect(GENERIC_EXAMPLE_QUESTIONS).not.toContain(q);
      const result = await archive.ask(q);
      expect(result.found, q).toBe(true);
      // Cited from the latest issue, and (for questions built from one headline) from that headline's article.
      expect(result.citations.every((c) => c.date === latest.date), q).toBe(true);
      if (q.includes('头版')) continue;
      // 《headline》讲了什么？ quotes the headline; 谁…了X？ asks about the headline ending in X.
      const asked = q.startsWith('谁') ? simplify(q).slice(q.indexOf('了') + 1, -1) : null;
      const named = titles.find((t) => (asked ? t.endsWith(asked) : simplify(q).includes(`《${t}》`)));
      expect(named, q).toBeDefined();
      expect(result.citations.map((c) => simplify(c.title)), q).toContain(named);
    }
  });
});
