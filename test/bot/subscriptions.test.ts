// Subscriptions survive restarts; the scheduler pushes only new issues, at each chat's Beijing time.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DigestScheduler, type DigestSchedulerOptions, SubscriptionStore } from '../../src/bot/subscriptions.js';
import { FakeArchive } from './fake-archive.js';
import { FakeClock, FakeTelegram } from './fake-telegram.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'subs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Beijing wall-clock time → Date. */
const beijing = (isoLocal: string) => new Date(`${isoLocal}+08:00`);

describe('SubscriptionStore', () => {
  it('persists chat, time and last pushed issue across reopen, written atomically', async () => {
    const store = await SubscriptionStore.open(dir);
    await Promise.all([store.subscribe(1, '08:00', '2025-08-07'), store.subscribe(-100, '07:30', null)]);
    await store.markPushed(1, '2026-01-10');
    await store.markPushed(1, '2025-01-01'); // older: ignored

    const again = await SubscriptionStore.open(dir);
    expect(again.list()).toMatchObject([
      { chatId: -100, time: '07:30', lastPushed: null },
      { chatId: 1, time: '08:00', lastPushed: '2026-01-10' },
    ]);
    expect(await readdir(dir)).toEqual(['subscriptions.json']); // no temp files left behind
    expect(JSON.parse(await readFile(path.join(dir, 'subscriptions.json'), 'utf8')).version).toBe(1);

    await again.unsubscribe(-100);
    expect((await SubscriptionStore.open(dir)).list().map((s) => s.chatId)).toEqual([1]);
  });

  it('sets a corrupt file aside instead of refusing to start', async () => {
    await writeFile(path.join(dir, 'subscriptions.json'), '{not json');
    const logs: string[] = [];
    const store = await SubscriptionStore.open(dir, { log: (l) => logs.push(l) });
    expect(store.list()).toEqual([]);
    expect(logs[0]).toContain('not valid JSON');
    expect((await readdir(dir)).some((f) => f.startsWith('subscriptions.json.corrupt-'))).toBe(true);
  });
});

describe('DigestScheduler', () => {
  async function setup() {
    const archive = new FakeArchive();
    archive.dates = ['2025-08-07'];
    const store = await SubscriptionStore.open(dir);
    let clock = beijing('2025-08-08T07:59:00');
    const pushes: Array<{ chatId: number; html: string }> = [];
    const scheduler = new DigestScheduler({
      store,
      archive,
      now: () => clock,
      intervalMs: 30_000,
      log: () => {},
      send: async (chatId, html) => void pushes.push({ chatId, html }),
    });
    const at = async (local: string) => {
      clock = beijing(local);
      return scheduler.tick();
    };
    return { archive, store, scheduler, pushes, at };
  }

  it('pushes at the chosen time only when an issue is newer than the last one pushed', async () => {
    const { archive, store, pushes, at } = await setup();
    await store.subscribe(1, '08:00', null); // never got anything
    await store.subscribe(2, '08:00', '2025-08-07'); // already up to date
    await store.subscribe(3, '09:15', null);

    expect(await at('2025-08-08T07:59:30')).toBe(0);
    expect(await at('2025-08-08T08:00:00')).toBe(1);
    expect(pushes.map((p) => p.chatId)).toEqual([1]);
    expect(pushes[0].html).toContain('新一期报纸到了');
    expect(pushes[0].html).toContain('2025-08-07 报纸要目');
    expect(store.get(1)?.lastPushed).toBe('2025-08-07');

    expect(await at('2025-08-08T08:00:30')).toBe(0); // the slot has passed
    expect(await at('2025-08-08T09:15:20')).toBe(1);
    expect(pushes.at(-1)!.chatId).toBe(3);

    // Next day, no new issue: nothing.
    await at('2025-08-09T07:59:50');
    expect(await at('2025-08-09T08:00:10')).toBe(0);

    // A new issue arrives during the day; it goes out at the next 08:00, once, to both 08:00 chats.
    await store.unsubscribe(3);
    archive.dates = ['2026-01-10', '2025-08-07'];
    expect(await at('2025-08-09T12:00:00')).toBe(0);
    await at('2025-08-10T07:59:50');
    expect(await at('2025-08-10T08:00:20')).toBe(2);
    expect(pushes.slice(-2).map((p) => p.chatId)).toEqual([1, 2]);
    expect(pushes.at(-1)!.html).toContain('2026-01-10 报纸要目');
    expect(await at('2025-08-11T08:00:20')).toBe(0);
  });

  it('pushes right after a reindex that adds dates, skipping what a chat already has', async () => {
    const { archive, store, scheduler, pushes } = await setup();
    await store.subscribe(1, '08:00', '2025-08-07');
    await store.subscribe(2, '08:00', '2026-01-10');
    archive.dates = ['2026-01-10', '2025-08-07'];
    expect(await scheduler.pushNewDates(['2026-01-10'])).toBe(1);
    expect(pushes.map((p) => p.chatId)).toEqual([1]);
    expect((await SubscriptionStore.open(dir)).get(1)?.lastPushed).toBe('2026-01-10');
  });

  it('unsubscribes a chat that blocked the bot; keeps others for a retry after a transient failure', async () => {
    const archive = new FakeArchive();
    const store = await SubscriptionStore.open(dir);
    await store.subscribe(1, '08:00', null);
    await store.subscribe(2, '08:00', null);
    const clock = new FakeClock();
    const scheduler = new DigestScheduler({
      store,
      archive,
      now: () => beijing('2026-01-11T08:00:05'),
      log: () => {},
      pacing: { now: clock.now, sleep: clock.sleep },
      send: async (chatId) => {
        throw Object.assign(new Error(chatId === 1 ? 'Forbidden: bot was blocked by the user' : 'Internal Server Error'), {
          error_code: chatId === 1 ? 403 : 500,
        });
      },
    });
    expect(await scheduler.tick()).toBe(0);
    expect(store.get(1)).toBeNull();
    expect(store.get(2)?.lastPushed).toBeNull();
  });

  it('start() ticks on its own interval and stop() ends it', async () => {
    const archive = new FakeArchive();
    const store = await SubscriptionStore.open(dir);
    await store.subscribe(1, '08:00', null);
    let clock = beijing('2026-01-11T07:59:59');
    const pushes: number[] = [];
    const scheduler = new DigestScheduler({
      store, archive, now: () => clock, intervalMs: 20, log: () => {},
      send: async (chatId) => void pushes.push(chatId),
    });
    scheduler.start();
    clock = beijing('2026-01-11T08:00:01');
    await new Promise((r) => setTimeout(r, 80));
    scheduler.stop();
    expect(pushes).toEqual([1]);
  });
});

