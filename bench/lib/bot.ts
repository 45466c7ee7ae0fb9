// Bot section: the real bot process under a burst of questions, idle and while an admin's /reindex builds in its child.
//
// Everything runs on loopback: telegram-test-api (the Bot API emulator) and a small long-polling proxy in this
// process, the bot (`node --import tsx src/main.ts`) as a child, its index build as a grandchild.

import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
// The package's ESM default export is typed as its module namespace; the class itself is a named export here.
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { MSG } from '../../src/bot/messages.zh.js';
import { SHORT_PAGE, writeSyntheticCorpus, type CorpusStats } from './corpus.js';
import { ROOT } from './env.js';
import { percentile } from './metrics.js';
import { fix, table } from './report.js';

export interface BotPlan {
  /** Generated page files added before the /reindex (the seeds are there already). */
  files: number;
  users: number;
  perUser: number;
  /** The burst's messages are spread evenly over this many ms. */
  spreadMs: number;
  /** RATE_LIMIT_PER_MINUTE given to the bot: above what one user sends in the bench's minute (three bursts). */
  rateLimit: number;
}

export const FULL_BOT: BotPlan = { files: 1500, users: 20, perUser: 10, spreadMs: 3000, rateLimit: 100 };
export const QUICK_BOT: BotPlan = { files: 300, users: 10, perUser: 5, spreadMs: 1500, rateLimit: 100 };

const TOKEN = '123456:bench-bot-token';
const ADMIN = 900;
const FIRST_USER = 1001;
/** Chats that ask every question once, unmeasured, before the idle bursts (one each: the rate limit is per user). */
const WARM_UP_CHATS = [998, 999] as const;
/** How often the store is polled to see whether every reply is in (latencies come from the emulator's own stamps). */
const POLL_MS = 20;
/** USER_HZ of /proc/<pid>/stat: 100 on every Linux build that matters here. */
const CLOCK_TICKS = 100;
const STARTED = '开始重建索引';
const SUMMARY = '索引已更新';
const FAILED = '重建索引失败';

// ---------------------------------------------------------------------------------------------------------------
// Pure bookkeeping (unit-tested in test/bench/bot.test.ts)

/** One message of the burst: `user` sends its `seq`-th question `atMs` after the burst starts. */
export interface ScheduledMessage {
  user: number;
  seq: number;
  atMs: number;
}

/**
 * The burst's timetable: users take turns (user 0, 1, …, n−1, then each one's next question), messages evenly spaced
 * over `spreadMs`, so each user's questions are `spreadMs / perUser` apart and all are sent within `spreadMs`.
 */
export function burstSchedule(users: number, perUser: number, spreadMs: number): ScheduledMessage[] {
  const total = users * perUser;
  const step = total > 1 ? spreadMs / (total - 1) : 0;
  return Array.from({ length: total }, (_, k) => ({ user: k % users, seq: Math.floor(k / users), atMs: Math.round(k * step) }));
}

/** A question as sent: to which chat, its position among that chat's questions, and when (ms, one clock). */
export interface SentMessage {
  chatId: number;
  seq: number;
  sentAt: number;
}

/** A bot message as the emulator stored it: its chat, the emulator's message id (increasing) and arrival time. */
export interface ReplyRecord {
  chatId: number;
  messageId: number;
  time: number;
  text: string;
}

export interface BurstTally {
  sent: number;
  /** Questions that got a reply (each chat's k-th reply belongs to its k-th question: the bot answers a chat in order). */
  answered: number;
  lost: number;
  /** Replies beyond one per question (a split answer, a stray warning): each question must get exactly one. */
  extra: number;
  /** Send → reply, ms, of every answered question, in send order. */
  latencies: number[];
  /** Answered questions whose reply arrived before `cutoff` (e.g. the /reindex summary); null without a cutoff. */
  beforeCutoff: number | null;
  /** Replies that carry a citation `[1]` (an answer from the archive, not a refusal or warning). */
  cited: number;
  /** Replies that are the rate limiter's warning (the bench's limit should make this 0). */
  rateLimited: number;
  /** Replies that are the bot's apology for a failed update (`MSG.genericError`): answered, but not an answer. */
  failed: number;
}

