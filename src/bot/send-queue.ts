// The paced queue that carries digest pushes: a global rate, per-chat spacing, a per-group budget, 429 handling.
// Answers to users never pass through it (they go straight to the Bot API), so a fan-out cannot delay them; the
// default rate leaves Telegram's remaining ~5 messages per second to those answers.
import { stderrLog } from '../log.js';

/** Options of {@link SendQueue}. */
export interface SendQueueOptions {
  /** Sends one message; rejects with the Bot API error (`error_code`, `parameters.retry_after`) or a network error. */
  send: (chatId: number, text: string) => Promise<unknown>;
  /**
   * Messages per second across all chats. Default 25: Telegram allows about 30 per second in all, and what is left
   * is headroom for answers, which do not pass through the queue.
   */
  ratePerSecond?: number;
  /** Least time between two messages to one chat. Default 1 000 ms (Telegram: about one per second per chat). */
  chatSpacingMs?: number;
  /** Messages per minute to one group or channel (a negative chat id). Default 20, Telegram's limit. */
  groupPerMinute?: number;
  /** Requests in flight at once. Default 5: each of them can meet a 429 before the pause starts. */
  concurrency?: number;
  /** Waits before retrying a 5xx or a network failure; one retry per entry. Default 2 s, 10 s. */
  retryDelaysMs?: readonly number[];
  /** After a 429 the rate is multiplied by this (never below 1/s) for the rest of the queue's life. Default 0.8. */
  slowdownOn429?: number;
  /** A message that meets this many 429s is given up (it stays due and is retried at the next push). Default 10. */
  max429PerMessage?: number;
  /** Clock in ms, injectable for tests. Default `Date.now`. */
  now?: () => number;
  /** Waits `ms`, injectable for tests. Default a timer. */
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
}

/** How one message fared. `gone`: the chat blocked the bot or no longer exists; `stopped`: the queue was stopped. */
export type SendOutcome =
  | { status: 'sent' }
  | { status: 'gone'; error: unknown }
  | { status: 'failed'; error: unknown }
  | { status: 'stopped' };

/** Counters since the queue was made. */
export interface SendQueueStats {
  sent: number;
  /** 429 answers received. */
  throttled: number;
  retried: number;
  failed: number;
}

interface Item {
  chatId: number;
  text: string;
  order: number;
  /** Not before this time (ms): a retry's backoff, or the chat's or group's next free slot. */
  readyAt: number;
  attempts: number;
  hits429: number;
  resolve: (outcome: SendOutcome) => void;
}

const GROUP_WINDOW_MS = 60_000;

/**
 * A paced send queue.
 * - Dispatches at most `ratePerSecond` messages per second, evenly spaced (no burst after a pause), with at most
 *   `concurrency` in flight.
 * - A chat gets at most one message per `chatSpacingMs`; a group (negative id) at most `groupPerMinute` per minute.
 * - A 429 pauses the whole queue for its `retry_after` (what Telegram asks of the bot, not of one chat) and slows the
 *   rate; the message goes back to the head of the queue. Only requests already in flight can meet the same 429.
 * - A 5xx or network failure is retried after `retryDelaysMs`; 403 (blocked) and 400 "chat not found" are `gone`;
 *   any other 4xx `failed`.
 * Among messages that may go now, the lowest `order` goes first, so a multi-part digest's continuation (given its
 * chat's order) is not sent behind every other chat.
 * @example
 * const queue = new SendQueue({ send: (chatId, text) => api.sendMessage(chatId, text) });
 * const outcome = await queue.send(chatId, '…');
 */
export class SendQueue {
  private readonly opts: Required<Omit<SendQueueOptions, 'log'>> & { log: (line: string) => void };
  private rate: number;
  private readonly ready = new Heap<Item>((a, b) => a.order - b.order || a.readyAt - b.readyAt);
  private readonly waiting = new Heap<Item>((a, b) => a.readyAt - b.readyAt || a.order - b.order);
  /** Chat → when its last message was dispatched (only chats within their spacing are kept, see `prune`). */
  private readonly lastToChat = new Map<number, number>();
  /** Group → dispatch times within the last minute. */
  private readonly groupSends = new Map<number, number[]>();
  private inFlight = 0;
  private lastDispatch = -Infinity;
  private pausedUntil = 0;
  private nextOrder = 0;
  private running = false;
  private stopped = false;
  private wake: (() => void) | null = null;
  private readonly settledAll = new Set<() => void>();
  readonly stats: SendQueueStats = { sent: 0, throttled: 0, retried: 0, failed: 0 };

