// Digest subscriptions persisted as JSON in DATA_DIR, and the scheduler that pushes new issues at each chat's time.
import { describeError, stderrLog } from '../log.js';
import { type FileHandle, mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArchiveService } from '../domain.js';
import { lastOccurrence, timeToMinutes } from '../text/dates.js';
import { formatDigest, splitMessage } from './format.js';
import { MSG } from './messages.zh.js';
import { SendQueue, type SendQueueOptions } from './send-queue.js';

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
  /** Issue dates planned for this chat and not yet delivered (a push in progress, or one a restart cut short). */
  due?: string[];
  /** Parts of a multi-message digest already delivered: the rest is sent on resume, not the whole digest again. */
  progress?: { date: string; parts: number };
}

interface StoreFile {
  version: 1;
  subscriptions: Subscription[];
}

/** One line of the push journal: parts `p` of `n` of date `d`'s digest reached chat `c`; or `x`: chat `c` is gone. */
type JournalEntry = { c: number; d: string; p: number; n: number } | { c: number; x: 1 };

/** Options of {@link SubscriptionStore.open}. */
export interface SubscriptionStoreOptions {
  log?: (line: string) => void;
  /** The journal is folded into the JSON file after this many entries (and when a push ends). Default 1 000. */
  compactEvery?: number;
}

/**
 * Chat id → push time and last pushed issue, kept in `<dataDir>/subscriptions.json`.
 * Every change is written atomically (temp file + rename), one write at a time. During a push each delivery is
 * appended to `subscriptions.journal` right after Telegram accepted it (one short line, not the whole file), and the
 * journal is folded into the JSON file every `compactEvery` entries; opening the store replays what a crash left.
 */
export class SubscriptionStore {
  private readonly subs = new Map<number, Subscription>();
  private writing: Promise<void> = Promise.resolve();
  private journalLines = 0;
  private lastSync = 0;
  private journalHandle: FileHandle | null = null;

  private constructor(
    /** The JSON file. */
    readonly file: string,
    private readonly log: (line: string) => void,
    private readonly compactEvery: number,
  ) {}

  /** The push journal next to the JSON file. */
  get journal(): string {
    return this.file.replace(/\.json$/, '.journal');
  }