/**
 * Pairs each chat's questions with its replies in order, and counts what was lost, extra, and early.
 *
 * @example tallyBurst([{ chatId: 1, seq: 0, sentAt: 0 }], [{ chatId: 1, messageId: 5, time: 40, text: '…[1]' }]).latencies // [40]
 */
export function tallyBurst(sent: readonly SentMessage[], replies: readonly ReplyRecord[], cutoff: number | null = null): BurstTally {
  const byChat = new Map<number, ReplyRecord[]>();
  for (const r of replies) byChat.set(r.chatId, [...(byChat.get(r.chatId) ?? []), r]);
  for (const list of byChat.values()) list.sort((a, b) => a.messageId - b.messageId);
  const questions = new Map<number, SentMessage[]>();
  for (const s of sent) questions.set(s.chatId, [...(questions.get(s.chatId) ?? []), s]);

  const pairs = new Map<SentMessage, ReplyRecord>();
  let extra = 0;
  for (const [chatId, asked] of questions) {
    const ordered = [...asked].sort((a, b) => a.seq - b.seq);
    const got = byChat.get(chatId) ?? [];
    ordered.forEach((s, i) => {
      if (got[i]) pairs.set(s, got[i]);
    });
    extra += Math.max(0, got.length - ordered.length);
  }
  const answeredReplies = [...pairs.values()];
  return {
    sent: sent.length,
    answered: pairs.size,
    lost: sent.length - pairs.size,
    extra,
    latencies: sent.filter((s) => pairs.has(s)).map((s) => pairs.get(s)!.time - s.sentAt),
    beforeCutoff: cutoff === null ? null : answeredReplies.filter((r) => r.time < cutoff).length,
    cited: answeredReplies.filter((r) => r.text.includes('[1]')).length,
    rateLimited: answeredReplies.filter((r) => r.text.includes('提问太频繁')).length,
    failed: answeredReplies.filter((r) => r.text.includes(MSG.genericError)).length,
  };
}

export interface LatencySummary {
  p50: number;
  p95: number;
  max: number;
}

/** Nearest-rank p50 / p95 and the maximum of a latency sample (NaN when empty). */
export function summarizeLatencies(ms: readonly number[]): LatencySummary {
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), max: ms.length ? Math.max(...ms) : Number.NaN };
}

// ---------------------------------------------------------------------------------------------------------------
// The loopback harness

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds, polling every POLL_MS; throws `what` after `timeoutMs`. */
async function until(check: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(what());
    await sleep(POLL_MS);
  }
}

/** A free loopback port (the emulator takes a port number, not 0). */
async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Between the bot and the emulator: holds an empty getUpdates until a user message is stored (the emulator answers at
 * once, which would make the bot spin and eat the CPU the bench measures), and answers the methods the emulator lacks
 * but Telegram has (sendChatAction, setMyCommands) with `true`, as Telegram does.
 */
class LongPollProxy {
  readonly calls: string[] = [];
  /** Calls the proxy could not forward (answered 502), and connections from the bot that broke before a request. */
  readonly errors: string[] = [];
  port = 0;
  private server: http.Server | null = null;
  private waiters = new Set<() => void>();

  constructor(private readonly emulator: TelegramServer) {
    const wake = () => {
      for (const w of this.waiters) w();
      this.waiters.clear();
    };
    emulator.on('AddedUserMessage', wake);
    emulator.on('AddedUserCommand', wake);
    emulator.on('AddedUserCallbackQuery', wake);
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    // A connection the bot's side broke (reset, a request cut short) never reaches handle(): record it too.
    this.server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
      this.errors.push(`connection from the bot: ${error.code ?? error.message}`);
      socket.destroy();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const w of this.waiters) w();
    this.server?.closeAllConnections();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }

  private pending(): boolean {
    return this.emulator.storage.userMessages.some((u) => u.botToken === TOKEN && !u.isRead);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const method = /^\/bot[^/]+\/([A-Za-z]+)/.exec(req.url ?? '')?.[1] ?? '?';
    this.calls.push(method);
    const reply = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body);
    };
    if (method === 'sendChatAction' || method === 'setMyCommands') return reply(200, '{"ok":true,"result":true}');
    let gone = false;
    res.on('close', () => (gone = true));
    if (method === 'getUpdates') {
      // Like Telegram's long polling, but held for at most 10 s; woken as soon as a user message is stored.
      const deadline = Date.now() + 10_000;
      while (!gone && !this.pending() && Date.now() < deadline) {
        await Promise.race([sleep(250), new Promise<void>((resolve) => this.waiters.add(resolve))]);
      }
      if (gone) return; // the bot stopped polling; do not mark updates read that it would never see
    }
    try {
      const upstream = await forward(this.emulator.config.apiURL, req, Buffer.concat(chunks));
      if (!gone) reply(upstream.status, upstream.body);
    } catch (error) {
      this.errors.push(`${method}: ${error instanceof Error ? error.message : String(error)}`);
      if (!gone) reply(502, JSON.stringify({ ok: false, error_code: 502, description: String(error) }));
    }
  }
}