  constructor(options: SendQueueOptions) {
    this.opts = {
      send: options.send,
      ratePerSecond: options.ratePerSecond ?? 25,
      chatSpacingMs: options.chatSpacingMs ?? 1_000,
      groupPerMinute: options.groupPerMinute ?? 20,
      concurrency: options.concurrency ?? 5,
      retryDelaysMs: options.retryDelaysMs ?? [2_000, 10_000],
      slowdownOn429: options.slowdownOn429 ?? 0.8,
      max429PerMessage: options.max429PerMessage ?? 10,
      now: options.now ?? Date.now,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      log: options.log ?? stderrLog,
    };
    if (!(this.opts.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    this.rate = this.opts.ratePerSecond;
  }

  /** Messages waiting (not counting those in flight). */
  get pending(): number {
    return this.ready.size + this.waiting.size;
  }

  /** The current rate (messages per second), lower than the configured one after 429s. */
  get currentRate(): number {
    return this.rate;
  }

  /**
   * Queues one message. `order` ranks it among messages that may go now (lower first); default: after everything
   * queued so far. Resolves once it is sent or given up; never rejects.
   */
  send(chatId: number, text: string, order?: number): Promise<SendOutcome> {
    if (this.stopped) return Promise.resolve({ status: 'stopped' });
    return new Promise((resolve) => {
      const item: Item = { chatId, text, order: order ?? this.nextOrder++, readyAt: 0, attempts: 0, hits429: 0, resolve };
      if (order !== undefined) this.nextOrder = Math.max(this.nextOrder, order + 1);
      this.ready.push(item);
      this.kick();
    });
  }

  /** A fresh order number, for a caller that wants several messages ranked as one job. */
  reserveOrder(): number {
    return this.nextOrder++;
  }

  /**
   * Stops dispatching: queued messages resolve `stopped`; resolves when the requests in flight have settled (their
   * callers can then record them).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const heap of [this.ready, this.waiting]) {
      for (let item = heap.pop(); item; item = heap.pop()) item.resolve({ status: 'stopped' });
    }
    this.poke();
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.settledAll.add(resolve));
  }

  private kick(): void {
    if (this.running) {
      this.poke();
      return;
    }
    this.running = true;
    void this.loop().finally(() => {
      this.running = false;
      if (!this.stopped && this.pending > 0) this.kick();
    });
  }

  /** Wakes the loop when it waits for a completion or a time. */
  private poke(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Waits `ms` (or forever when `ms` is Infinity) or until poked, whichever comes first. */
  private async idle(ms: number): Promise<void> {
    const poked = new Promise<void>((resolve) => (this.wake = resolve));
    await (Number.isFinite(ms) ? Promise.race([poked, this.opts.sleep(Math.max(0, ms))]) : poked);
    this.wake = null;
  }

  private async loop(): Promise<void> {
    const { now } = this.opts;
    while (!this.stopped && this.pending > 0) {
      const t = now();
      if (t < this.pausedUntil) {
        await this.idle(this.pausedUntil - t);
        continue;
      }
      while (this.waiting.size > 0 && this.waiting.peek()!.readyAt <= t) this.ready.push(this.waiting.pop()!);
      if (this.inFlight >= this.opts.concurrency) {
        await this.idle(Infinity);
        continue;
      }
      if (this.ready.size === 0) {
        await this.idle(this.waiting.peek()!.readyAt - t);
        continue;
      }
      const slot = this.lastDispatch + 1_000 / this.rate;
      if (t < slot) {
        await this.idle(slot - t);
        continue;
      }
      const item = this.ready.pop()!;
      const free = this.chatFreeAt(item.chatId);
      if (free > t) {
        item.readyAt = free;
        this.waiting.push(item);
        continue;
      }
      this.dispatch(item, t);
    }
  }

  /** When the chat may get its next message: its spacing, and for a group its per-minute budget. */
  private chatFreeAt(chatId: number): number {
    let free = (this.lastToChat.get(chatId) ?? -Infinity) + this.opts.chatSpacingMs;
    if (chatId < 0) {
      const t = this.opts.now();
      const times = (this.groupSends.get(chatId) ?? []).filter((x) => x > t - GROUP_WINDOW_MS);
      this.groupSends.set(chatId, times);
      if (times.length >= this.opts.groupPerMinute) free = Math.max(free, times[times.length - this.opts.groupPerMinute] + GROUP_WINDOW_MS);
    }
    return free;
  }

  private dispatch(item: Item, t: number): void {
    this.inFlight++;
    this.lastDispatch = t;
    this.lastToChat.set(item.chatId, t);
    if (item.chatId < 0) this.groupSends.get(item.chatId)!.push(t);
    if (this.lastToChat.size > 5_000) this.prune(t);
    item.attempts++;
    this.opts.send(item.chatId, item.text).then(
      () => {
        this.stats.sent++;
        this.settle(item, { status: 'sent' });
      },
      (error: unknown) => this.onError(item, error),
    );
  }

  private onError(item: Item, error: unknown): void {
    const e = error as { error_code?: number; parameters?: { retry_after?: number }; description?: string; message?: string };
    const code = e?.error_code;
    const t = this.opts.now();
    if (code === 429) {
      this.stats.throttled++;
      item.hits429++;
      const retryAfter = Math.max(1, Number(e.parameters?.retry_after) || 1);
      if (t + retryAfter * 1_000 > this.pausedUntil) {
        // One log line per pause, not per request that met it.
        if (this.pausedUntil <= t) this.opts.log(`send queue: 429 from Telegram, pausing every push for ${retryAfter} s`);
        this.pausedUntil = t + retryAfter * 1_000;
      }
      this.rate = Math.max(1, this.rate * this.opts.slowdownOn429);
      if (item.hits429 >= this.opts.max429PerMessage) this.giveUp(item, { status: 'failed', error });
      else this.requeue(item, 0);
      return;
    }
    const text = `${e?.description ?? ''} ${e?.message ?? ''}`;
    if (code === 403 || (code === 400 && /chat not found|user is deactivated|chat_id is empty/i.test(text))) {
      this.giveUp(item, { status: 'gone', error });
      return;
    }
    // A 4xx other than 429 will fail the same way again; a 5xx or a network failure may not.
    const transient = code === undefined || code >= 500;
    const delay = this.opts.retryDelaysMs[item.attempts - 1];
    if (transient && delay !== undefined && !this.stopped) {
      this.stats.retried++;
      this.requeue(item, t + delay);
      return;
    }
    this.giveUp(item, { status: 'failed', error });
  }

  private requeue(item: Item, readyAt: number): void {
    this.inFlight--;
    item.readyAt = readyAt;
    if (this.stopped) item.resolve({ status: 'stopped' });
    else (readyAt > this.opts.now() ? this.waiting : this.ready).push(item);
    this.afterSettle();
  }

  private giveUp(item: Item, outcome: SendOutcome): void {
    if (outcome.status === 'failed') this.stats.failed++;
    this.settle(item, outcome);
  }

  private settle(item: Item, outcome: SendOutcome): void {
    this.inFlight--;
    item.resolve(outcome);
    this.afterSettle();
  }

  private afterSettle(): void {
    if (this.inFlight === 0) {
      for (const resolve of this.settledAll) resolve();
      this.settledAll.clear();
    }
    if (this.pending > 0 && !this.stopped) this.kick();
    else this.poke();
  }

  /** Forgets chats whose spacing and groups whose minute have passed. */
  private prune(t: number): void {
    for (const [chat, at] of this.lastToChat) if (at + this.opts.chatSpacingMs <= t) this.lastToChat.delete(chat);
    for (const [group, times] of this.groupSends) if (!times.some((x) => x > t - GROUP_WINDOW_MS)) this.groupSends.delete(group);
  }
}

/** A binary min-heap. */
class Heap<T> {
  private readonly items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (this.less(a[i], a[parent]) >= 0) break;
      [a[i], a[parent]] = [a[parent], a[i]];
      i = parent;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l], a[m]) < 0) m = l;
        if (r < a.length && this.less(a[r], a[m]) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}
