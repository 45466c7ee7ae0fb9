// The bot as a user meets it: questions, sources, groups, limits, commands and failures (offline, captured API).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpError } from 'grammy';
import { AppError, IndexError } from '../../src/errors.js';
import type { Digest, IndexSummary } from '../../src/domain.js';
import { GENERIC_EXAMPLE_QUESTIONS } from '../../src/bot/messages.zh.js';
import { SubscriptionStore } from '../../src/bot/subscriptions.js';
import { ENDLESS, FakeArchive, FRONT, LONG_ID } from './fake-archive.js';
import { ADMIN_ID, callbackUpdate, makeBot, testConfig, textUpdate } from './harness.js';

const buttonsOf = (payload: Record<string, any>) =>
  (payload.reply_markup?.inline_keyboard ?? []).flat() as Array<{ text: string; callback_data: string }>;

describe('questions in a private chat', () => {
  it('answers in HTML with escaped markup, numbered citations and 原文 buttons', async () => {
    const archive = new FakeArchive();
    const t = makeBot({ archive });
    await t.bot.handleUpdate(textUpdate('8月6日市委书记调研了哪些项目？'));

    expect(archive.questions).toEqual(['8月6日市委书记调研了哪些项目？']);
    const [reply] = t.sent();
    expect(reply.payload.parse_mode).toBe('HTML');
    const text = String(reply.payload.text);
    expect(text).toContain('调研了&lt;中心医院&gt;项目 &amp; 生态新城项目[1]');
    expect(text).not.toContain('<中心医院>');
    expect(text).toContain('[1] 阳泉日报 2025-08-07 第15434期 第1版《雷健坤調研重點項目建設》');
    // Unknown date, issue and page are left out, not guessed.
    expect(text).toContain('[2] 阳泉日报《以更优营商环境护航高质量发展》');
    const buttons = buttonsOf(reply.payload);
    expect(buttons.map((b) => b.text)).toEqual(['原文 [1]', '原文 [2]', '原文 [3]']);
    for (const b of buttons) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    expect(t.calls.some((c) => c.method === 'sendChatAction' && c.payload.action === 'typing')).toBe(true);
  });

  it('opens the cited article from a 原文 button, even when its id is longer than callback data allows', async () => {
    const t = makeBot({ archive: new FakeArchive() });
    await t.bot.handleUpdate(textUpdate('招商情况怎样？'));
    const buttons = buttonsOf(t.sent()[0].payload);
    t.clear();

    await t.bot.handleUpdate(callbackUpdate(buttons[0].callback_data));
    expect(t.calls.some((c) => c.method === 'answerCallbackQuery')).toBe(true);
    const first = t.texts()[0];
    expect(first).toContain('<b>雷健坤調研重點項目建設</b>');
    expect(first).toContain('阳泉日报 · 2025-08-07 · 第15434期 · 第1版');
    expect(first).toContain('本報訊 8月6日');

    t.clear();
    await t.bot.handleUpdate(callbackUpdate(buttons[2].callback_data));
    const parts = t.texts();
    expect(parts.length).toBeGreaterThan(1); // the long article is split
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(4096);
    expect(parts[0]).toContain(LONG_ID.title);
    expect(parts[1]).toContain('（续 2/');
  });

  it('masks an ID number printed in a notice when showing the article', async () => {
    const t = makeBot({ archive: new FakeArchive() });
    await t.bot.handleUpdate(textUpdate('调研'));
    const buttons = buttonsOf(t.sent()[0].payload);
    t.clear();
    await t.bot.handleUpdate(callbackUpdate(buttons[1].callback_data));
    const text = t.texts().join('\n');
    expect(text).toContain('遗失声明');
    expect(text).not.toContain('140302199001011234');
  });

  it('says plainly when the archive has nothing, with no buttons', async () => {
    const t = makeBot({ archive: new FakeArchive() });
    await t.bot.handleUpdate(textUpdate('火星上有报纸吗？'));
    const [reply] = t.sent();
    expect(reply.payload.text).toContain('没有找到相关报道');
    expect(buttonsOf(reply.payload)).toEqual([]);
  });

  it('splits an answer longer than 4096 characters and keeps the buttons on the last part', async () => {
    const t = makeBot({ archive: new FakeArchive(), config: testConfig({ maxQuestionLength: 300 }) });
    await t.bot.handleUpdate(textUpdate('长答案'));
    const sent = t.sent();
    expect(sent.length).toBeGreaterThan(1);
    for (const s of sent) expect(String(s.payload.text).length).toBeLessThanOrEqual(4096);
    expect(buttonsOf(sent.at(-1)!.payload).length).toBe(1);
    expect(buttonsOf(sent[0].payload).length).toBe(0);
    expect(String(sent.at(-1)!.payload.text)).toContain('[1] 阳泉日报');
  });

  it('refuses an over-long question without asking the archive', async () => {
    const archive = new FakeArchive();
    const t = makeBot({ archive });
    await t.bot.handleUpdate(textUpdate('问'.repeat(51)));
    expect(archive.questions).toEqual([]);
    expect(t.texts()[0]).toContain('问题太长了（51 字）');
    expect(t.texts()[0]).toContain('50 字以内');
  });

  it('limits a burst per user, warns once, and lets the user ask again after a minute', async () => {
    let clock = Date.parse('2025-08-07T02:00:00Z');
    const archive = new FakeArchive();
    const t = makeBot({ archive, now: () => new Date(clock) });
    for (let i = 0; i < 6; i++) await t.bot.handleUpdate(textUpdate(`调研 ${i}`));
    expect(archive.questions).toHaveLength(3);
    const warnings = t.texts().filter((x) => x.includes('提问太频繁'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/请 \d+ 秒后再试/);

    // Another user is not affected.
    await t.bot.handleUpdate(textUpdate('调研 别人', { userId: 99 }));
    expect(archive.questions).toHaveLength(4);

    clock += 61_000;
    await t.bot.handleUpdate(textUpdate('调研 再问'));
    expect(archive.questions.at(-1)).toBe('调研 再问');
  });

  it('answers media with a hint that only text is understood', async () => {
    const t = makeBot({ archive: new FakeArchive() });
    const update = textUpdate('x') as any;
    delete update.message.text;
    update.message.sticker = { file_id: 'f', file_unique_id: 'u', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false };
    await t.bot.handleUpdate(update);
    expect(t.texts()).toEqual(['目前我只能回答文字问题，请用文字发送。']);
  });
});

describe('groups', () => {
  it('ignores plain text, answers mentions, replies to the bot and /ask', async () => {
    const archive = new FakeArchive();
    const t = makeBot({ archive });
    await t.bot.handleUpdate(textUpdate('今天调研了什么', { chatType: 'supergroup' }));
    expect(t.sent()).toHaveLength(0);
    expect(archive.questions).toHaveLength(0);

    await t.bot.handleUpdate(textUpdate('@paper_qa_bot 市委书记调研了哪些项目？', { chatType: 'supergroup' }));
    expect(archive.questions).toEqual(['市委书记调研了哪些项目？']);
    const reply = t.sent()[0];
    expect(reply.payload.reply_parameters?.message_id).toBeTypeOf('number');

    await t.bot.handleUpdate(textUpdate('那招商呢？', { chatType: 'supergroup', userId: 43, replyToBot: true }));
    await t.bot.handleUpdate(textUpdate('/ask@paper_qa_bot 调研', { chatType: 'supergroup', userId: 44 }));
    expect(archive.questions).toEqual(['市委书记调研了哪些项目？', '那招商呢？', '调研']);

    // Someone else's bot is not us.
    await t.bot.handleUpdate(textUpdate('@other_bot 调研', { chatType: 'supergroup', userId: 45 }));
    await t.bot.handleUpdate(textUpdate('/ask@other_bot 调研', { chatType: 'supergroup', userId: 45 }));
    expect(archive.questions).toHaveLength(3);
  });

  it('leaves commands addressed to another bot alone, in a private chat as in a group, and answers its own', async () => {
    const t = makeBot({ archive: new FakeArchive() });
    await t.bot.handleUpdate(textUpdate('/start@OtherBot'));
    await t.bot.handleUpdate(textUpdate('/help@other_bot'));
    await t.bot.handleUpdate(textUpdate('/start@OtherBot', { chatType: 'group' }));
    await t.bot.handleUpdate(textUpdate('/unknown@OtherBot'));
    expect(t.sent()).toHaveLength(0);
    await t.bot.handleUpdate(textUpdate('/start@Paper_QA_Bot'));
    expect(t.texts()[0]).toContain('报纸问答机器人');
  });
});

/** An archive of another paper than the fake's: /start must speak of this one. */
class HedongArchive extends FakeArchive {
  override stats() {
    return { ...super.stats(), papers: ['河东日报'], dateRange: { from: '2025-03-12', to: '2025-03-13' } };
  }
  override async digest(date?: string): Promise<Digest> {
    const item = (page: string, title: string) => ({ paper: '河东日报', issue: '8813', page, title, summary: '', source: `p${page}.txt` });
    return date
      ? { date, items: [] }
      : { date: '2025-03-13', items: [item('1', '王建國主持召開全市防汛工作會議'), item('1', '市人大常委會視察營商環境建設'), item('4', '遗失声明')] };
  }
}

const examplesOf = (html: string) => [...html.matchAll(/<code>([^<]*)<\/code>/g)].map((m) => m[1]);

describe('commands', () => {
  it('/start explains the bot, names the papers of the archive and gives three example questions; /help lists the commands', async () => {
    const t = makeBot({ archive: new FakeArchive() });
    await t.bot.handleUpdate(textUpdate('/start'));
    const start = t.texts()[0];
    expect(start).toContain('报纸问答机器人');
    expect(start).toContain('阳泉日报、晋中日报'); // the fake archive's papers
    expect(examplesOf(start)).toHaveLength(3);
    // The fake's latest issue (2026-01-10) has one headline: one example asks about it.
    expect(examplesOf(start)).toContain('《链式招商促进产业集群发展》讲了什么？');
    await t.bot.handleUpdate(textUpdate('/help'));
    const help = t.texts()[1];
    for (const c of ['/ask', '/digest', '/subscribe', '/unsubscribe', '/stats']) expect(help).toContain(c);
    expect(help).not.toContain('/reindex');
    await t.bot.handleUpdate(textUpdate('/help', { userId: ADMIN_ID }));
    expect(t.texts()[2]).toContain('/reindex');
  });

  it('/start speaks of the archive it serves: its papers, its dates, questions from its latest issue', async () => {
    const t = makeBot({ archive: new HedongArchive() });
    await t.bot.handleUpdate(textUpdate('/start'));
    const start = t.texts()[0];
    expect(start).toContain('河东日报');
    expect(start).toContain('2025-03-12 至 2025-03-13');
    expect(start).not.toMatch(/阳泉|晋中|雷健坤/);
    const examples = examplesOf(start);
    expect(examples).toHaveLength(3);
    // Who did what (from the headline naming a person), what the front page carried, what a headline reported.
    expect(examples.find((q) => q.startsWith('谁'))).toMatch(/^谁主持召开了全市防汛工作会议？$/);
    expect(examples).toContain('3月13日河东日报头版有哪些报道？');
    expect(examples.some((q) => /^《市人大常委會視察營商環境建設》/.test(q))).toBe(true);
    expect(examples.join('')).not.toContain('遗失声明');
  });

  it('/start in an empty archive says so and gives generic examples naming no paper', async () => {
    const empty = new (class extends FakeArchive {
      override stats() { return { ...super.stats(), papers: [], dateRange: { from: null, to: null } }; }
      override async digest(): Promise<Digest> { return { date: null, items: [] }; }
    })();
    empty.dates = [];
    const t = makeBot({ archive: empty });
    await t.bot.handleUpdate(textUpdate('/start'));
    const start = t.texts()[0];
    expect(start).toContain('还没有报纸版面');
    expect(examplesOf(start)).toEqual([...GENERIC_EXAMPLE_QUESTIONS]);
    expect(start).not.toMatch(/日报|晚报/);
  });

  it('/help lists every date form /digest accepts, shown on the archive\'s latest date, and undated', async () => {
    const t = makeBot({ archive: new FakeArchive() });
    await t.bot.handleUpdate(textUpdate('/help'));
    const help = t.texts()[0];
    for (const form of ['2026-01-10', '2026年1月10日', '20260110', '1月10日', '今天', '昨天', '前天', 'undated']) expect(help).toContain(form);
  });

  it('/digest undated lists the pages whose date is unknown, as the CLI does', async () => {
    const t = makeBot({ archive: new FakeArchive() });
    await t.bot.handleUpdate(textUpdate('/digest undated'));
    const digest = t.texts()[0];
    expect(digest).toContain('日期不详的版面要目');
    expect(digest).toContain('以更优营商环境护航高质量发展');
    expect(digest).not.toContain('看不懂日期');
    await t.bot.handleUpdate(textUpdate('/digest 日期不详'));
    expect(t.texts()[1]).toBe(digest);
  });

  it('/digest with a date lists that issue page by page; 8月7日 and a missing date are understood', async () => {
    const t = makeBot({ archive: new FakeArchive() });
    await t.bot.handleUpdate(textUpdate('/digest 2025-08-07'));
    const digest = t.texts()[0];
    expect(digest).toContain('2025-08-07 报纸要目');
    expect(digest).toContain('<b>阳泉日报 第15434期</b>');
    expect(digest.indexOf('第1版')).toBeLessThan(digest.indexOf('第2版'));
    expect(digest).toContain('市区文明公约 &lt;全文&gt;');

    await t.bot.handleUpdate(textUpdate('/digest 8月7日'));
    expect(t.texts()[1]).toBe(digest);

    await t.bot.handleUpdate(textUpdate('/digest 2025-08-09'));
    expect(t.texts()[2]).toContain('没有 2025-08-09 的报纸');
    expect(t.texts()[2]).toContain('2026-01-10、2025-08-07');

    await t.bot.handleUpdate(textUpdate('/digest 下周<b>'));
    expect(t.texts()[3]).toContain('看不懂日期“下周&lt;b&gt;”');

    await t.bot.handleUpdate(textUpdate('/digest'));
    expect(t.texts()[4]).toContain('2026-01-10 报纸要目');
  });

  it('/stats shows papers, date range, counts and the fallback embedder', async () => {
    const t = makeBot({ archive: new FakeArchive() });
    await t.bot.handleUpdate(textUpdate('/stats'));
    const s = t.texts()[0];
    expect(s).toContain('阳泉日报、晋中日报');
    expect(s).toContain('2025-08-07 至 2026-01-10');
    expect(s).toContain('文章：3');
    expect(s).toContain('无权重备用嵌入');
    expect(s).toContain('2026-01-10 08:30');
  });

  it('/reindex is refused to non-admins and runs in the background for an admin, then reloads and reports', async () => {
    const archive = new FakeArchive();
    let runs = 0;
    let finish!: (s: IndexSummary) => void;
    const reindex = () => {
      runs++;
      return new Promise<IndexSummary>((resolve) => (finish = resolve));
    };
    const t = makeBot({ archive, reindex });
    await t.bot.handleUpdate(textUpdate('/reindex', { userId: 42 }));
    expect(t.texts()).toEqual(['抱歉，只有管理员可以重建索引。']);
    expect(runs).toBe(0);

    await t.bot.handleUpdate(textUpdate('/reindex', { userId: ADMIN_ID }));
    expect(runs).toBe(1);
    expect(t.texts()[1]).toContain('开始重建索引');
    // Questions are still answered while it runs, and a second /reindex is told to wait.
    await t.bot.handleUpdate(textUpdate('调研', { userId: ADMIN_ID }));
    expect(t.texts()[2]).toContain('[1] 阳泉日报');
    await t.bot.handleUpdate(textUpdate('/reindex', { userId: ADMIN_ID }));
    expect(t.texts()[3]).toContain('正在重建');
    expect(runs).toBe(1);

    finish({
      files: 6, changedFiles: 1, removedFiles: 0, articles: 70, chunks: 200, skipped: [], warnings: [], embedder: 'hash-384',
      embedderFallback: false, seconds: 1.25, outDir: '/x', newDates: [],
    });
    await t.bot.whenIdle();
    expect(archive.reloads).toBe(1);
    expect(t.texts()[4]).toContain('索引已更新');
    expect(t.texts()[4]).toContain('新增或改动 1');
  });

  it('a failing reindex is reported to the admin in a short Chinese reason, server paths only in the log', async () => {
    const full = Object.assign(new Error("ENOSPC: no space left on device, write '/srv/newsroom/vectors/.tmp-gen-x/vectors.f32'"), { code: 'ENOSPC' });
    const failures: unknown[] = [full, new TypeError("Cannot read properties of undefined (reading 'meta') at /srv/newsroom/src/x.ts:12")];
    const t = makeBot({ archive: new FakeArchive(), reindex: async () => { throw failures.shift(); } });
    await t.bot.handleUpdate(textUpdate('/reindex', { userId: ADMIN_ID }));
    await t.bot.whenIdle();
    expect(t.texts().at(-1)).toMatch(/^重建索引失败：服务器磁盘空间不足。/);
    await t.bot.handleUpdate(textUpdate('/reindex', { userId: ADMIN_ID }));
    await t.bot.whenIdle();
    expect(t.texts().at(-1)).toMatch(/^重建索引失败：服务器内部错误。详情见服务器日志/);
    for (const text of t.texts()) expect(text).not.toMatch(/\/srv|ENOSPC|TypeError|vectors\.f32/);
    expect(t.logs.filter((l) => l.includes('reindex failed') && l.includes('/srv/newsroom'))).toHaveLength(2);
    // The bot keeps going.
    await t.bot.handleUpdate(textUpdate('调研'));
    expect(t.texts().at(-1)).toContain('[1] 阳泉日报');
  });
  it('delivers the reindex summary even when the first attempts to send it do not reach the server', async () => {
    let finish!: (s: IndexSummary) => void;
    const reindex = () => new Promise<IndexSummary>((resolve) => (finish = resolve));
    const t = makeBot({ archive: new FakeArchive(), reindex, reportRetryDelaysMs: [5, 5, 5] });
    await t.bot.handleUpdate(textUpdate('/reindex', { userId: ADMIN_ID }));
    let failures = 2;
    t.bot.api.config.use(async (prev, method, payload, signal) => {
      if (method === 'sendMessage' && failures > 0) {
        failures--;
        throw new HttpError('Network request for \'sendMessage\' failed!', new Error('ECONNRESET'));
      }
      return prev(method, payload, signal);
    });
    finish({
      files: 6, changedFiles: 1, removedFiles: 0, articles: 70, chunks: 200, skipped: [], warnings: [], embedder: 'hash-384',
      embedderFallback: false, seconds: 1.25, outDir: '/x', newDates: [],
    });
    await t.bot.whenIdle();
    expect(failures).toBe(0);
    expect(t.texts().at(-1)).toContain('索引已更新');
  });

  it('a refused reindex (input folder missing) tells the admin why in Chinese, without server paths', async () => {
    const reindex = async (): Promise<IndexSummary> => {
      throw new IndexError('input folder /srv/paper/pages does not exist or is not a folder — the index was left unchanged', {
        userMessage: '找不到版面文件夹（INPUT_DIR），索引保持不变。请检查文件夹是否已挂载。',
      });
    };
    const t = makeBot({ archive: new FakeArchive(), reindex });
    await t.bot.handleUpdate(textUpdate('/reindex', { userId: ADMIN_ID }));
    await t.bot.whenIdle();
    expect(t.texts().at(-1)).toContain('找不到版面文件夹');
    expect(t.texts().at(-1)).not.toContain('/srv/paper');
    expect(t.logs.some((l) => l.includes('/srv/paper/pages'))).toBe(true);
  });
});

describe('failures', () => {
  it('a throwing archive gives a polite reply, logs the error, and the next question is answered', async () => {
    const archive = new FakeArchive();
    const t = makeBot({ archive });
    archive.failNext = new Error('hnswlib exploded');
    await t.bot.handleUpdate(textUpdate('调研'));
    expect(t.texts()).toEqual(['抱歉，处理时出了点问题，请稍后再试。']);
    expect(t.logs.join('\n')).toContain('hnswlib exploded');

    archive.failNext = new AppError('index missing', { userMessage: '索引还没建好，请稍后再试。' });
    await t.bot.handleUpdate(textUpdate('调研'));
    expect(t.texts()[1]).toBe('索引还没建好，请稍后再试。');

    await t.bot.handleUpdate(textUpdate('调研'));
    expect(t.texts()[2]).toContain('[1] 阳泉日报');
  });

  it('Bot API methods the server lacks (typing, callback answers) are logged once and do not stop the answer', async () => {
    const archive = new FakeArchive();
    const t = makeBot({ archive }, ['sendChatAction', 'answerCallbackQuery']);
    await t.bot.handleUpdate(textUpdate('调研'));
    await t.bot.handleUpdate(textUpdate('调研'));
    expect(t.sent()).toHaveLength(2);
    await t.bot.handleUpdate(callbackUpdate(`a:${FRONT.id}`));
    expect(t.texts()[2]).toContain(FRONT.title);
    await new Promise((r) => setTimeout(r, 10));
    expect(t.logs.filter((l) => l.includes('sendChatAction failed'))).toHaveLength(1);
    expect(t.logs.filter((l) => l.includes('answerCallbackQuery failed'))).toHaveLength(1);
  });

  it('a failing sendMessage is logged, and the bot answers the next update', async () => {
    const archive = new FakeArchive();
    const t = makeBot({ archive }, ['sendMessage']);
    await t.bot.handleUpdate(textUpdate('调研'));
    expect(t.logs.join('\n')).toMatch(/update \d+ failed/);
  });

  it('a 原文 button on an endless article sends a few messages and says where to read on, not dozens', async () => {
    const t = makeBot({ archive: new FakeArchive() });
    await t.bot.handleUpdate(callbackUpdate(`a:${ENDLESS.id}`));
    const texts = t.texts();
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.length).toBeLessThanOrEqual(4);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(4096);
    expect(texts.at(-1)).toMatch(/原文很长，共约 \d+ 字.*全文请查阅原版：晋中日报 2026-01-10 第8001期 第5版/);
  });

  it('a stale source button explains itself', async () => {
    const t = makeBot({ archive: new FakeArchive() });
    await t.bot.handleUpdate(callbackUpdate('h:unknownhash'));
    await t.bot.handleUpdate(callbackUpdate('a:gone.txt#9'));
    expect(t.texts()[0]).toContain('链接已失效');
    expect(t.texts()[1]).toContain('该文章已更新或移除');
  });
});

