// Subscriptions survive restarts; the scheduler pushes only new issues, at each chat's Beijing time.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DigestScheduler, SubscriptionStore } from '../../src/bot/subscriptions.js';
import { FakeArchive } from './fake-archive.js';

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
    const scheduler = new DigestScheduler({
      store,
      archive,
      now: () => beijing('2026-01-11T08:00:05'),
      log: () => {},
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
