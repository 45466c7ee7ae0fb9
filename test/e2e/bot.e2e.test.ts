// End to end: the real `src/main.ts` process against telegram-test-api on loopback, behind a fault-injecting proxy.
import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
// The package's ESM default export is typed as its module namespace; the class itself is a named export here.
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { forwardToEmulator } from '../helpers/emulator-forward.js';
import { botEnv } from '../helpers/bot-env.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TOKEN = '123456:E2E-test-token';
const ADMIN = 900;
const RATE_LIMIT = 4;
const MAX_QUESTION = 100;

type Server = TelegramServer;
interface BotMessage {
  messageId: number;
  message: { chat_id: number | string; text: string; parse_mode?: string; reply_markup?: any };
}


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds (e.g. a line reached the child's stderr pipe), failing after `timeoutMs`. */
async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

/**
 * Sits between the bot and the emulator: records every Bot API method called, emulates long polling (the emulator
 * answers getUpdates at once, which would make the bot spin), answers getChatMember (which the emulator lacks) from
 * `members`, and injects faults on demand.
 */
class FaultProxy {
  readonly calls: string[] = [];
  /** getChatMember answers: `${chatId}:${userId}` → status; anyone not listed is a plain 'member'. */
  readonly members = new Map<string, string>();
  private readonly faults: Array<{ method: string; kind: '500' | 'drop' }> = [];
  private server: http.Server | null = null;
  port = 0;

  constructor(private readonly upstream: string) {}

  /** The next call of `method` fails: `500` answers an Internal Server Error, `drop` cuts the connection. */
  failNext(method: string, kind: '500' | 'drop'): void {
    this.faults.push({ method, kind });
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const method = /^\/bot[^/]+\/([A-Za-z]+)/.exec(req.url ?? '')?.[1] ?? '?';
    this.calls.push(method);
    const fault = this.faults.findIndex((f) => f.method === method);
    if (fault >= 0) {
      const [{ kind }] = this.faults.splice(fault, 1);
      if (kind === 'drop') {
        req.socket.destroy();
        return;
      }
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error_code: 500, description: 'Internal Server Error (injected)' }));
      return;
    }
    if (method === 'getChatMember') {
      const { chat_id: chatId, user_id: userId } = JSON.parse(body.toString('utf8') || '{}');
      const status = this.members.get(`${chatId}:${userId}`) ?? 'member';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, result: { status, user: { id: userId, is_bot: false, first_name: '记者' } } }));
      return;
    }
    await forwardToEmulator(this.upstream, req, res, body, method);
  }
}

/**
 * Every HTML message the bot sends must be valid for Telegram's HTML parse mode: only supported tags, balanced,
 * and no bare `<` or `&` (the emulator does not check this; Telegram would reject the message).
 */