describe('DigestScheduler fan-out', () => {
  const NEW = '2026-01-10';
  /** Chats 1…n, every tenth one a group, all up to date with 2025-08-07. */
  async function subscribers(n: number, options: { compactEvery?: number } = {}) {
    const subscriptions = Array.from({ length: n }, (_, k) => k + 1).map((i) => ({
      chatId: i % 10 === 0 ? -i : i, time: '08:00', lastPushed: '2025-08-07', createdAt: '2025-08-01T00:00:00.000Z',
    }));
    await writeFile(path.join(dir, 'subscriptions.json'), JSON.stringify({ version: 1, subscriptions }));
    return SubscriptionStore.open(dir, { log: () => {}, ...options });
  }
  function scheduler(store: SubscriptionStore, send: (chatId: number, html: string) => Promise<unknown>, clock: FakeClock, archive?: DigestSchedulerOptions['archive']) {
    const logs: string[] = [];
    const s = new DigestScheduler({
      store,
      archive: archive ?? new FakeArchive(),
      send,
      pacing: { now: clock.now, sleep: clock.sleep },
      log: (l) => logs.push(l),
    });
    return Object.assign(s, { logs });
  }
  const until = async (check: () => boolean) => {
    for (let i = 0; !check(); i++) {
      if (i > 2_000) throw new Error('condition not met');
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  it('pushes a new issue to 1,000 chats within Telegram limits: each once, no 429, at most 25 in any second', async () => {
    const store = await subscribers(1_000);
    const clock = new FakeClock();
    const telegram = new FakeTelegram(clock);
    const s = scheduler(store, telegram.send, clock);
    expect(await s.pushNewDates([NEW])).toBe(1_000);
    expect(telegram.refused).toEqual([]);
    expect(telegram.perChat().size).toBe(1_000);
    expect([...telegram.perChat().values()].every((n) => n === 1)).toBe(true);
    expect(telegram.maxInWindow(1_000)).toBeLessThanOrEqual(25);
    expect(telegram.accepted[0].text).toContain(`${NEW} 报纸要目`);
    const again = await SubscriptionStore.open(dir);
    expect(again.list().every((sub) => sub.lastPushed === NEW && sub.due === undefined)).toBe(true);
    expect(s.logs.at(-1)).toMatch(/push to 1000 chat\(s\) done .* 1000 digest\(s\) sent, 0 failed, 0 chat\(s\) gone, 0 429/);
  });

  it('a restart mid-push resumes with the chats not yet sent: none skipped, a duplicate only for a send in flight', async () => {
    const store = await subscribers(600, { compactEvery: 100 });
    const clock = new FakeClock();
    const telegram = new FakeTelegram(clock);
    // The process "dies" after 250 deliveries: later sends reach Telegram but their answers never come back, as
    // when the process is killed with requests in flight; nothing after that is sent.
    const dying = (chatId: number, html: string) =>
      telegram.accepted.length < 250 ? telegram.send(chatId, html) : telegram.send(chatId, html).then(() => new Promise(() => {}));
    void scheduler(store, dying, clock).pushNewDates([NEW]);
    await until(() => telegram.accepted.length >= 255);
    await store.whenWritten(); // the journal lines of the 250 answered sends
    const inFlight = telegram.accepted.length - 250;
    expect(inFlight).toBe(5); // the queue's concurrency

    const restarted = await SubscriptionStore.open(dir, { log: () => {} });
    expect(restarted.list().filter((sub) => sub.due?.length).length).toBe(600 - 250);
    expect(await scheduler(restarted, telegram.send, clock).resume()).toBe(350);
    const counts = telegram.perChat();
    expect(counts.size).toBe(600); // none skipped
    const twice = [...counts.values()].filter((n) => n > 1).length;
    expect(twice).toBe(inFlight); // exactly the sends in flight at the "crash", never more
    expect([...counts.values()].every((n) => n <= 2)).toBe(true);
    expect((await SubscriptionStore.open(dir)).list().every((sub) => sub.lastPushed === NEW && !sub.due)).toBe(true);
  });

  it('a digest in several messages resumes at the part that was not delivered', async () => {
    const long = {
      issueDates: () => [NEW],
      digest: async (date?: string) => ({
        date: date ?? NEW,
        items: Array.from({ length: 90 }, (_, i) => ({
          paper: '示例日报', issue: '100', page: String(1 + (i % 8)), title: `第${i}篇 ${'社区便民服务活动'.repeat(3)}`,
          summary: '社区服务中心将开展便民服务活动，欢迎居民参加。', source: 'x.txt', articleId: `a${i}`,
        })),
      }),
    };
    const store = await subscribers(3);
    const clock = new FakeClock();
    const telegram = new FakeTelegram(clock);
    // Chat 2's second part dies in flight before reaching Telegram.
    let cut = false;
    const dying = (chatId: number, html: string) => {
      if (chatId === 2 && telegram.accepted.some((m) => m.chatId === 2)) {
        cut = true;
        return new Promise(() => {});
      }
      return cut ? new Promise(() => {}) : telegram.send(chatId, html);
    };
    void scheduler(store, dying, clock, long).pushNewDates([NEW]);
    await until(() => cut);
    await store.whenWritten();
    const before = telegram.accepted.filter((m) => m.chatId === 2).map((m) => m.text);
    expect(before).toHaveLength(1);

    const restarted = await SubscriptionStore.open(dir, { log: () => {} });
    expect(restarted.get(2)?.progress).toEqual({ date: NEW, parts: 1 });
    await scheduler(restarted, telegram.send, clock, long).resume();
    const got = telegram.accepted.filter((m) => m.chatId === 2).map((m) => m.text);
    expect(got.length).toBeGreaterThanOrEqual(2);
    expect(new Set(got).size).toBe(got.length); // no part twice, none missing
    expect(got[0]).toContain('新一期报纸到了');
    for (const chat of [1, 3]) expect(telegram.accepted.filter((m) => m.chatId === chat).map((m) => m.text)).toEqual(got);
  });

  it('a chat that blocked the bot is unsubscribed during a push, and stays so after a restart', async () => {
    const store = await subscribers(20);
    const clock = new FakeClock();
    const telegram = new FakeTelegram(clock);
    telegram.blocked.add(7);
    const s = scheduler(store, telegram.send, clock);
    expect(await s.pushNewDates([NEW])).toBe(19);
    expect((await SubscriptionStore.open(dir)).get(7)).toBeNull();
    expect(s.logs.some((l) => l.includes('chat 7 is gone'))).toBe(true);
    // Asked once, not retried.
    expect(await s.pushNewDates([NEW])).toBe(0);
  });

  it('replays a journal a crash left, ignoring a torn last line', async () => {
    const store = await subscribers(3);
    await store.planPush([{ chatId: 1, dates: [NEW] }, { chatId: 2, dates: [NEW] }]);
    await writeFile(store.journal, `${JSON.stringify({ c: 1, d: NEW, p: 1, n: 1 })}\n{"c":2,"d":"20`);
    const logs: string[] = [];
    const again = await SubscriptionStore.open(dir, { log: (l) => logs.push(l) });
    expect(again.get(1)).toMatchObject({ lastPushed: NEW });
    expect(again.get(1)?.due).toBeUndefined();
    expect(again.get(2)).toMatchObject({ lastPushed: '2025-08-07', due: [NEW] });
    expect(logs.some((l) => l.includes('torn line'))).toBe(true);
    expect(await readdir(dir)).toEqual(['subscriptions.json']); // folded in
  });
});