/**
 * One request to the emulator on a fresh connection: a kept-alive socket the emulator's server has just closed as idle
 * would fail the bot's call for a reason no real deployment has.
 */
function forward(base: string, req: http.IncomingMessage, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const out = http.request(
      `${base}${req.url}`,
      {
        method: req.method,
        agent: false,
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json', 'content-length': body.length },
        timeout: 30_000,
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, body: Buffer.concat(parts).toString('utf8') }));
        res.on('error', reject);
      },
    );
    out.on('timeout', () => out.destroy(new Error('emulator did not answer in 30 s')));
    out.on('error', reject);
    out.end(req.method === 'GET' ? undefined : body);
  });
}

interface StoredBotMessage {
  messageId: number;
  time: number;
  message: { chat_id: number | string; text: string };
}

export interface BurstResult {
  label: string;
  tally: BurstTally;
  latency: LatencySummary;
  /** First send to last send, s. */
  spreadSeconds: number;
  /** First send to the last reply, s. */
  drainSeconds: number;
  /** CPU the bot process used (user + system, /proc; null elsewhere) from the first send to the last reply, s. */
  botCpuSeconds: number | null;
}

export interface ReindexResult {
  /** `开始重建索引` to the summary, s (null when no summary came). */
  buildSeconds: number | null;
  summaryArrived: boolean;
  /** The summary's text without markup and with its list of new dates counted (or the failure's text). */
  summary: string | null;
  /** The bot's log, "reindex requested" to "reindex done", s (the build in the child plus the swap-in). */
  loggedSeconds: number | null;
}

export interface BotReport {
  plan: BotPlan;
  corpus: CorpusStats;
  seedFiles: number;
  questions: number;
  startupSeconds: number;
  idle: BurstResult;
  duringReindex: BurstResult;
  afterReindex: BurstResult | null;
  reindex: ReindexResult;
  /** SIGTERM to exit, s, and whether it exited by itself (else SIGKILL). */
  stop: { seconds: number; clean: boolean; code: number | null };
  wallSeconds: number;
  /** The bot's log lines about failed Bot API calls, updates and a failed reindex, each with the burst it fell in. */
  failures: string[];
  /** Bot API calls the loopback proxy could not forward to the emulator, and broken connections from the bot. */
  proxyErrors: string[];
  /** os.loadavg() when the section ended (the start is in the section's header). */
  loadAtEnd: string;
}

