// Composition root for `npm start`: config → archive (indexed on first run) → Telegram bot, or terminal chat.
import { openArchive } from './archive.js';
import { createBot } from './bot/create-bot.js';
import { runBot } from './bot/run-bot.js';
import { SubscriptionStore } from './bot/subscriptions.js';
import { runChat } from './cli/chat.js';
import { loadConfig } from './config.js';
import { isAppError } from './errors.js';
import { redactingLog, routeConsoleTo } from './log.js';
import { buildIndexInChild } from './vectorstore/build-process.js';

// Every line the process writes to stderr is redacted; once the token is known, that exact string too.
let log = redactingLog([]);
routeConsoleTo((line) => log(line));

async function main(): Promise<void> {
  const config = loadConfig();
  log = redactingLog([config.telegramToken]);
  const archive = await openArchive(config, { log });

  if (!config.telegramToken) {
    log('main: TELEGRAM_BOT_TOKEN is not set — starting the terminal chat (one question or command per line)');
    await runChat({ archive, config, input: process.stdin, output: process.stdout, log });
    archive.close();
    // Something in the archive (a model runtime, a watcher) may keep the event loop alive; end of input means done.
    process.stdout.write('', () => process.exit(0));
    return;
  }

  const subscriptions = await SubscriptionStore.open(config.dataDir, { log });
  const bot = createBot({
    token: config.telegramToken,
    archive,
    config,
    apiRoot: config.telegramApiRoot ?? undefined,
    subscriptions,
    log,
    // In a child process: the bot keeps answering while pages are read and embedded.
    reindex: () => buildIndexInChild({ inputDir: config.inputDir, outDir: archive.indexDir, config, log }),
  });
  const running = await runBot({ bot, config, archive, log });
  await running.stopped;
}

main().catch((error: unknown) => {
  // An AppError's message already says what to fix; anything else gets its stack.
  log(isAppError(error) ? `error: ${error.message}` : `error: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
