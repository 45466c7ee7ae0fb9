// Runs the bot with @grammyjs/runner: startup with retries, command menu, scheduler, graceful SIGINT/SIGTERM.
import { run, type RunnerHandle } from '@grammyjs/runner';
import { GrammyError } from 'grammy';
import type { Config } from '../config.js';
import { ConfigError } from '../errors.js';
import { describeError } from '../log.js';
import { redactingLog } from '../log.js';
import { registerCommands, type NewspaperBot } from './create-bot.js';

/** What {@link runBot} needs. */
export interface RunBotOptions {
  bot: NewspaperBot;
  config: Readonly<Config>;
  /** Closed on shutdown (stops its index watcher). */
  archive: { close(): void };
  log?: (line: string) => void;
  /** Install SIGINT/SIGTERM handlers that stop the bot and exit. Default true. */
  handleSignals?: boolean;
  /** Called after a signal-initiated stop. Default `process.exit`. */
  exit?: (code: number) => void;
}

/** A running bot. */
export interface RunningBot {
  /** Stops polling, waits briefly for updates in progress, stops the scheduler and closes the archive. */
  stop(): Promise<void>;
  /** Resolves once the bot has stopped, for whatever reason. */
  readonly stopped: Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const message = (error: unknown) => describeError(error);

/** getMe until it works: a Bot API server that is briefly down must not stop the bot from starting. */
async function initWithRetry(bot: NewspaperBot, log: (line: string) => void, cancelled: () => boolean): Promise<void> {
  let delay = 1_000;
  for (;;) {
    try {
      await bot.init();
      return;
    } catch (error) {
      if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) {
        throw new ConfigError(
          'TELEGRAM_BOT_TOKEN was rejected by the Bot API server — check the token from @BotFather in .env',
          { cause: error },
        );
      }
      if (cancelled()) throw error;
      log(`bot: getMe failed (${message(error)}); retrying in ${delay / 1000} s`);
      await sleep(delay);
      delay = Math.min(delay * 2, 30_000);
    }
  }
}

/**
 * Starts long polling with @grammyjs/runner and the digest scheduler; stops cleanly on SIGINT/SIGTERM (exit 0).
 * @example
 * const running = await runBot({ bot, config, archive });
 * await running.stopped;
 */
export async function runBot(options: RunBotOptions): Promise<RunningBot> {
  const { bot, config, archive } = options;
  const log = redactingLog([config.telegramToken], options.log);
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let handle: RunnerHandle | null = null;
  let stopping: Promise<void> | null = null;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      log('bot: stopping');
      // A push in progress stops; the messages in flight are recorded first, so a restart does not send them again.
      await Promise.race([bot.scheduler?.stop(), sleep(5_000)]);
      if (handle?.isRunning()) {
        const current = handle;
        await Promise.race([current.stop(), sleep(5_000)]);
        // Let answers already being written finish, within reason.
        for (let waited = 0; current.size() > 0 && waited < 5_000; waited += 50) await sleep(50);
      }
      archive.close();
      log('bot: stopped');
      resolveStopped();
    })();
    return stopping;
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`bot: ${signal} again — exiting now`);
      exit(1);
      return;
    }
    log(`bot: ${signal} received`);
    void stop().then(() => exit(0));
  };
  if (options.handleSignals ?? true) {
    // One listener per signal: the first stops gracefully, a second one forces the exit.
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  await initWithRetry(bot, log, () => stopping !== null);
  if (stopping) return { stop, stopped };
  void registerCommands(bot, config, log);
  bot.scheduler?.start();
  handle = run(bot, {
    // silent: the runner would print each failed getUpdates with its URL, token included; the bot's API logger
    // already logs every failed call, redacted.
    runner: { fetch: { allowed_updates: ['message', 'callback_query'] }, silent: true },
  });
  log(`bot: @${bot.botInfo.username} is polling ${config.telegramApiRoot ?? 'https://api.telegram.org'}`);
  handle.task()?.catch(async (error) => {
    log(`bot: polling stopped on an unrecoverable error: ${message(error)}`);
    await stop();
    exit(1);
  });
  return { stop, stopped };
}