/** Dev questions on the seed pages: eval/qa.jsonl items of the dev split on seeds/, and eval/dev-qa.jsonl. */
export function loadSeedQuestions(root = ROOT): string[] {
  const read = (file: string) =>
    readFileSync(path.join(root, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { q: string; split?: string; source?: string });
  const held = read('eval/qa.jsonl').filter((o) => o.split === 'dev' && o.source?.startsWith('seeds/'));
  return [...new Set([...held, ...read('eval/dev-qa.jsonl')].map((o) => o.q))];
}

/**
 * Starts the bot on a temp copy of seeds/, then: an idle burst; `plan.files` generated pages added and an admin's
 * /reindex; the same burst sent as soon as `开始重建索引` arrives; the summary awaited; the burst once more on the new
 * index; SIGTERM. Temp folders are removed and the bot is killed whatever happens.
 */
export async function runBotBench(plan: BotPlan, log: (line: string) => void): Promise<BotReport> {
  const t0 = performance.now();
  const work = mkdtempSync(path.join(os.tmpdir(), 'newspaper-bench-bot-'));
  const inputDir = path.join(work, 'input');
  cpSync(path.join(ROOT, 'seeds'), inputDir, { recursive: true });
  const seedFiles = countPages(inputDir);
  const questions = loadSeedQuestions();
  const emulator = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 3600 });
  const proxy = new LongPollProxy(emulator);
  let child: ChildProcess | null = null;
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> = Promise.resolve({ code: null, signal: null });
  const stderrTail: string[] = [];
  const marks = new Map<string, number>();
  /** The bot's log lines about a failed Bot API call, update or reindex, with the phase they fell in. */
  const failures: string[] = [];
  let phase = 'start';
  const tail = () => stderrTail.slice(-40).join('\n');

  try {
    await emulator.start();
    await proxy.start();
    const tStart = performance.now();
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: `http://127.0.0.1:${proxy.port}`,
        INPUT_DIR: inputDir,
        INDEX_DIR: path.join(work, 'vectors'),
        DATA_DIR: path.join(work, 'data'),
        MODELS_DIR: path.join(work, 'models'),
        EMBEDDING_MODEL: 'hash',
        ADMIN_IDS: String(ADMIN),
        RATE_LIMIT_PER_MINUTE: String(plan.rateLimit),
        // Whatever a developer's .env says, this run is offline and extractive.
        LLM_BASE_URL: '',
        ALLOW_REMOTE_MODELS: '0',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const proc = child;
    exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
    let partial = '';
    proc.stderr!.setEncoding('utf8').on('data', (d: string) => {
      const lines = (partial + d).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        stderrTail.push(line);
        if (stderrTail.length > 400) stderrTail.shift();
        if (/bot: (update \d+ failed|reindex failed)|bot api: \w+ failed/.test(line)) failures.push(`${phase}: ${line.slice(0, 400)}`);
        if (line.includes('bot: reindex requested')) marks.set('requested', performance.now());
        if (line.includes('bot: reindex done')) marks.set('done', performance.now());
      }
    });
    await until(
      () => proxy.calls.includes('getUpdates') || proc.exitCode !== null,
      180_000,
      () => `the bot did not start polling in 180 s:\n${tail()}`,
    );
    if (proc.exitCode !== null) throw new Error(`the bot exited early (${proc.exitCode}):\n${tail()}`);
    const startupSeconds = (performance.now() - tStart) / 1000;
    log(`bot: polling after ${startupSeconds.toFixed(1)} s; ${questions.length} seed questions, ${plan.users} users × ${plan.perUser}`);

    const stored = () => emulator.storage.botMessages as unknown as StoredBotMessage[];
    const repliesTo = (chatId: number, afterId: number) =>
      stored().filter((m) => Number(m.message.chat_id) === chatId && m.messageId > afterId);
    const lastId = () => stored().reduce((max, m) => Math.max(max, m.messageId), 0);
    const send = (userId: number, text: string) => {
      const c = emulator.getClient(TOKEN, { userId, chatId: userId, firstName: '读者', timeout: 15_000 });
      return text.startsWith('/') ? c.sendCommand(c.makeCommand(text)) : c.sendMessage(c.makeMessage(text));
    };

    /** Sends the burst, waits for every reply (bounded), and tallies it against `cutoff()` when given. */
    const burst = async (label: string, waitMs: number, cutoff?: () => number | null): Promise<BurstResult> => {
      phase = label;
      const from = lastId();
      const cpu0 = processCpuSeconds(proc.pid);
      const schedule = burstSchedule(plan.users, plan.perUser, plan.spreadMs);
      const sent: SentMessage[] = [];
      const begin = Date.now();
      // One chain per user: a user's questions reach the emulator in order, each at its time in the timetable.
      await Promise.all(
        Array.from({ length: plan.users }, async (_, u) => {
          for (const m of schedule.filter((s) => s.user === u)) {
            const wait = begin + m.atMs - Date.now();
            if (wait > 0) await sleep(wait);
            const chatId = FIRST_USER + u;
            const sentAt = Date.now();
            await send(chatId, questions[(u * plan.perUser + m.seq) % questions.length]);
            sent.push({ chatId, seq: m.seq, sentAt });
          }
        }),
      );
      const lastSend = Math.max(...sent.map((s) => s.sentAt));
      const collect = (): ReplyRecord[] =>
        Array.from({ length: plan.users }, (_, u) => repliesTo(FIRST_USER + u, from)).flat()
          .map((m) => ({ chatId: Number(m.message.chat_id), messageId: m.messageId, time: m.time, text: m.message.text }));
      const deadline = Date.now() + waitMs;
      while (Date.now() < deadline && tallyBurst(sent, collect()).answered < sent.length) await sleep(POLL_MS);
      const cpu1 = processCpuSeconds(proc.pid);
      await sleep(1_000); // a stray second reply to a question would arrive right behind the first
      const replies = collect();
      const tally = tallyBurst(sent, replies, cutoff?.() ?? null);
      const lastReply = replies.length ? Math.max(...replies.map((r) => r.time)) : lastSend;
      const result: BurstResult = {
        label,
        tally,
        latency: summarizeLatencies(tally.latencies),
        spreadSeconds: (lastSend - begin) / 1000,
        drainSeconds: (lastReply - begin) / 1000,
        botCpuSeconds: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null,
      };
      log(
        `bot: ${label}: ${tally.answered}/${tally.sent} answered, ${tally.lost} lost, ${tally.extra} extra; ` +
          `${tally.failed} apologies; p50 ${result.latency.p50} ms, p95 ${result.latency.p95} ms, max ${result.latency.max} ms; bot CPU ${fix(result.botCpuSeconds, 1)} s`,
      );
      return result;
    };

    /**
     * One unmeasured pass over the burst's questions from a chat of its own, so that every measured burst finds the
     * answerer's per-article caches warm (the first answer that touches an article extracts its facts and events).
     */
    const warmUp = async (chatId: number): Promise<void> => {
      const used = [...new Set(burstSchedule(plan.users, plan.perUser, 0).map((m) => questions[(m.user * plan.perUser + m.seq) % questions.length]))];
      const from = lastId();
      for (const q of used) await send(chatId, q);
      await until(() => repliesTo(chatId, from).length >= used.length, 180_000, () => `warm-up: ${repliesTo(chatId, from).length}/${used.length} replies in 180 s:\n${tail()}`);
    };

    await warmUp(WARM_UP_CHATS[0]);
    const idle = await burst('idle', 120_000);

    log(`bot: writing ${plan.files} short generated pages …`);
    const corpus = writeSyntheticCorpus(path.join(inputDir, 'generated'), Infinity, 11, { ...SHORT_PAGE, maxFiles: plan.files });
    const adminFrom = lastId();
    await send(ADMIN, '/reindex');
    await until(
      () => repliesTo(ADMIN, adminFrom).some((m) => m.message.text.includes(STARTED)),
      60_000,
      () => `no ${STARTED} reply to /reindex in 60 s:\n${tail()}`,
    );
    const started = repliesTo(ADMIN, adminFrom).find((m) => m.message.text.includes(STARTED))!;
    const summaryMessage = () =>
      repliesTo(ADMIN, started.messageId).find((m) => m.message.text.includes(SUMMARY) || m.message.text.includes(FAILED));
    log(`bot: /reindex of ${seedFiles + corpus.files} files started; burst …`);
    const duringReindex = await burst('during /reindex', 600_000, () => summaryMessage()?.time ?? Number.POSITIVE_INFINITY);
    await until(() => summaryMessage() !== undefined, 900_000, () => `no /reindex summary in 15 min:\n${tail()}`).catch((error: unknown) =>
      log(`bot: ${error instanceof Error ? error.message : String(error)}`),
    );
    const summary = summaryMessage();
    const requested = marks.get('requested');
    const done = marks.get('done');
    const reindex: ReindexResult = {
      buildSeconds: summary ? (summary.time - started.time) / 1000 : null,
      summaryArrived: summary?.message.text.includes(SUMMARY) ?? false,
      summary: summary ? plainSummary(summary.message.text) : null,
      loggedSeconds: requested !== undefined && done !== undefined ? (done - requested) / 1000 : null,
    };
    log(`bot: reindex ${reindex.summaryArrived ? 'done' : 'NOT reported'} after ${fix(reindex.buildSeconds, 1)} s`);

    let afterReindex: BurstResult | null = null;
    if (summary) {
      await warmUp(WARM_UP_CHATS[1]);
      afterReindex = await burst('idle, after /reindex', 120_000);
    }

    log('bot: SIGTERM …');
    const tStop = performance.now();
    proc.kill('SIGTERM');
    const result = await Promise.race([exited, sleep(30_000).then(() => null)]);
    const stop = { seconds: (performance.now() - tStop) / 1000, clean: result !== null, code: result?.code ?? null };
    if (!result) {
      proc.kill('SIGKILL');
      await Promise.race([exited, sleep(5_000)]);
    }
    return {
      plan,
      corpus,
      seedFiles,
      questions: questions.length,
      startupSeconds,
      idle,
      duringReindex,
      afterReindex,
      reindex,
      stop,
      wallSeconds: (performance.now() - t0) / 1000,
      failures,
      proxyErrors: [...proxy.errors],
      loadAtEnd: os.loadavg().map((x) => x.toFixed(2)).join(' '),
    };
  } finally {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const gone = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
      if (!gone) {
        child.kill('SIGKILL');
        await Promise.race([exited, sleep(5_000)]);
      }
    }
    await proxy.stop().catch(() => undefined);
    await emulator.stop().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