  /** Loads (or starts) the store in `dataDir`. A corrupt file is set aside, logged, and replaced. */
  static async open(dataDir: string, options: SubscriptionStoreOptions = {}): Promise<SubscriptionStore> {
    const log = options.log ?? stderrLog;
    const store = new SubscriptionStore(path.join(dataDir, 'subscriptions.json'), log, options.compactEvery ?? 1_000);
    let raw: string | null = null;
    try {
      raw = await readFile(store.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (raw !== null) {
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
    }
    if (await store.replayJournal()) await store.save();
    return store;
  }

  /** All subscriptions, in chat id order. */
  list(): Subscription[] {
    return [...this.subs.values()].sort((a, b) => a.chatId - b.chatId).map(copy);
  }

  get(chatId: number): Subscription | null {
    const s = this.subs.get(chatId);
    return s ? copy(s) : null;
  }

  /** Subscribes a chat (or changes its time); `lastPushed` is the issue the chat is considered up to date with. */
  async subscribe(chatId: number, time: string, lastPushed: string | null): Promise<Subscription> {
    const existing = this.subs.get(chatId);
    const sub: Subscription = existing
      ? { ...existing, time }
      : { chatId, time, lastPushed, createdAt: new Date().toISOString() };
    this.subs.set(chatId, sub);
    await this.save();
    return copy(sub);
  }

  /** Removes a chat; false when it was not subscribed. */
  async unsubscribe(chatId: number): Promise<boolean> {
    if (!this.subs.delete(chatId)) return false;
    await this.save();
    return true;
  }

  /** Records that the digest of `date` reached the chat. */
  async markPushed(chatId: number, date: string): Promise<void> {
    if (!this.applyDelivery(chatId, date, 1, 1)) return;
    await this.save();
  }

  /**
   * Plans a push: each chat's `dates` are added to what is due there (newer than its last push, newest `keep`).
   * One write for the whole plan, before the first message goes out, so a restart knows what was still to send.
   */
  async planPush(plan: ReadonlyArray<{ chatId: number; dates: readonly string[] }>, keep = Infinity): Promise<void> {
    let changed = false;
    for (const { chatId, dates } of plan) {
      const s = this.subs.get(chatId);
      if (!s) continue;
      const due = [...new Set([...(s.due ?? []), ...dates])]
        .filter((d) => !s.lastPushed || d > s.lastPushed)
        .sort()
        .slice(-keep);
      if (due.join() === (s.due ?? []).join()) continue;
      s.due = due;
      changed = true;
    }
    if (changed) await this.save();
  }

  /**
   * Journals that `parts` of the `total` messages of `date`'s digest reached the chat (the last one makes it the
   * chat's last pushed issue). Resolves once the line is written; the journal is folded in every `compactEvery`.
   */
  async recordDelivery(chatId: number, date: string, parts: number, total: number): Promise<void> {
    if (!this.applyDelivery(chatId, date, parts, total)) return;
    await this.appendJournal({ c: chatId, d: date, p: parts, n: total });
  }

  /** Removes a chat found gone during a push (blocked the bot, deleted), journaled like a delivery. */
  async removeGone(chatId: number): Promise<void> {
    if (!this.subs.delete(chatId)) return;
    await this.appendJournal({ c: chatId, x: 1 });
  }

  /** Folds the journal into the JSON file now (at the end of a push). */
  async compact(): Promise<void> {
    if (this.journalLines > 0) await this.save();
    else await this.writing;
  }

  private applyDelivery(chatId: number, date: string, parts: number, total: number): boolean {
    const s = this.subs.get(chatId);
    if (!s || (s.lastPushed && s.lastPushed >= date)) return false;
    if (parts < total) {
      if (s.progress?.date === date && s.progress.parts >= parts) return false;
      s.progress = { date, parts };
      return true;
    }
    s.lastPushed = date;
    delete s.progress;
    if (s.due) {
      s.due = s.due.filter((d) => d > date);
      if (s.due.length === 0) delete s.due;
    }
    return true;
  }

  /** Applies what the journal holds; true when it held anything. A line torn by a crash is ignored. */
  private async replayJournal(): Promise<boolean> {
    let raw: string;
    try {
      raw = await readFile(this.journal, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    let applied = 0;
    for (const line of raw.split('\n')) {
      if (!line.trim()) continue;
      let entry: JournalEntry;
      try {
        entry = JSON.parse(line) as JournalEntry;
      } catch {
        this.log(`subscriptions: ignored a torn line in ${this.journal}`);
        continue;
      }
      if ('x' in entry) this.subs.delete(entry.c);
      else this.applyDelivery(entry.c, entry.d, entry.p, entry.n);
      applied++;
    }
    if (applied > 0) this.log(`subscriptions: replayed ${applied} push record(s) from ${this.journal}`);
    // Counted so the next save folds it in and removes it.
    this.journalLines = raw.length > 0 ? Math.max(1, applied) : 0;
    return raw.length > 0;
  }

  private appendJournal(entry: JournalEntry): Promise<void> {
    const write = async () => {
      if (!this.journalHandle) {
        await mkdir(path.dirname(this.file), { recursive: true });
        this.journalHandle = await open(this.journal, 'a');
      }
      await this.journalHandle.write(`${JSON.stringify(entry)}\n`);
      // A kill -9 loses nothing written; a power cut at most the last second of records.
      if (Date.now() - this.lastSync >= 1_000) {
        await this.journalHandle.datasync();
        this.lastSync = Date.now();
      }
      this.journalLines++;
    };
    this.writing = this.writing.then(write, write);
    return this.writing.then(() => (this.journalLines >= this.compactEvery ? this.save() : undefined));
  }

  /** Resolves when every change made so far is on disk. */
  async whenWritten(): Promise<void> {
    for (let last: Promise<void> | null = null; last !== this.writing; ) {
      last = this.writing;
      await last.catch(() => undefined);
    }
  }

  private save(): Promise<void> {
    const write = async () => {
      // The snapshot is taken when the write runs: it holds every change made so far, journaled ones included,
      // so the journal can be emptied after it (a journal line written later stays in the journal).
      const data: StoreFile = { version: 1, subscriptions: this.list() };
      await mkdir(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`, 'utf8');
      await rename(tmp, this.file);
      if (this.journalLines > 0) {
        await this.journalHandle?.close();
        this.journalHandle = null;
        await rm(this.journal, { force: true });
      }
      this.journalLines = 0;
    };
    // Writes are chained so an older snapshot can never overwrite a newer one.
    this.writing = this.writing.then(write, write);
    return this.writing;
  }
}

function copy(s: Subscription): Subscription {
  return { ...s, ...(s.due ? { due: [...s.due] } : {}), ...(s.progress ? { progress: { ...s.progress } } : {}) };
}

/** Options of {@link DigestScheduler}. */
export interface DigestSchedulerOptions {
  store: SubscriptionStore;
  archive: Pick<ArchiveService, 'digest' | 'issueDates'>;
  /**
   * Sends one HTML message to a chat, without retrying a 429 itself: the push queue pauses every push on a 429,
   * which a per-request retry would not do.
   */
  send: (chatId: number, html: string) => Promise<unknown>;
  /** Pacing of pushes: rate (default 25/s), per-chat spacing, group budget, concurrency; injectable clock and sleep. */
  pacing?: Omit<SendQueueOptions, 'send' | 'log'>;
  /** Clock, injectable for tests. Default `() => new Date()`. */
  now?: () => Date;
  /** Tick interval of {@link DigestScheduler.start}. Default 30 000 ms. */
  intervalMs?: number;
  log?: (line: string) => void;
}

/** At most this many digests are pushed to one chat when a reindex adds several issues at once. */
const MAX_PUSHES_PER_REINDEX = 3;

/** What one push did. */
export interface PushReport {
  chats: number;
  /** Digests delivered in full. */
  sent: number;
  failed: number;
  gone: number;
  throttled: number;
  ms: number;
}

/**
 * Pushes the newest issue's digest to each subscribed chat when its chosen Beijing time comes round, only if that
 * issue is newer than the last one pushed there; and right after a reindex that adds issue dates.
 *
 * A push is planned first (what each chat is due is written to the store), then fanned out through a paced
 * {@link SendQueue}; each delivered message is journaled as soon as Telegram accepts it. A restart resumes what was
 * due ({@link DigestScheduler.start}): no chat is skipped, and a chat gets a message twice only if the process died
 * between Telegram accepting it and the journal line being written (at most the queue's concurrency, 5 by
 * default, of the whole push; at most one message per chat).
 */
export class DigestScheduler {
  private readonly now: () => Date;
  private readonly intervalMs: number;
  private readonly log: (line: string) => void;
  private timer: NodeJS.Timeout | null = null;
  private lastTick: number | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private current: SendQueue | null = null;
  private closed = false;
  /** The last push's figures. */
  lastReport: PushReport | null = null;

  constructor(private readonly options: DigestSchedulerOptions) {
    this.now = options.now ?? (() => new Date());
    this.intervalMs = options.intervalMs ?? 30_000;
    this.log = options.log ?? stderrLog;
  }

  /**
   * Resumes what a restart cut short, then ticks; the timer is unref'd so it never keeps the process alive by
   * itself.
   */
  start(): void {
    if (this.timer) return;
    this.closed = false;
    this.lastTick = this.now().getTime();
    this.resume().catch((error) => this.log(`digest scheduler: resuming failed: ${describe(error)}`));
    this.timer = setInterval(() => {
      this.tick().catch((error) => this.log(`digest scheduler: tick failed: ${describe(error)}`));
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Stops ticking and the push in progress; resolves once the messages in flight are sent and recorded. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.closed = true;
    await this.current?.stop();
    await this.queue;
  }

  /** Pushes what is still due (a push a restart or a failure cut short); returns how many digests were sent. */
  resume(): Promise<number> {
    return this.enqueue(async () => {
      const due = this.options.store.list().filter((s) => s.due && s.due.length > 0);
      if (due.length === 0) return 0;
      this.log(`digest scheduler: resuming a push to ${due.length} chat(s)`);
      return this.fanOut(due.map((s) => s.chatId));
    });
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
      const plan = this.options.store
        .list()
        .filter((sub) => lastOccurrence(timeToMinutes(sub.time), now).getTime() > previous)
        .filter((sub) => !sub.lastPushed || sub.lastPushed < latest)
        .map((sub) => ({ chatId: sub.chatId, dates: [latest] }));
      return this.run(plan);
    });
  }

  /** After a reindex: pushes each new issue date newer than what a chat already has (newest few). */
  pushNewDates(dates: readonly string[]): Promise<number> {
    return this.enqueue(async () => {
      const sorted = [...new Set(dates)].sort();
      const plan = this.options.store
        .list()
        .map((sub) => ({ chatId: sub.chatId, dates: sorted.filter((d) => !sub.lastPushed || d > sub.lastPushed) }))
        .filter((p) => p.dates.length > 0);
      return this.run(plan);
    });
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(plan: Array<{ chatId: number; dates: string[] }>): Promise<number> {
    if (plan.length === 0 || this.closed) return 0;
    // Written before the first message goes out: a restart from here on resumes it.
    await this.options.store.planPush(plan, MAX_PUSHES_PER_REINDEX);
    return this.fanOut(plan.map((p) => p.chatId));
  }

  /** Delivers what is due to each chat through one paced queue; returns how many digests were sent in full. */
  private async fanOut(chatIds: number[]): Promise<number> {
    if (this.closed) return 0;
    const { store, archive, send } = this.options;
    const queue = new SendQueue({ ...this.options.pacing, send, log: this.log });
    this.current = queue;
    const started = Date.now();
    const rendered = new Map<string, Promise<string[]>>();
    // One digest per date for the whole push, not one per chat.
    const render = (date: string) => {
      let parts = rendered.get(date);
      if (!parts) {
        parts = archive.digest(date).then((digest) =>
          digest.items.length === 0 ? [] : splitMessage(`<b>${MSG.digestPushHeading}</b>\n\n${formatDigest(digest)}`),
        );
        rendered.set(date, parts);
      }
      return parts;
    };
    const report: PushReport = { chats: chatIds.length, sent: 0, failed: 0, gone: 0, throttled: 0, ms: 0 };

    const deliver = async (chatId: number) => {
      // One order for all of a chat's messages: a digest's second part goes before chats not yet started.
      const order = queue.reserveOrder();
      for (const date of store.get(chatId)?.due ?? []) {
        const sub = store.get(chatId);
        if (!sub) return;
        if (sub.lastPushed && sub.lastPushed >= date) continue;
        const parts = await render(date);
        const from = sub.progress?.date === date ? Math.min(sub.progress.parts, parts.length) : 0;
        if (from === parts.length) await store.recordDelivery(chatId, date, parts.length, parts.length);
        for (let i = from; i < parts.length; i++) {
          const outcome = await queue.send(chatId, parts[i], order);
          if (outcome.status === 'sent') {
            await store.recordDelivery(chatId, date, i + 1, parts.length);
            continue;
          }
          if (outcome.status === 'gone') {
            // The bot was blocked or removed from the chat: stop pushing there.
            await store.removeGone(chatId);
            report.gone++;
            this.log(`digest scheduler: chat ${chatId} is gone (${describe(outcome.error)}); unsubscribed it`);
          } else if (outcome.status === 'failed') {
            report.failed++;
            this.log(`digest scheduler: pushing ${date} to chat ${chatId} failed, will retry next time: ${describe(outcome.error)}`);
          }
          return;
        }
        if (parts.length > 0) report.sent++;
      }
    };

    try {
      await Promise.all(
        chatIds.map((chatId) =>
          deliver(chatId).catch((error) => {
            report.failed++;
            this.log(`digest scheduler: pushing to chat ${chatId} failed, will retry next time: ${describe(error)}`);
          }),
        ),
      );
    } finally {
      if (this.current === queue) this.current = null;
      await store.compact();
    }
    report.throttled = queue.stats.throttled;
    report.ms = Date.now() - started;
    this.lastReport = report;
    this.log(
      `digest scheduler: push to ${report.chats} chat(s) done in ${(report.ms / 1000).toFixed(1)} s: ${report.sent} digest(s) sent, ` +
        `${report.failed} failed, ${report.gone} chat(s) gone, ${report.throttled} 429(s)`,
    );
    return report.sent;
  }
}

const describe = (error: unknown): string => describeError(error);
