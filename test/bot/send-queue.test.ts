// The push queue keeps within Telegram's limits, honours 429 retry_after without a storm, and retries what may pass.
import { describe, expect, it } from 'vitest';
import { SendQueue, type SendOutcome } from '../../src/bot/send-queue.js';
import { FakeClock, FakeTelegram } from './fake-telegram.js';

function setup(options: Partial<ConstructorParameters<typeof SendQueue>[0]> = {}, limits = {}) {
  const clock = new FakeClock();
  const telegram = new FakeTelegram(clock, limits);
  const logs: string[] = [];
  const queue = new SendQueue({ send: telegram.send, now: clock.now, sleep: clock.sleep, log: (l) => logs.push(l), ...options });
  return { clock, telegram, queue, logs };
}

/** Chats 1…n, every tenth one a group. */
const chats = (n: number) => Array.from({ length: n }, (_, i) => (i % 10 === 9 ? -(i + 1) : i + 1));

describe('SendQueue', () => {
  it('fans out to 2,000 chats at 25/s: no 429, every chat once, at most 25 in any second', async () => {
    const { clock, telegram, queue } = setup();
    const outcomes = await Promise.all(chats(2_000).map((c) => queue.send(c, `digest for ${c}`)));
    expect(outcomes.every((o) => o.status === 'sent')).toBe(true);
    expect(telegram.refused).toEqual([]);
    expect([...telegram.perChat().values()].every((n) => n === 1)).toBe(true);
    expect(telegram.perChat().size).toBe(2_000);
    expect(telegram.maxInWindow(1_000)).toBeLessThanOrEqual(25);
    // 2,000 at 25/s takes 80 s of (virtual) time.
    expect(clock.t).toBeGreaterThanOrEqual(79_000);
  });

  it('spaces messages to one chat by 1 s and keeps a group within 20 a minute', async () => {
    const { telegram, queue } = setup({ ratePerSecond: 25 });
    await Promise.all([
      ...Array.from({ length: 45 }, (_, i) => queue.send(-500, `group part ${i}`)),
      ...Array.from({ length: 5 }, (_, i) => queue.send(7, `private part ${i}`)),
    ]);
    expect(telegram.refused).toEqual([]);
    expect(telegram.perChat().get(-500)).toBe(45);
    expect(telegram.maxInWindow(60_000, -500)).toBeLessThanOrEqual(20);
    expect(telegram.maxInWindow(999, 7)).toBe(1);
    // In order, per chat.
    expect(telegram.accepted.filter((m) => m.chatId === -500).map((m) => m.text)).toEqual(
      Array.from({ length: 45 }, (_, i) => `group part ${i}`),
    );
  });

  it('a 429 pauses the whole queue for retry_after: nothing is sent meanwhile, and only a handful of 429s', async () => {
    const { telegram, queue, logs } = setup();
    telegram.throttleAt = { n: 100, retryAfter: 7 };
    const outcomes = await Promise.all(chats(500).map((c) => queue.send(c, 'x')));
    expect(outcomes.every((o) => o.status === 'sent')).toBe(true);
    const [first] = telegram.refused;
    expect(first.retryAfter).toBe(7);
    // Only requests already in flight could meet the same penalty (default concurrency 5).
    expect(telegram.refused.length).toBeLessThanOrEqual(5);
    expect(telegram.accepted.some((m) => m.at > first.at && m.at < first.at + 7_000)).toBe(false);
    expect(telegram.perChat().size).toBe(500);
    expect([...telegram.perChat().values()].every((n) => n === 1)).toBe(true);
    expect(logs.filter((l) => l.includes('pausing every push for 7 s'))).toHaveLength(1);
  });

  it('set faster than Telegram allows, it slows down after the first 429s instead of storming', async () => {
    const { telegram, queue } = setup({ ratePerSecond: 60 });
    const outcomes = await Promise.all(chats(1_000).map((c) => queue.send(c, 'x')));
    expect(outcomes.every((o) => o.status === 'sent')).toBe(true);
    expect(telegram.refused.length).toBeGreaterThan(0);
    expect(telegram.refused.length).toBeLessThanOrEqual(10);
    expect(telegram.perChat().size).toBe(1_000);
    expect(queue.currentRate).toBeLessThan(30);
  });

  it('a blocked chat is gone at once, a 500 is retried after its delay, another 4xx fails without a retry', async () => {
    const { clock, telegram, queue } = setup({ retryDelaysMs: [5_000] });
    telegram.blocked.add(2);
    telegram.failOnce.add(3);
    const badRequest = new SendQueue({
      send: async () => {
        throw Object.assign(new Error('Bad Request: message is too long'), { error_code: 400 });
      },
      now: clock.now,
      sleep: clock.sleep,
      log: () => {},
    });
    const [one, two, three] = await Promise.all([queue.send(1, 'a'), queue.send(2, 'b'), queue.send(3, 'c')]);
    expect(one.status).toBe('sent');
    expect(two.status).toBe('gone');
    expect(three.status).toBe('sent');
    expect(telegram.accepted.find((m) => m.chatId === 3)!.at).toBeGreaterThanOrEqual(5_000);
    expect(queue.stats).toMatchObject({ sent: 2, retried: 1 });
    expect((await badRequest.send(4, 'd')).status).toBe('failed');
    expect(badRequest.stats).toMatchObject({ retried: 0, failed: 1 });
  });

  it('a continuation given its chat order goes before chats queued after it', async () => {
    const { telegram, queue } = setup({ ratePerSecond: 10 });
    const order = queue.reserveOrder();
    const first = queue.send(1, 'part 1', order);
    const rest = chats(30).slice(1).map((c) => queue.send(c, `chat ${c}`));
    await first;
    await queue.send(1, 'part 2', order);
    await Promise.all(rest);
    const texts = telegram.accepted.map((m) => m.text);
    // part 2 waits only for its chat's 1 s spacing (10 messages at 10/s), not for the 29 other chats.
    expect(texts.indexOf('part 2')).toBeLessThan(15);
  });

  it('stop() gives back what is queued and waits for what is in flight', async () => {
    let release!: () => void;
    const clock = new FakeClock();
    const queue = new SendQueue({
      send: () => new Promise((resolve) => (release = () => resolve(true))),
      now: clock.now,
      sleep: clock.sleep,
      concurrency: 1,
      log: () => {},
    });
    const a = queue.send(1, 'a');
    const b = queue.send(2, 'b');
    await new Promise((r) => setTimeout(r, 0));
    let stopped = false;
    const stopping = queue.stop().then(() => (stopped = true));
    expect(await b).toEqual<SendOutcome>({ status: 'stopped' });
    await new Promise((r) => setTimeout(r, 0));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await a).toEqual<SendOutcome>({ status: 'sent' });
    expect(await queue.send(3, 'c')).toEqual<SendOutcome>({ status: 'stopped' });
  });
});
