// The grammY bot: commands, questions, source buttons, limits, subscriptions and the error boundary.
import { createHash } from 'node:crypto';
import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import { Api, Bot, type BotError, type Composer, type Context, HttpError, InlineKeyboard } from 'grammy';
import type { MessageEntity, UserFromGetMe } from 'grammy/types';
import type { Config } from '../config.js';
import type { ArchiveService, IndexSummary } from '../domain.js';
import { AppError, isAppError } from '../errors.js';
import { describeError, type LogLine, redactingLog } from '../log.js';
import { parseTimeArg } from '../text/dates.js';
import { escapeHtml, formatArticle, formatIndexSummary, formatPlace, splitMessage, TELEGRAM_MESSAGE_LIMIT, type SourceRef } from './format.js';
import { COMMANDS, MSG, REINDEX_FAILURE_REASONS } from './messages.zh.js';
import { RateLimiter } from './rate-limit.js';
import { answerQuestion, digestReply, helpReply, questionProblem, startReply, statsReply } from './replies.js';
import { DEFAULT_PUSH_TIME, DigestScheduler, type SubscriptionStore } from './subscriptions.js';

/** What {@link createBot} needs. */
export interface CreateBotOptions {
  token: string;
  /** The archive; `reload` (when present) is called after a /reindex so the new index is served at once. */
  archive: ArchiveService & { reload?: () => Promise<boolean> };
  config: Readonly<Config>;
  /** Skips the getMe call (tests, or a cached value). */
  botInfo?: UserFromGetMe;
  /** Another Bot API server (self-hosted, or a test server on loopback). Default Telegram's. */
  apiRoot?: string;
  /** Runs the incremental index build for /reindex; without it /reindex says it is not available. */
  reindex?: () => Promise<IndexSummary>;
  /** Enables /subscribe and the digest scheduler. */
  subscriptions?: SubscriptionStore;
  /** Clock, injectable for tests. Default `() => new Date()`. */
  now?: () => Date;
  /** Where log lines go (the bot token is redacted from each line first). Default stderr. */
  log?: (line: string) => void;
  /** Scheduler tick interval in ms. Default 30 000. */
  schedulerIntervalMs?: number;
  /** Waits before each retry of a /reindex report that did not reach the server. Default 1 s, 5 s, 15 s. */
  reportRetryDelaysMs?: readonly number[];
}

/** The grammY bot plus the pieces its runner needs to start and stop. */
export type NewspaperBot = Bot & {
  /** Pushes digests to subscribers; null without a subscription store. Started by `runBot`. */
  readonly scheduler: DigestScheduler | null;
  /** Resolves when background work (a running /reindex) has finished. */
  whenIdle(): Promise<void>;
};

const HTML = { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } as const;
/** Telegram allows at most 64 bytes of callback data. */
const CALLBACK_DATA_LIMIT = 64;
const SOURCE_KEYS_KEPT = 5_000;
/** Most messages one 原文 button sends; a longer article ends with a note on where to read the rest. */
const SOURCE_MESSAGES_MAX = 4;

/**
 * Maps article ids to callback data within Telegram's 64-byte limit: short ids travel as they are (they survive a
 * restart); long ones are replaced by a hash remembered in memory.
 */
class SourceKeys {
  private readonly long = new Map<string, string>();

  data(articleId: string): string {
    const direct = `a:${articleId}`;
    if (Buffer.byteLength(direct, 'utf8') <= CALLBACK_DATA_LIMIT) return direct;
    const hash = createHash('sha256').update(articleId).digest('base64url').slice(0, 22);
    this.long.delete(hash);
    this.long.set(hash, articleId);
    if (this.long.size > SOURCE_KEYS_KEPT) this.long.delete(this.long.keys().next().value!);
    return `h:${hash}`;
  }

  resolve(data: string): string | null {
    if (data.startsWith('a:')) return data.slice(2);
    if (data.startsWith('h:')) return this.long.get(data.slice(2)) ?? null;
    return null;
  }
}

/** The generic sentence an AppError carries when it was given none of its own. */
const DEFAULT_USER_MESSAGE = new AppError('').userMessage;

