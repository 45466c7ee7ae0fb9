// Composition root for `npm start`: config → archive (indexed on first run) → Telegram bot, or terminal chat.
import { openArchive } from './archive.js';
import { createBot } from './bot/create-bot.js';
import { runBot } from './bot/run-bot.js';
import { SubscriptionStore } from './bot/subscriptions.js';
import { runChat } from './cli/chat.js';
import { loadConfig } from './config.js';
import { redactingLog, routeConsoleTo } from './log.js';
import { runMain } from './run-main.js';
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
    // End of input means done: runMain exits, whatever the archive (a model runtime, a watcher) keeps alive.
    archive.close();
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

runMain('npm start', main, (line) => log(line));