describe('subscriptions through the bot', () => {
  let dir: string | null = null;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = null;
  });

  it('/subscribe 07:30 persists; /unsubscribe removes; a bad time is explained', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bot-subs-'));
    const store = await SubscriptionStore.open(dir);
    const t = makeBot({ archive: new FakeArchive(), subscriptions: store });
    await t.bot.handleUpdate(textUpdate('/subscribe 7:30'));
    expect(t.texts()[0]).toContain('每天北京时间 07:30');
    const reopened = await SubscriptionStore.open(dir);
    expect(reopened.get(42)).toMatchObject({ time: '07:30', lastPushed: '2026-01-10' });

    await t.bot.handleUpdate(textUpdate('/subscribe 25:00'));
    expect(t.texts()[1]).toContain('看不懂时间');
    await t.bot.handleUpdate(textUpdate('/unsubscribe'));
    expect(t.texts()[2]).toContain('已取消');
    expect((await SubscriptionStore.open(dir)).get(42)).toBeNull();
  });

  it('in a group only its administrators, its creator and ADMIN_IDS may subscribe or unsubscribe the group', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bot-subs-'));
    const store = await SubscriptionStore.open(dir);
    const GROUP = -100777;
    const [MEMBER, GROUP_ADMIN, OWNER] = [51, 52, 53];
    const t = makeBot({ archive: new FakeArchive(), subscriptions: store }, [], { [GROUP_ADMIN]: 'administrator', [OWNER]: 'creator' });
    const say = (text: string, userId: number, chatType: 'group' | 'supergroup' = 'supergroup') =>
      t.bot.handleUpdate(textUpdate(text, { userId, chatId: GROUP, chatType }));

    await say('/subscribe 07:30', MEMBER);
    expect(t.texts()[0]).toBe('抱歉，只有本群的管理员可以为全群订阅或取消每日要目推送。');
    expect(store.get(GROUP)).toBeNull();
    const asked = t.calls.find((c) => c.method === 'getChatMember');
    expect(asked?.payload).toMatchObject({ chat_id: GROUP, user_id: MEMBER });

    await say('/subscribe 07:30', GROUP_ADMIN);
    expect(t.texts()[1]).toContain('每天北京时间 07:30');
    expect(store.get(GROUP)).toMatchObject({ time: '07:30' });

    await say('/unsubscribe', MEMBER, 'group');
    expect(t.texts()[2]).toContain('只有本群的管理员');
    expect(store.get(GROUP)).not.toBeNull();

    await say('/unsubscribe', OWNER);
    expect(t.texts()[3]).toContain('已取消');
    // The bot's own admins need not be group administrators; nobody needs to be in a private chat.
    await say('/subscribe', ADMIN_ID);
    expect(t.texts()[4]).toContain('已订阅');
    const before = t.calls.filter((c) => c.method === 'getChatMember').length;
    await t.bot.handleUpdate(textUpdate('/subscribe 09:00', { userId: MEMBER }));
    expect(t.texts()[5]).toContain('09:00');
    expect(t.calls.filter((c) => c.method === 'getChatMember').length).toBe(before);
  });

  it('when getChatMember fails, the group subscription is left alone, the user is told, and the failure logged', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bot-subs-'));
    const store = await SubscriptionStore.open(dir);
    const t = makeBot({ archive: new FakeArchive(), subscriptions: store }, ['getChatMember'], { 52: 'administrator' });
    await t.bot.handleUpdate(textUpdate('/subscribe', { userId: 52, chatId: -100778, chatType: 'group' }));
    expect(t.texts()).toEqual(['抱歉，暂时无法确认您是否为本群管理员，订阅设置没有改动，请稍后再试。']);
    expect(store.get(-100778)).toBeNull();
    expect(t.logs.some((l) => /getChatMember for user 52 in chat -100778 failed/.test(l))).toBe(true);
  });
});

describe('setMyCommands', () => {
  it('registers Chinese descriptions, /reindex only for admins, and survives a server that lacks the method', async () => {
    const { registerCommands } = await import('../../src/bot/create-bot.js');
    const ok = makeBot({ archive: new FakeArchive() });
    await registerCommands(ok.bot, testConfig(), () => {});
    const [everyone, admin] = ok.calls.filter((c) => c.method === 'setMyCommands');
    expect(everyone.payload.commands.map((c: any) => c.command)).not.toContain('reindex');
    expect(everyone.payload.commands.find((c: any) => c.command === 'digest').description).toMatch(/要目/);
    expect(admin.payload.scope).toEqual({ type: 'chat', chat_id: ADMIN_ID });
    expect(admin.payload.commands.map((c: any) => c.command)).toContain('reindex');

    const failing = makeBot({ archive: new FakeArchive() }, ['setMyCommands']);
    const logs: string[] = [];
    await expect(registerCommands(failing.bot, testConfig(), (l) => logs.push(l))).resolves.toBeUndefined();
    expect(logs[0]).toContain('setMyCommands failed');
  });
});