/**
 * What an admin is told when /reindex fails: the error's own Chinese sentence, or a short reason for a system error
 * (a full disk, a permission), never the raw message, which names server paths; that goes to the log.
 */
export function reindexFailureReason(error: unknown): string {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isAppError(e) && e.userMessage !== DEFAULT_USER_MESSAGE) return e.userMessage;
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && REINDEX_FAILURE_REASONS[code]) return REINDEX_FAILURE_REASONS[code];
  }
  return MSG.reindexFailedOther;
}

/** A failed call in one line: grammY's HttpError says only which method failed; its cause says why (and is redacted). */
const describeFailure = (error: unknown): string => describeError(error);
/** An unexpected failure, with its stack. */
const describe = (error: unknown): string => describeError(error, { stack: true });

/**
 * Builds the bot. Nothing is fetched from Telegram here; `runBot` registers the commands and starts polling.
 * @example
 * const bot = createBot({ token, archive, config, subscriptions: await SubscriptionStore.open(config.dataDir) });
 */
/** A Bot API transformer (what `api.config.use` takes). */
type ApiTransformer = Parameters<Api['config']['use']>[0];

/** A bot whose failed calls are logged and whose answers retry 429s and 5xx (see the comments inside). */
function newBot(options: CreateBotOptions, log: LogLine): { bot: Bot; logFailures: ApiTransformer } {
  const bot = new Bot(options.token, {
    botInfo: options.botInfo,
    // 60 s bounds every call (getUpdates long-polls for 30 s), so a hung server surfaces as a logged timeout.
    client: { apiRoot: options.apiRoot, timeoutSeconds: 60 },
  });
  // Innermost: every failed attempt that auto-retry would otherwise retry silently (5xx, 429) or that never got an
  // answer (network error, timeout) leaves a log line. 4xx failures are thrown to, and logged by, the caller.
  const logFailures: ApiTransformer = async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      // getUpdates is called by the runner, which is silent (it would print the URL): every failure is logged here.
      if (!result.ok && (result.error_code >= 500 || result.error_code === 429 || method === 'getUpdates')) {
        log(`bot api: ${method} answered ${result.error_code} ${result.description ?? ''}`.trimEnd());
      }
      return result;
    } catch (error) {
      if (!signal?.aborted) log(`bot api: ${method} failed: ${describeFailure(error)}`);
      throw error;
    }
  };
  bot.api.config.use(logFailures);
  // Retries 429 and 5xx a few times; network errors and timeouts are thrown (and logged) rather than retried
  // forever, which is what auto-retry would otherwise do.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: true }));
  return { bot, logFailures };
}

/** The digest scheduler, when there is a subscription store, pushing on its own paced Api. */
function newScheduler(options: CreateBotOptions, log: LogLine, now: () => Date, logFailures: ApiTransformer): DigestScheduler | null {
  const store = options.subscriptions;
  if (!store) return null;
  // Pushes go out on their own Api, without auto-retry: on a 429 the push queue pauses every push at once, where
  // auto-retry would pause only the request that met it while the others kept running into the limit.
  const pushApi = new Api(options.token, { apiRoot: options.apiRoot, timeoutSeconds: 60 });
  pushApi.config.use(logFailures);
  return new DigestScheduler({
    store,
    archive: options.archive,
    now,
    log,
    intervalMs: options.schedulerIntervalMs,
    pacing: { ratePerSecond: options.config.pushRatePerSecond },
    send: (chatId, html) => pushApi.sendMessage(chatId, html, HTML),
  });
}

/** What the handlers share: the bot's services and the reply helpers built on them. */
interface Handlers {
  bot: Bot;
  options: CreateBotOptions;
  archive: CreateBotOptions['archive'];
  config: Readonly<Config>;
  log: LogLine;
  now: () => Date;
  store: SubscriptionStore | null;
  scheduler: DigestScheduler | null;
  sourceKeys: SourceKeys;
  /** Background work (a running /reindex), awaited by whenIdle. */
  background: Set<Promise<void>>;
  isAdmin: (ctx: Context) => boolean;
  /** Optional calls (typing, callback answers): failure is logged once per method and otherwise ignored. */
  optional: (method: string, call: () => Promise<unknown>) => void;
  sendHtml: (ctx: Context, html: string, extra?: { keyboard?: InlineKeyboard; replyTo?: number }) => Promise<void>;
  withTyping: <T>(ctx: Context, work: () => Promise<T>) => Promise<T>;
  ask: (ctx: Context, question: string) => Promise<void>;
}