function assertTelegramHtml(text: string): void {
  const allowed = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'code', 'pre', 'a', 'blockquote', 'tg-spoiler', 'span']);
  const stack: string[] = [];
  const re = /<(\/?)([a-z-]+)(?:\s[^<>]*)?>|&(?:amp|lt|gt|quot|#\d+|#x[0-9a-f]+);|[<>&]/gi;
  for (const m of text.matchAll(re)) {
    if (m[2] === undefined) {
      if (/^[<>&]$/.test(m[0])) throw new Error(`bare "${m[0]}" at ${m.index} in: ${text.slice(0, 200)}`);
      continue;
    }
    const tag = m[2].toLowerCase();
    if (!allowed.has(tag)) throw new Error(`unsupported tag <${tag}> in: ${text.slice(0, 200)}`);
    if (m[1]) {
      if (stack.pop() !== tag) throw new Error(`unbalanced </${tag}> in: ${text.slice(0, 200)}`);
    } else stack.push(tag);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}> in: ${text.slice(0, 200)}`);
}

describe('the bot process end to end (telegram-test-api on loopback)', () => {
  let server: Server;
  let proxy: FaultProxy;
  let child: ChildProcess;
  let stderr = '';
  let exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  let work: string;
  const seen = new Set<number>();

  /** Bot messages to `chatId` not yet returned by an earlier call, waiting until `count` are there. */
  async function replies(chatId: number, count = 1, timeoutMs = 20_000): Promise<BotMessage['message'][]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const fresh = (server.storage.botMessages as unknown as BotMessage[]).filter(
        (m) => String(m.message.chat_id) === String(chatId) && !seen.has(m.messageId),
      );
      if (fresh.length >= count) {
        for (const m of fresh.slice(0, count)) seen.add(m.messageId);
        for (const m of fresh.slice(0, count)) if (m.message.parse_mode === 'HTML') assertTelegramHtml(m.message.text);
        return fresh.slice(0, count).map((m) => m.message);
      }
      if (Date.now() > deadline) {
        throw new Error(`expected ${count} message(s) to chat ${chatId}, got ${fresh.length}; bot stderr:\n${stderr.slice(-3000)}`);
      }
      await sleep(50);
    }
  }

  const client = (userId: number) => server.getClient(TOKEN, { userId, chatId: userId, firstName: '记者', timeout: 15_000 });
  const say = (userId: number, text: string) => {
    const c = client(userId);
    return text.startsWith('/') ? c.sendCommand(c.makeCommand(text)) : c.sendMessage(c.makeMessage(text));
  };
  const buttons = (m: BotMessage['message']) =>
    ((m.reply_markup?.inline_keyboard ?? []) as Array<Array<{ text: string; callback_data: string }>>).flat();

  beforeAll(async () => {
    const port = await freePort();
    server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 120 });
    await server.start();
    proxy = new FaultProxy(server.config.apiURL);
    await proxy.start();

    work = await mkdtemp(path.join(tmpdir(), 'bot-e2e-'));
    await cp(path.join(ROOT, 'seeds'), path.join(work, 'seeds'), { recursive: true });
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: botEnv(work, proxy.port, TOKEN, { ADMIN_IDS: String(ADMIN), RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT), MAX_QUESTION_LENGTH: String(MAX_QUESTION) }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout!.resume();
    exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

    // Ready when it polls (it builds the index first on this fresh folder).
    const deadline = Date.now() + 90_000;
    while (!proxy.calls.includes('getUpdates')) {
      if (child.exitCode !== null) throw new Error(`bot exited early (${child.exitCode}):\n${stderr}`);
      if (Date.now() > deadline) throw new Error(`bot did not start polling:\n${stderr}`);
      await sleep(100);
    }
  });

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exit;
    }
    await proxy?.stop();
    await server?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('/start explains the bot; the command menu call the emulator lacks is only logged', async () => {
    await say(1, '/start');
    const [start] = await replies(1);
    expect(start.text).toContain('报纸问答机器人');
    expect(start.parse_mode).toBe('HTML');
    expect(proxy.calls).toContain('setMyCommands');
    await until(() => stderr.includes('setMyCommands failed'));
  });

  let sourceData = '';

  it('answers a question with a numbered citation and 原文 buttons', async () => {
    await say(1, '8月6日市委书记调研了哪些项目？');
    const [answer] = await replies(1);
    expect(answer.text).toMatch(/\[1\] 阳泉日报 2025-08-07 第15434期 第1版《/);
    const b = buttons(answer);
    expect(b[0]?.text).toBe('原文 [1]');
    sourceData = b[0].callback_data;
    expect(Buffer.byteLength(sourceData)).toBeLessThanOrEqual(64);
    // The typing indicator was attempted; the emulator lacks it, which is logged, not fatal.
    expect(proxy.calls).toContain('sendChatAction');
  });

  it('opens the cited article from the source button', async () => {
    const c = client(1);
    await c.sendCallback(c.makeCallbackQuery(sourceData));
    const [article] = await replies(1);
    expect(article.text).toMatch(/^<b>.+<\/b>/m);
    expect(article.text).toMatch(/阳泉日报 · 2025-08-07 · 第15434期 · 第1(、\d+)*版/);
    expect(article.text).toContain('雷健坤');
  });

  it('/digest 2025-08-07 lists that issue page by page', async () => {
    await say(1, '/digest 2025-08-07');
    const [digest] = await replies(1);
    expect(digest.text).toContain('2025-08-07 报纸要目');
    expect(digest.text).toContain('阳泉日报 第15434期');
    expect(digest.text).toContain('第1版');
  });

  it('refuses an over-long question and escapes markup typed into a question', async () => {
    await say(1, '雷'.repeat(MAX_QUESTION + 20));
    const [tooLong] = await replies(1);
    expect(tooLong.text).toContain(`问题太长了（${MAX_QUESTION + 20} 字）`);

    await say(1, '<b>雷健坤</b> & 中心医院 </i><script>');
    const [answer] = await replies(1);
    expect(answer.parse_mode).toBe('HTML'); // and assertTelegramHtml passed on it
    expect(answer.text).not.toContain('<script>');
  });

  it('a burst from one user hits the rate limit: one warning, then silence', async () => {
    for (let i = 0; i < RATE_LIMIT + 4; i++) await say(2, `郊区“七办”服务模式包括哪些？${i}`);
    const got = await replies(2, RATE_LIMIT + 1);
    expect(got.slice(0, RATE_LIMIT).every((m) => !m.text.includes('提问太频繁'))).toBe(true);
    expect(got[RATE_LIMIT].text).toMatch(/提问太频繁了，请 \d+ 秒后再试/);
    await sleep(1_000);
    await expect(replies(2, 1, 500)).rejects.toThrow(/expected 1 message/);
  });

  it('/reindex is refused to a non-admin', async () => {
    await say(1, '/reindex');
    const [refused] = await replies(1);
    expect(refused.text).toContain('只有管理员');
  });

  it('an admin /reindex picks up a new page, reports it, and pushes the new issue to a subscribed chat', async () => {
    await say(4, '/subscribe 07:30');
    const [subscribed] = await replies(4);
    expect(subscribed.text).toContain('07:30');

    await writeFile(
      path.join(work, 'seeds', '005_e2e_new_issue.txt'),
      [
        '---',
        'paper: 阳泉日报',
        'date: 2025-08-08',
        'issue: 15435',
        'page: 1',
        '---',
        '# 市区新建口袋公园十二处',
        '',
        '本报讯 8月7日，记者从市住建局获悉，今年市区新建口袋公园十二处，方便群众就近休闲健身。',
        '',
      ].join('\n'),
    );
    await say(ADMIN, '/reindex');
    const [started, summary] = await replies(ADMIN, 2, 40_000);
    expect(started.text).toContain('开始重建索引');
    expect(summary.text).toContain('索引已更新');
    expect(summary.text).toContain('新入库日期：2025-08-08');

    const [push] = await replies(4, 1, 20_000);
    expect(push.text).toContain('新一期报纸到了');
    expect(push.text).toContain('2025-08-08 报纸要目');
    expect(push.text).toContain('市区新建口袋公园十二处');

    // The swapped-in index answers from the new page straight away.
    await say(ADMIN, '市区今年新建了多少处口袋公园？');
    const [answer] = await replies(ADMIN);
    expect(answer.text).toContain('阳泉日报 2025-08-08 第15435期 第1版《市区新建口袋公园十二处》');
  });

  it('in a group, only an administrator (getChatMember, answered by the proxy) may subscribe or unsubscribe it', async () => {
    const GROUP = -5000;
    const [MEMBER, GROUP_ADMIN] = [21, 22];
    proxy.members.set(`${GROUP}:${GROUP_ADMIN}`, 'administrator');
    const inGroup = (userId: number, text: string) => {
      const c = server.getClient(TOKEN, { userId, chatId: GROUP, type: 'group', chatTitle: '编辑部', firstName: '记者', timeout: 15_000 });
      return c.sendCommand(c.makeCommand(text));
    };
    await inGroup(MEMBER, '/subscribe 07:30');
    const [refused] = await replies(GROUP);
    expect(refused.text).toContain('只有本群的管理员');
    expect(proxy.calls).toContain('getChatMember');

    await inGroup(GROUP_ADMIN, '/subscribe 07:30');
    const [subscribed] = await replies(GROUP);
    expect(subscribed.text).toContain('每天北京时间 07:30');

    await inGroup(MEMBER, '/unsubscribe');
    const [stillOn] = await replies(GROUP);
    expect(stillOn.text).toContain('只有本群的管理员');

    // getChatMember cut off: the change is refused, not allowed.
    proxy.failNext('getChatMember', 'drop');
    await inGroup(GROUP_ADMIN, '/unsubscribe');
    const [unsure] = await replies(GROUP);
    expect(unsure.text).toContain('暂时无法确认');

    await inGroup(GROUP_ADMIN, '/unsubscribe');
    const [removed] = await replies(GROUP);
    expect(removed.text).toContain('已取消');
  });

  it('a getUpdates cut off on the network is logged without the bot token', async () => {
    proxy.failNext('getUpdates', 'drop');
    await until(() => /bot api: getUpdates failed/.test(stderr), 10_000);
    await say(3, '/stats');
    const [stats] = await replies(3, 1, 20_000);
    expect(stats.text).toContain('资料库概况');
    expect(stderr).not.toContain(TOKEN);
    expect(stderr).not.toContain('E2E-test-token');
    expect(stderr).toMatch(/bot api: getUpdates failed: .*\/bot\[REDACTED\]\/getUpdates/);
  });

  it('Bot API faults (a 500 on sendMessage and getUpdates, a dropped connection) never take the bot down', async () => {
    // A 500 on sendMessage: auto-retry sends it again.
    proxy.failNext('sendMessage', '500');
    await say(3, '灵石县经济技术开发区签约总投资额是多少？');
    const [retried] = await replies(3, 1, 20_000);
    expect(retried.text.length).toBeGreaterThan(0);

    // A 500 on getUpdates: polling resumes and the question is still answered.
    proxy.failNext('getUpdates', '500');
    await sleep(1_200);
    await say(3, '/stats');
    const [stats] = await replies(3, 1, 20_000);
    expect(stats.text).toContain('资料库概况');

    // A connection dropped under sendMessage: logged, the user gets a polite apology, the next question works.
    proxy.failNext('sendMessage', 'drop');
    await say(3, '8月6日市委书记调研了哪些项目？');
    const [apology] = await replies(3, 1, 20_000);
    expect(apology.text).toContain('抱歉');
    await say(3, '8月6日市委书记调研了哪些项目？');
    const [answer] = await replies(3, 1, 20_000);
    expect(answer.text).toContain('[1]');

    expect(child.exitCode).toBeNull();
    await until(() => /sendChatAction failed/.test(stderr) && /update \d+ failed/.test(stderr));
    expect(stderr).toMatch(/bot api: sendMessage answered 500/);
    expect(stderr).toMatch(/bot api: getUpdates answered 500/);
  });

  it('keeps answering while a /reindex of hundreds of new pages runs', async () => {
    const bulk = path.join(work, 'seeds', 'bulk');
    await mkdir(bulk, { recursive: true });
    for (let i = 0; i < 600; i++) {
      await writeFile(path.join(bulk, `notice-${i}.txt`), `# 第${i}号公告\n\n本报讯 ${'社区服务中心将开展便民服务活动，欢迎居民参加。'.repeat(12)}编号${i}。\n`);
    }
    const doneBefore = stderr.split('bot: reindex done').length;
    await say(ADMIN, '/reindex');
    const [started] = await replies(ADMIN, 1, 20_000);
    expect(started.text).toContain('开始重建索引');
    await say(6, '灵石县经济技术开发区签约总投资额是多少？');
    const [answer] = await replies(6, 1, 20_000);
    expect(answer.text).toContain('[1]');
    // Answered while the build still ran, not queued behind it.
    expect(stderr.split('bot: reindex done').length).toBe(doneBefore);
    const [summary] = await replies(ADMIN, 1, 120_000);
    expect(summary.text).toContain('索引已更新');
    expect(summary.text).toContain('新增或改动 600');
  }, 150_000);

  it('stops cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    const result = await Promise.race([exit, sleep(15_000).then(() => null)]);
    expect(result, `no exit within 15 s:\n${stderr.slice(-2000)}`).toEqual({ code: 0, signal: null });
    expect(stderr).toContain('bot: stopped');
  });
});