/** A /reindex report as one line: markup dropped, the list of new issue dates replaced by its length. */
export function plainSummary(html: string): string {
  const text = html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
  return text.replace(/新入库日期：([\d、-]+)/, (_, dates: string) => `新入库日期：${dates.split('、').length} 个`).slice(0, 300);
}

/** CPU time (user + system) a process has used so far, from /proc/<pid>/stat; null where there is no /proc. */
function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15 (in clock ticks).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Page files (.txt/.md) in a folder and its sub-folders. */
function countPages(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(txt|md)$/i.test(f)).length;
}

const ms = (x: number): string => (Number.isFinite(x) ? `${Math.round(x).toLocaleString('en')} ms` : '–');

/** The section's markdown: the setting, then one row per burst. */
export function formatBot(r: BotReport): string {
  const n = r.plan.users * r.plan.perUser;
  const total = r.seedFiles + r.corpus.files;
  const out: string[] = [];
  out.push(
    `The real bot (\`node --import tsx src/main.ts\`, \`EMBEDDING_MODEL=hash\`, extractive answers) against telegram-test-api on ` +
      `127.0.0.1, through a proxy that holds an empty \`getUpdates\` until a user message is stored (long polling) and answers ` +
      '`sendChatAction` / `setMyCommands` (which the emulator lacks). ' +
      `${r.plan.users} users send ${r.plan.perUser} questions each (${n} messages, taking turns, evenly spread over ` +
      `${(r.plan.spreadMs / 1000).toFixed(1)} s; each user's questions reach the emulator in order), drawn from ${r.questions} dev ` +
      `questions on the seed pages (eval/qa.jsonl dev items on seeds/, eval/dev-qa.jsonl). Before each idle burst another chat asks ` +
      `each of these questions once, unmeasured, so the answerer's per-article caches are warm as they are for the burst during ` +
      `/reindex (which follows the idle one on the same index). \`RATE_LIMIT_PER_MINUTE=${r.plan.rateLimit}\` ` +
      `for the bench (default 10), so the limiter lets every question through. ` +
      `**During /reindex**: the index starts with the ${r.seedFiles} seed pages; ${r.corpus.files} short generated pages ` +
      `(bench/lib/corpus.ts, ${(r.corpus.bytes / 1e6).toFixed(1)} MB, ${r.corpus.articles} articles) are added, an admin sends ` +
      `\`/reindex\` (${total} files), and the burst starts as soon as its \`${STARTED}\` reply is stored; the build runs in a child ` +
      `process (src/vectorstore/build-process.ts) while the old index answers.`,
    '',
    `Latency: from just before a question is posted to the emulator to the emulator's timestamp on the bot's reply (ms clock, ` +
      `same process); a chat's k-th reply is its k-th question's (the bot answers a chat in order). The store is polled every ${POLL_MS} ms ` +
      `only to know when every reply is in. **Lost** = sent − answered; **extra** = replies beyond one per question ` +
      `(both must be 0); **apologies** = replies that are the bot's 「${MSG.genericError}」 for an update that failed (should ` +
      `be 0; the bot's log lines for them are listed below the tables); **with [1]** = replies citing an article. Nearest-rank percentiles. **Bot CPU per answer**: user + system CPU of the bot process (not its build ` +
      `child) from the first send to the last reply, over the answers — the bot answers on one thread, so a burst faster than ` +
      `1 / that rate queues, and the latencies above are mostly that queue; on a loaded machine (see the load averages) the ` +
      `queue drains slower.`,
    '',
  );
  const rows = [r.idle, r.duringReindex, ...(r.afterReindex ? [r.afterReindex] : [])].map((b) => [
    b === r.duringReindex ? `**${b.label}**` : b.label,
    String(b.tally.sent),
    String(b.tally.answered),
    String(b.tally.lost),
    String(b.tally.extra),
    b.tally.failed ? `**${b.tally.failed}**` : '0',
    String(b.tally.cited),
    ms(b.latency.p50),
    b === r.duringReindex ? `**${ms(b.latency.p95)}**` : ms(b.latency.p95),
    ms(b.latency.max),
    `${b.spreadSeconds.toFixed(1)} s`,
    `${b.drainSeconds.toFixed(1)} s`,
    b.botCpuSeconds === null ? '–' : `${((b.botCpuSeconds * 1000) / Math.max(1, b.tally.answered)).toFixed(0)} ms`,
    b.tally.beforeCutoff === null ? '–' : `${b.tally.beforeCutoff} / ${b.tally.answered}`,
  ]);
  out.push(
    table(
      ['burst', 'sent', 'answered', 'lost', 'extra', 'apologies', 'with [1]', 'p50', 'p95', 'max', 'sent within', 'last reply after', 'bot CPU per answer', 'replied before the summary'],
      rows,
    ),
    '',
  );
  const b = r.reindex;
  out.push(
    table(
      ['measure', 'value'],
      [
        ['/reindex: `开始重建索引` → summary', b.buildSeconds === null ? 'no summary' : `${b.buildSeconds.toFixed(1)} s`],
        ['/reindex in the bot log (requested → done, incl. swap-in)', b.loggedSeconds === null ? '–' : `${b.loggedSeconds.toFixed(1)} s`],
        ['summary `索引已更新` delivered to the admin', b.summaryArrived ? 'yes' : '**no**'],
        ['summary', b.summary ? b.summary.replace(/\|/g, '\\|') : '–'],
        ['Bot API calls the proxy could not forward, connections from the bot broken', String(r.proxyErrors.length)],
        ['bot start (seed index built) to polling', `${r.startupSeconds.toFixed(1)} s`],
        ['SIGTERM → exit', `${r.stop.seconds.toFixed(1)} s${r.stop.clean ? ` (exit code ${r.stop.code})` : ' (did not exit: SIGKILL)'}`],
        ['section wall time', `${(r.wallSeconds / 60).toFixed(1)} min`],
        ['load average at the end (other processes share the machine)', r.loadAtEnd],
      ],
    ),
  );
  if (r.proxyErrors.length > 0) {
    out.push('', `The proxy could not forward ${r.proxyErrors.length} Bot API call(s) to the emulator or saw the connection break (first 5):`, '');
    for (const f of r.proxyErrors.slice(0, 5)) out.push(`- \`${f.replace(/`/g, "'")}\``);
  }
  if (r.failures.length > 0) {
    out.push('', `The bot logged ${r.failures.length} failure line(s) — failed Bot API calls, updates, reindex (first 8, "burst: line"):`, '');
    for (const f of r.failures.slice(0, 8)) out.push(`- \`${f.replace(/`/g, "'")}\``);
  }
  return out.join('\n');
}