/** The reply helpers: optional calls, HTML in as many messages as it takes, typing, and asking a question. */
function newHandlers(base: Omit<Handlers, 'isAdmin' | 'optional' | 'sendHtml' | 'withTyping' | 'ask'>): Handlers {
  const { config, log, now } = base;
  const limiter = new RateLimiter({ limit: config.rateLimitPerMinute, now: () => now().getTime() });
  const quietFailures = new Set<string>();
  const optional = (method: string, call: () => Promise<unknown>) => {
    call().catch((error) => {
      if (quietFailures.has(method)) return;
      quietFailures.add(method);
      log(`bot: ${method} failed (ignored; further failures not logged): ${describeFailure(error)}`);
    });
  };
  const sendHtml = async (ctx: Context, html: string, extra: { keyboard?: InlineKeyboard; replyTo?: number } = {}) => {
    const parts = splitMessage(html);
    for (const [i, part] of parts.entries()) {
      await ctx.reply(part, {
        ...HTML,
        ...(i === 0 && extra.replyTo !== undefined
          ? { reply_parameters: { message_id: extra.replyTo, allow_sending_without_reply: true } }
          : {}),
        ...(i === parts.length - 1 && extra.keyboard ? { reply_markup: extra.keyboard } : {}),
      });
    }
  };

  const withTyping = async <T>(ctx: Context, work: () => Promise<T>): Promise<T> => {
    const ping = () => optional('sendChatAction', () => ctx.replyWithChatAction('typing'));
    ping();
    // Telegram shows "typing…" for about 5 s per action.
    const timer = setInterval(ping, 4_500);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  };

  const sourceKeyboard = (sources: SourceRef[]) => {
    if (sources.length === 0) return undefined;
    const keyboard = new InlineKeyboard();
    sources.forEach((s, i) => {
      if (i > 0 && i % 4 === 0) keyboard.row();
      keyboard.text(MSG.sourceButton(s.n), base.sourceKeys.data(s.articleId));
    });
    return keyboard;
  };

  const ask = async (ctx: Context, question: string) => {
    const problem = questionProblem(question, config.maxQuestionLength);
    if (problem) {
      await ctx.reply(problem);
      return;
    }
    const who = ctx.from?.id ?? ctx.chat?.id ?? 0;
    const decision = limiter.attempt(who);
    if (!decision.allowed) {
      // Warn once per blocked stretch; replying to every message of a burst would only add to the flood.
      if (decision.warn) await ctx.reply(MSG.rateLimited(decision.retryAfter));
      return;
    }
    const answer = await withTyping(ctx, () => answerQuestion(base.archive, question));
    const inGroup = ctx.chat?.type !== 'private';
    await sendHtml(ctx, answer.html, {
      keyboard: sourceKeyboard(answer.sources),
      replyTo: inGroup ? ctx.msg?.message_id : undefined,
    });
  };

  return {
    ...base,
    isAdmin: (ctx: Context) => ctx.from !== undefined && config.adminIds.includes(ctx.from.id),
    optional,
    sendHtml,
    withTyping,
    ask,
  };
}

