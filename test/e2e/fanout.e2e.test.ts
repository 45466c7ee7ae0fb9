// End to end: a digest pushed to hundreds of chats by the real `src/main.ts` against telegram-test-api on loopback,
// behind a proxy that enforces Telegram's flood limits; the bot is killed mid-push and restarted.
// FANOUT_CHATS=10000 runs the same test at scale and prints the figures (about 7 minutes at 25/s).
import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThrottlingProxy } from '../helpers/throttling-proxy.js';
import { freePort } from '../helpers/free-port.js';
import { botEnv } from '../helpers/bot-env.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TOKEN = '123456:E2E-fanout-token';
const ADMIN = 900;
const ASKER = 901;
const CHATS = Number(process.env.FANOUT_CHATS) || 400;
/** Every tenth chat is a group (negative id); one chat blocked the bot. */
const chatIds = Array.from({ length: CHATS }, (_, i) => (i % 10 === 9 ? -(1_000_000 + i) : 1_000 + i));
const BLOCKED = chatIds[12];
const NEW_DATE = '2025-08-08';
const HEADING = '新一期报纸到了';
const INJECTED_RETRY_AFTER = 3;
const TIMEOUT = 120_000 + CHATS * 100;


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what()}`);
    await sleep(50);
  }
}

describe(`digest fan-out to ${CHATS} chats end to end (telegram-test-api behind a throttling proxy)`, () => {
  let server: TelegramServer;
  let proxy: ThrottlingProxy;
  let work: string;
  let child: ChildProcess | null = null;
  let stderr = '';

  const pushes = () => proxy.accepted.filter((s) => s.text.includes(HEADING));

  async function startBot(): Promise<void> {
    const c = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: botEnv(work, proxy.port, TOKEN, { ADMIN_IDS: String(ADMIN), RATE_LIMIT_PER_MINUTE: '100', PUSH_RATE_PER_SECOND: '' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = c;
    c.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    c.stdout!.resume();
    const polls = stderr.split('is polling').length;
    await until(() => stderr.split('is polling').length > polls, 90_000, () => `bot did not start:\n${stderr.slice(-2000)}`);
  }

  async function kill(signal: NodeJS.Signals): Promise<void> {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((resolve) => c.once('exit', resolve));
    c.kill(signal);
    await exited;
  }

  /** Bot messages to `chatId` in the emulator (what a user would see). */
  const botMessagesTo = (chatId: number) =>
    (server.storage.botMessages as unknown as Array<{ message: { chat_id: number | string; text: string } }>).filter(
      (m) => String(m.message.chat_id) === String(chatId),
    );

  beforeAll(async () => {
    server = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 3_600 });
    await server.start();
    proxy = new ThrottlingProxy(server.config.apiURL);
    await proxy.start();
    proxy.blocked.add(BLOCKED);
    work = await mkdtemp(path.join(tmpdir(), 'fanout-e2e-'));
    await cp(path.join(ROOT, 'seeds'), path.join(work, 'seeds'), { recursive: true });
    await mkdir(path.join(work, 'data'), { recursive: true });
    const subscriptions = chatIds.map((chatId) => ({
      chatId, time: '08:00', lastPushed: '2025-08-07', createdAt: '2025-08-07T00:00:00.000Z',
    }));
    await writeFile(path.join(work, 'data', 'subscriptions.json'), JSON.stringify({ version: 1, subscriptions }));
    await startBot();
  }, 120_000);

  afterAll(async () => {
    await kill('SIGKILL');
    await proxy?.stop();
    await server?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('stays within the limits through a 429, answers meanwhile, and survives a kill -9 mid-push', async () => {
    await writeFile(
      path.join(work, 'seeds', '005_fanout_new_issue.txt'),
      ['---', 'paper: 阳泉日报', `date: ${NEW_DATE}`, 'issue: 15435', 'page: 1', '---', '# 市区新建口袋公园十二处', '',
        '本报讯 8月7日，记者从市住建局获悉，今年市区新建口袋公园十二处，方便群众就近休闲健身。', ''].join('\n'),
    );
    // Telegram's flood control answers one 429 with retry_after 3 s early in the push.
    const sentBefore = proxy.sends.length;
    proxy.throttleAtSend = { n: sentBefore + 2 + 40, retryAfter: INJECTED_RETRY_AFTER };
    const admin = server.getClient(TOKEN, { userId: ADMIN, chatId: ADMIN, firstName: '管理员', timeout: 15_000 });
    const pushStarted = Date.now();
    await admin.sendCommand(admin.makeCommand('/reindex'));
    const wait = (n: number) => until(() => pushes().length >= n, TIMEOUT, () => `${pushes().length} of ${n} pushes:\n${stderr.slice(-2000)}`);

    // A question asked mid-push is answered at once, not after the fan-out.
    await wait(Math.floor(CHATS * 0.3));
    const asker = server.getClient(TOKEN, { userId: ASKER, chatId: ASKER, firstName: '读者', timeout: 15_000 });
    const asked = Date.now();
    const pushesWhenAsked = pushes().length;
    await asker.sendMessage(asker.makeMessage('8月6日市委书记调研了哪些项目？'));
    await until(() => botMessagesTo(ASKER).length > 0, 30_000, () => `no answer:\n${stderr.slice(-2000)}`);
    const answerMs = Date.now() - asked;
    const pushesWhenAnswered = pushes().length;
    expect(botMessagesTo(ASKER)[0].message.text).toContain('[1]');
    expect(pushesWhenAnswered).toBeLessThan(CHATS - 1); // the push was still running

    // kill -9 in the middle of the push, then start again on the same DATA_DIR.
    await wait(Math.floor(CHATS * 0.6));
    await kill('SIGKILL');
    const atKill = pushes().length;
    expect(atKill).toBeLessThan(CHATS - 1);
    await startBot();
    const everyone = chatIds.filter((c) => c !== BLOCKED);
    await until(
      () => new Set(pushes().map((s) => s.chatId)).size >= everyone.length && /push to \d+ chat\(s\) done/.test(stderr.split('is polling').at(-1)!),
      TIMEOUT,
      () => `${new Set(pushes().map((s) => s.chatId)).size} of ${everyone.length} chats reached:\n${stderr.slice(-2000)}`,
    );
    const seconds = (Date.now() - pushStarted) / 1000;
    await sleep(1_500); // anything sent twice would show now

    const perChat = new Map<number, number>();
    for (const s of pushes()) perChat.set(s.chatId, (perChat.get(s.chatId) ?? 0) + 1);
    const skipped = everyone.filter((c) => !perChat.has(c));
    const duplicated = [...perChat.values()].filter((n) => n > 1).length;
    const throttled = proxy.sends.filter((s) => s.status === 429);
    const byReason = Object.fromEntries(['injected', 'penalty', 'global', 'chat', 'group'].map((r) => [r, throttled.filter((s) => s.reason === r).length]));
    const maxPerSecond = proxy.maxInWindow(1_000);
    const maxGroupPerMinute = Math.max(...chatIds.filter((c) => c < 0).map((g) => proxy.maxInWindow(60_000, (s) => s.chatId === g)));
    console.log(
      `fan-out: ${CHATS} chats in ${seconds.toFixed(1)} s (incl. index rebuild, kill -9 at ${atKill} pushes and restart); ` +
        `429s ${throttled.length} ${JSON.stringify(byReason)}; max ${maxPerSecond} msgs in any 1 s window; ` +
        `max ${maxGroupPerMinute}/min to a group; duplicates ${duplicated}; skipped ${skipped.length}; ` +
        `answer mid-push in ${answerMs} ms (${pushesWhenAnswered - pushesWhenAsked} pushes meanwhile)`,
    );

    expect(skipped).toEqual([]);
    // At most one duplicate per chat, and only for the sends in flight at the kill (the queue's concurrency, 5).
    expect([...perChat.values()].every((n) => n <= 2)).toBe(true);
    expect(duplicated).toBeLessThanOrEqual(5);
    // No 429 for the limits themselves; the injected one and only what was already in flight met its penalty.
    expect(byReason.global + byReason.chat + byReason.group).toBe(0);
    expect(byReason.injected).toBe(1);
    expect(byReason.penalty).toBeLessThanOrEqual(5);
    expect(maxPerSecond).toBeLessThanOrEqual(30);
    expect(maxGroupPerMinute).toBeLessThanOrEqual(20);
    // The pause was honoured: nothing accepted while the injected retry_after ran.
    const injected = throttled.find((s) => s.reason === 'injected')!;
    expect(proxy.accepted.some((s) => s.at > injected.at && s.at < injected.at + INJECTED_RETRY_AFTER * 1_000 - 50)).toBe(false);

    // The blocked chat was asked once and unsubscribed; everyone else is up to date, nothing left due.
    expect(proxy.sends.filter((s) => s.chatId === BLOCKED)).toHaveLength(1);
    await kill('SIGTERM');
    const saved = JSON.parse(await readFile(path.join(work, 'data', 'subscriptions.json'), 'utf8')).subscriptions as Array<{ chatId: number; lastPushed: string; due?: string[] }>;
    expect(saved.map((s) => s.chatId).sort((a, b) => a - b)).toEqual([...everyone].sort((a, b) => a - b));
    expect(saved.every((s) => s.lastPushed === NEW_DATE && !s.due?.length)).toBe(true);
  }, TIMEOUT * 2 + 120_000);
});
