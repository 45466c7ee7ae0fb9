// Digest subscriptions persisted as JSON in DATA_DIR, and the scheduler that pushes new issues at each chat's time.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArchiveService } from '../domain.js';
import { lastOccurrence, timeToMinutes } from '../text/dates.js';
import { formatDigest, splitMessage } from './format.js';
import { MSG } from './messages.zh.js';

/** Default push time (Beijing time) when /subscribe has no argument. */
export const DEFAULT_PUSH_TIME = '08:00';

/** One subscribed chat. */
export interface Subscription {
  chatId: number;
  /** `HH:MM`, Asia/Shanghai. */
  time: string;
  /** Newest issue date already pushed (or current when the chat subscribed); null when none. */
  lastPushed: string | null;
  createdAt: string;
}

interface StoreFile {
  version: 1;
  subscriptions: Subscription[];
}

/**
 * Chat id → push time and last pushed issue, kept in `<dataDir>/subscriptions.json`.
 * Every change is written atomically (temp file + rename), one write at a time.
 */
export class SubscriptionStore {
  private readonly subs = new Map<number, Subscription>();
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    /** The JSON file. */
    readonly file: string,
    private readonly log: (line: string) => void,
  ) {}

  /** Loads (or starts) the store in `dataDir`. A corrupt file is set aside, logged, and replaced. */
  static async open(dataDir: string, options: { log?: (line: string) => void } = {}): Promise<SubscriptionStore> {
    const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    const store = new SubscriptionStore(path.join(dataDir, 'subscriptions.json'), log);
    let raw: string;
    try {
      raw = await readFile(store.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return store;
      throw error;
    }
    try {
      const data = JSON.parse(raw) as StoreFile;
      for (const s of data.subscriptions ?? []) {
        if (Number.isSafeInteger(s.chatId) && /^\d\d:\d\d$/.test(s.time)) store.subs.set(s.chatId, { ...s });
      }
    } catch (error) {
      const aside = `${store.file}.corrupt-${Date.now()}`;
      await rename(store.file, aside);
      log(`subscriptions: ${store.file} is not valid JSON (${(error as Error).message}); moved it to ${aside}`);
    }
    return store;
  }

  /** All subscriptions, in chat id order. */
  list(): Subscription[] {
    return [...this.subs.values()].sort((a, b) => a.chatId - b.chatId).map((s) => ({ ...s }));
  }

  get(chatId: number): Subscription | null {
    const s = this.subs.get(chatId);
    return s ? { ...s } : null;
  }

  /** Subscribes a chat (or changes its time); `lastPushed` is the issue the chat is considered up to date with. */
  async subscribe(chatId: number, time: string, lastPushed: string | null): Promise<Subscription> {
    const existing = this.subs.get(chatId);
    const sub: Subscription = existing
      ? { ...existing, time }
      : { chatId, time, lastPushed, createdAt: new Date().toISOString() };
    this.subs.set(chatId, sub);
    await this.save();
    return { ...sub };
  }

  /** Removes a chat; false when it was not subscribed. */
  async unsubscribe(chatId: number): Promise<boolean> {
    if (!this.subs.delete(chatId)) return false;
    await this.save();
    return true;
  }

  /** Records that the digest of `date` reached the chat. */
  async markPushed(chatId: number, date: string): Promise<void> {
    const s = this.subs.get(chatId);
    if (!s || (s.lastPushed && s.lastPushed >= date)) return;
    s.lastPushed = date;
    await this.save();
  }

  private save(): Promise<void> {
    const data: StoreFile = { version: 1, subscriptions: this.list() };
    const write = async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`, 'utf8');
      await rename(tmp, this.file);
    };
    // Writes are chained so an older snapshot can never overwrite a newer one.
    this.writing = this.writing.then(write, write);
    return this.writing;
  }
}

/** Options of {@link DigestScheduler}. */
export interface DigestSchedulerOptions {
  store: SubscriptionStore;
  archive: Pick<ArchiveService, 'digest' | 'issueDates'>;
  /** Sends one HTML message to a chat. */
  send: (chatId: number, html: string) => Promise<unknown>;
  /** Clock, injectable for tests. Default `() => new Date()`. */
  now?: () => Date;
  /** Tick interval of {@link DigestScheduler.start}. Default 30 000 ms. */
  intervalMs?: number;
  log?: (line: string) => void;
}

/** At most this many digests are pushed to one chat when a reindex adds several issues at once. */
const MAX_PUSHES_PER_REINDEX = 3;

/**
 * Pushes the newest issue's digest to each subscribed chat when its chosen Beijing time comes round, only if that
 * issue is newer than the last one pushed there; and right after a reindex that adds issue dates.
 */
export class DigestScheduler {
  private readonly now: () => Date;
  private readonly intervalMs: number;
  private readonly log: (line: string) => void;
  private timer: NodeJS.Timeout | null = null;
  private lastTick: number | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: DigestSchedulerOptions) {
    this.now = options.now ?? (() => new Date());
    this.intervalMs = options.intervalMs ?? 30_000;
    this.log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  }

  /** Starts ticking; the timer is unref'd so it never keeps the process alive by itself. */
  start(): void {
    if (this.timer) return;
    this.lastTick = this.now().getTime();
    this.timer = setInterval(() => {
      this.tick().catch((error) => this.log(`digest scheduler: tick failed: ${describe(error)}`));
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Pushes to every chat whose time fell in (previous tick, now]; returns how many digests were sent.
   * The first tick looks back one interval.
   */
  tick(): Promise<number> {
    return this.enqueue(async () => {
      const now = this.now();
      const previous = this.lastTick ?? now.getTime() - this.intervalMs;
      this.lastTick = now.getTime();
      const latest = this.options.archive.issueDates()[0];
      if (!latest) return 0;
      let sent = 0;
      for (const sub of this.options.store.list()) {
        const slot = lastOccurrence(timeToMinutes(sub.time), now).getTime();
        if (slot <= previous) continue;
        if (sub.lastPushed && sub.lastPushed >= latest) continue;
        if ((await this.push(sub.chatId, latest)) === 'sent') sent++;
      }
      return sent;
    });
  }

  /** After a reindex: pushes each new issue date newer than what a chat already has (newest few). */
  pushNewDates(dates: readonly string[]): Promise<number> {
    return this.enqueue(async () => {
      const sorted = [...new Set(dates)].sort();
      let sent = 0;
      for (const sub of this.options.store.list()) {
        const fresh = sorted.filter((d) => !sub.lastPushed || d > sub.lastPushed).slice(-MAX_PUSHES_PER_REINDEX);
        for (const date of fresh) {
          const status = await this.push(sub.chatId, date);
          if (status === 'failed') break;
          if (status === 'sent') sent++;
        }
      }
      return sent;
    });
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async push(chatId: number, date: string): Promise<'sent' | 'empty' | 'failed'> {
    const { store, archive, send } = this.options;
    try {
      const digest = await archive.digest(date);
      if (digest.items.length === 0) {
        await store.markPushed(chatId, date);
        return 'empty';
      }
      const html = `<b>${MSG.digestPushHeading}</b>\n\n${formatDigest(digest)}`;
      for (const part of splitMessage(html)) await send(chatId, part);
      await store.markPushed(chatId, date);
      this.log(`digest scheduler: pushed ${date} to chat ${chatId}`);
      return 'sent';
    } catch (error) {
      const code = (error as { error_code?: number }).error_code;
      if (code === 403 || (code === 400 && /chat not found/i.test(String((error as Error).message)))) {
        // The bot was blocked or removed from the chat: stop pushing there.
        await store.unsubscribe(chatId);
        this.log(`digest scheduler: chat ${chatId} is gone (${describe(error)}); unsubscribed it`);
      } else {
        this.log(`digest scheduler: pushing ${date} to chat ${chatId} failed, will retry next time: ${describe(error)}`);
      }
      return 'failed';
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