/** Subscriptions: /subscribe and /unsubscribe, which in a group only its administrators (or ADMIN_IDS) may use. */
function registerSubscriptions(safe: Composer<Context>, h: Handlers): void {
  const { archive, store, isAdmin, log } = h;
  /**
   * Whether the sender may change what the whole chat receives: anyone in a private chat; in a group, its creator
   * and administrators (asked with getChatMember, so a demoted admin loses the right at once) and ADMIN_IDS.
   * 'unknown' when Telegram could not be asked: the change is refused rather than allowed.
   */
  const mayManageChat = async (ctx: Context): Promise<'yes' | 'no' | 'unknown'> => {
    if (!ctx.chat || ctx.chat.type === 'private') return 'yes';
    if (isAdmin(ctx)) return 'yes';
    // An anonymous administrator writes as the group itself; only administrators can.
    if (ctx.msg?.sender_chat?.id === ctx.chat.id) return 'yes';
    if (!ctx.from) return 'no';
    try {
      const member = await ctx.getChatMember(ctx.from.id);
      return member.status === 'creator' || member.status === 'administrator' ? 'yes' : 'no';
    } catch (error) {
      log(`bot: getChatMember for user ${ctx.from.id} in chat ${ctx.chat.id} failed, subscription change refused: ${describeFailure(error)}`);
      return 'unknown';
    }
  };

  /** Replies with the refusal and returns false when the sender may not change the chat's subscription. */
  const checkManager = async (ctx: Context): Promise<boolean> => {
    const may = await mayManageChat(ctx);
    if (may === 'yes') return true;
    await ctx.reply(may === 'no' ? MSG.groupAdminsOnly : MSG.groupAdminCheckFailed);
    return false;
  };

  safe.command('subscribe', async (ctx) => {
    if (!store) return void (await ctx.reply(MSG.subscribeUnavailable));
    if (!(await checkManager(ctx))) return;
    const arg = ctx.match.trim();
    const existing = store.get(ctx.chat.id);
    const time = arg ? parseTimeArg(arg) : existing?.time ?? DEFAULT_PUSH_TIME;
    if (!time) return void (await ctx.reply(MSG.subscribeBadTime(arg)));
    // A new subscriber is up to date with what is already in the archive; only newer issues are pushed.
    await store.subscribe(ctx.chat.id, time, archive.issueDates()[0] ?? null);
    await ctx.reply(MSG.subscribed(time));
  });
  safe.command('unsubscribe', async (ctx) => {
    if (store && !(await checkManager(ctx))) return;
    const removed = store ? await store.unsubscribe(ctx.chat.id) : false;
    await ctx.reply(removed ? MSG.unsubscribed : MSG.notSubscribed);
  });

}

/**
 * /reindex for admins: the build runs in the background (options.reindex), the new index is swapped in, and the admin
 * gets the report — retried after each of reportRetryDelaysMs when a send does not reach the server.
 */
function registerReindex(safe: Composer<Context>, h: Handlers): void {
  const { bot, options, archive, log, scheduler, background, isAdmin } = h;
  const reportDelays = options.reportRetryDelaysMs ?? [1_000, 5_000, 15_000];
  const sendReport = async (chatId: number, text: string, extra?: typeof HTML): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      try {
        await bot.api.sendMessage(chatId, text, extra);
        return;
      } catch (error) {
        if (!(error instanceof HttpError) || attempt >= reportDelays.length) {
          log(`bot: could not send the reindex report to ${chatId}: ${describe(error)}`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, reportDelays[attempt]));
      }
    }
  };
  let reindexing: Promise<void> | null = null;
  safe.command('reindex', async (ctx) => {
    if (!isAdmin(ctx)) return void (await ctx.reply(MSG.notAdmin));
    const run = options.reindex;
    if (!run) return void (await ctx.reply(MSG.reindexUnavailable));
    if (reindexing) return void (await ctx.reply(MSG.reindexBusy));
    await ctx.reply(MSG.reindexStarted);
    const chatId = ctx.chat.id;
    const job = (async () => {
      try {
        log(`bot: reindex requested by ${ctx.from?.id}`);
        const summary = await run();
        await archive.reload?.();
        log(`bot: reindex done: ${summary.files} files, ${summary.changedFiles} changed, ${summary.newDates.length} new dates`);
        await sendReport(chatId, formatIndexSummary(summary), HTML);
        if (scheduler && summary.newDates.length > 0) await scheduler.pushNewDates(summary.newDates);
      } catch (error) {
        log(`bot: reindex failed: ${describe(error)}`);
        await sendReport(chatId, MSG.reindexFailed(reindexFailureReason(error)));
      }
    })();
    reindexing = job;
    background.add(job);
    void job.finally(() => {
      reindexing = null;
      background.delete(job);
    });
  });

}

/** The 原文 buttons under an answer: the cited article in full, or a note that it changed or expired. */
function registerSourceButtons(safe: Composer<Context>, h: Handlers): void {
  const { archive, sourceKeys, optional } = h;
  safe.callbackQuery(/^[ah]:/, async (ctx) => {
    optional('answerCallbackQuery', () => ctx.answerCallbackQuery());
    const articleId = sourceKeys.resolve(ctx.callbackQuery.data);
    if (!articleId) return void (await ctx.reply(MSG.sourceExpired));
    const article = archive.article(articleId);
    if (!article) return void (await ctx.reply(MSG.sourceNotFound));
    // Leave room for the "(续 n/m)" marker on continuation messages, and for the note on a cut article.
    const all = splitMessage(formatArticle(article), TELEGRAM_MESSAGE_LIMIT - 120);
    // A page OCR'd as one endless article must not flood the chat: the first few messages, then where to read on.
    const parts = all.slice(0, SOURCE_MESSAGES_MAX);
    if (all.length > parts.length) {
      parts[parts.length - 1] += `\n\n${escapeHtml(MSG.sourceCut(parts.length, [...article.text].length, formatPlace(article, ' ')))}`;
    }
    const replyTo = ctx.callbackQuery.message?.message_id;
    for (const [i, part] of parts.entries()) {
      const text = i === 0 ? part : `${escapeHtml(MSG.sourceContinued(i + 1, parts.length))}\n${part}`;
      await ctx.reply(text, {
        ...HTML,
        ...(i === 0 && replyTo !== undefined
          ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } }
          : {}),
      });
    }
  });
  // Buttons from an older version of the bot: stop the spinner, nothing else.
  safe.on('callback_query:data', (ctx) => optional('answerCallbackQuery', () => ctx.answerCallbackQuery()));

}

/** The error boundary's reply, and which updates reach the handlers (commands for us; in groups only what addresses us). */
function registerBoundary(bot: Bot, h: Handlers): Composer<Context> {
  const { log } = h;
  const onError = async (error: BotError) => {
    const { ctx } = error;
    log(`bot: update ${ctx.update.update_id} failed: ${describe(error.error)}`);
    if (!ctx.chat) return;
    const text = isAppError(error.error) ? error.error.userMessage : MSG.genericError;
    try {
      await ctx.reply(text);
    } catch (replyError) {
      log(`bot: could not tell chat ${ctx.chat.id} about the failure: ${describe(replyError)}`);
    }
  };
  bot.catch(onError);

  // Answers in a chat go out in the order the messages came in.
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));
  const safe = bot.errorBoundary(onError);

  // `/start@OtherBot` is meant for another bot (in a group, or typed in a private chat): it is not ours to answer.
  safe.use(async (ctx, next) => {
    const msg = ctx.message ?? ctx.channelPost;
    const text = msg?.text ?? msg?.caption ?? '';
    const entities = msg?.entities ?? msg?.caption_entities ?? [];
    const command = entities.find((e) => e.type === 'bot_command' && e.offset === 0);
    const target = command ? text.slice(0, command.length).split('@')[1] : undefined;
    if (target !== undefined && target.toLowerCase() !== ctx.me.username.toLowerCase()) return;
    return next();
  });

  // Groups: only commands, mentions of the bot, replies to the bot and button presses get through.
  safe.use(async (ctx, next) => {
    if (!ctx.chat || ctx.chat.type === 'private' || ctx.callbackQuery) return next();
    const msg = ctx.message;
    if (!msg) return;
    const entities = msg.entities ?? [];
    if (entities.some((e) => e.type === 'bot_command' && e.offset === 0)) return next();
    if (mentionsBot(msg.text ?? '', entities, ctx.me)) return next();
    if (msg.reply_to_message?.from?.id === ctx.me.id) return next();
  });

  return safe;
}

/** Commands that answer (start, help, ask, digest, stats), and text as questions. */
function registerQuestions(safe: Composer<Context>, h: Handlers): void {
  const { archive, isAdmin, now, sendHtml, withTyping, ask } = h;
  safe.command('start', async (ctx) => sendHtml(ctx, await startReply(archive)));
  safe.command('help', (ctx) => sendHtml(ctx, helpReply(archive, isAdmin(ctx), now())));
  safe.command('ask', (ctx) => ask(ctx, ctx.match));
  safe.command('digest', async (ctx) => {
    const html = await withTyping(ctx, () => digestReply(archive, ctx.match, now()));
    await sendHtml(ctx, html);
  });
  safe.command('stats', (ctx) => sendHtml(ctx, statsReply(archive)));

  safe.on('message:text', async (ctx) => {
    const { text } = ctx.message;
    const entities = ctx.message.entities ?? [];
    if (entities.some((e) => e.type === 'bot_command' && e.offset === 0)) {
      if (ctx.chat.type === 'private') await ctx.reply(MSG.unknownCommand);
      return;
    }
    const question = ctx.chat.type === 'private' ? text : stripMentions(text, entities, ctx.me);
    await ask(ctx, question);
  });
  safe.on('message', async (ctx) => {
    if (ctx.chat.type === 'private') await ctx.reply(MSG.notText);
  });

}

export function createBot(options: CreateBotOptions): NewspaperBot {
  const { archive, config } = options;
  const now = options.now ?? (() => new Date());
  // A failed request's error names its URL, which holds the token: whatever log is given, the token never reaches it.
  const log = redactingLog([options.token], options.log);
  const { bot, logFailures } = newBot(options, log);
  const scheduler = newScheduler(options, log, now, logFailures);
  const h = newHandlers({
    bot, options, archive, config, log, now, scheduler,
    store: options.subscriptions ?? null,
    sourceKeys: new SourceKeys(),
    background: new Set<Promise<void>>(),
  });
  const safe = registerBoundary(bot, h);
  registerSubscriptions(safe, h);
  registerReindex(safe, h);
  registerSourceButtons(safe, h);
  registerQuestions(safe, h);
  return Object.assign(bot, {
    scheduler,
    async whenIdle() {
      while (h.background.size > 0) await Promise.allSettled([...h.background]);
    },
  });
}

function mentionsBot(text: string, entities: MessageEntity[], me: UserFromGetMe): boolean {
  const handle = `@${me.username}`.toLowerCase();
  return entities.some(
    (e) =>
      (e.type === 'mention' && text.slice(e.offset, e.offset + e.length).toLowerCase() === handle) ||
      (e.type === 'text_mention' && e.user.id === me.id),
  );
}

/** The question without the `@bot` mentions that addressed it. */
function stripMentions(text: string, entities: MessageEntity[], me: UserFromGetMe): string {
  const handle = `@${me.username}`.toLowerCase();
  const cuts = entities
    .filter((e) => e.type === 'mention' && text.slice(e.offset, e.offset + e.length).toLowerCase() === handle)
    .sort((a, b) => b.offset - a.offset);
  let out = text;
  for (const e of cuts) out = out.slice(0, e.offset) + out.slice(e.offset + e.length);
  return out.trim();
}

/**
 * Registers the command menu with Chinese descriptions: public commands for everyone, plus /reindex in each admin's
 * private chat. Failures (an old or emulated Bot API server, an admin who never opened the bot) are only logged.
 */
export async function registerCommands(
  bot: Bot,
  config: Readonly<Config>,
  log: (line: string) => void = redactingLog([config.telegramToken]),
): Promise<void> {
  const toMenu = (admin: boolean) =>
    COMMANDS.filter((c) => admin || !c.adminOnly).map((c) => ({ command: c.command, description: c.description }));
  try {
    await bot.api.setMyCommands(toMenu(false));
  } catch (error) {
    log(`bot: setMyCommands failed (the command menu stays as it was): ${describeError(error)}`);
    return;
  }
  for (const id of config.adminIds) {
    try {
      await bot.api.setMyCommands(toMenu(true), { scope: { type: 'chat', chat_id: id } });
    } catch (error) {
      log(`bot: setMyCommands for admin ${id} failed: ${describeError(error)}`);
    }
  }
}
