// The bot token never reaches a log line: the formatter, the bot's API logger and the polling runner.
import { format } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBot } from '../src/bot/create-bot.js';
import { runBot } from '../src/bot/run-bot.js';
import { redactingLog, redactSecrets } from '../src/log.js';
import { BOT_INFO, testConfig } from './bot/harness.js';
import { FakeArchive } from './bot/fake-archive.js';
import { freePort as closedPort } from './helpers/free-port.js';

// Invented, shaped like a BotFather token.
const TOKEN = '987654321:AAH_invented-token-for-tests_0123456789';


afterEach(() => vi.restoreAllMocks());

describe('redactSecrets', () => {
  it('removes the token from a Bot API URL, bare, URL-encoded, and a token-shaped string it was not told about', () => {
    const url = `request to https://api.telegram.org/bot${TOKEN}/getUpdates?offset=3 failed, reason: ECONNRESET`;
    expect(redactSecrets(url, [TOKEN])).toBe('request to https://api.telegram.org/bot[REDACTED]/getUpdates?offset=3 failed, reason: ECONNRESET');
    expect(redactSecrets(`token=${TOKEN}; enc=${encodeURIComponent(TOKEN)}`, [TOKEN])).toBe('token=[REDACTED]; enc=[REDACTED]');
    expect(redactSecrets(`bare ${TOKEN} and /botTEST:TOKEN/getMe`)).toBe('bare [REDACTED] and /bot[REDACTED]/getMe');
    // Ordinary log lines are untouched.
    const line = 'bot: update 12 failed: index 2025-08-07:3 missing at 12:30';
    expect(redactSecrets(line, [TOKEN])).toBe(line);
  });

  it('redactingLog redacts every line before writing it', () => {
    const lines: string[] = [];
    const log = redactingLog([TOKEN], (l) => lines.push(l));
    log(`GET /bot${TOKEN}/getMe`);
    expect(lines).toEqual(['GET /bot[REDACTED]/getMe']);
  });
});

describe('the bot process logs', () => {
  it('a grammY network error whose cause names the API URL is logged with its reason and without the token', async () => {
    const logs: string[] = [];
    const bot = createBot({
      token: TOKEN, archive: new FakeArchive(), config: testConfig({ telegramToken: TOKEN }), botInfo: BOT_INFO,
      apiRoot: `http://127.0.0.1:${await closedPort()}`, log: (l) => logs.push(l),
    });
    await expect(bot.api.sendMessage(1, '你好')).rejects.toThrow(/sendMessage/);
    const line = logs.find((l) => l.includes('bot api: sendMessage failed'));
    expect(line).toMatch(/ECONNREFUSED/);
    expect(line).toContain('/bot[REDACTED]/sendMessage');
    expect(logs.join('\n')).not.toContain(TOKEN);
    expect(logs.join('\n')).not.toContain('AAH_invented');
  });

  it('failed getUpdates while polling is logged, and neither the log nor the console ever shows the token', async () => {
    const logs: string[] = [];
    const printed: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void printed.push(format(...args)));
    const config = testConfig({ telegramToken: TOKEN });
    const bot = createBot({
      token: TOKEN, archive: new FakeArchive(), config, botInfo: BOT_INFO,
      apiRoot: `http://127.0.0.1:${await closedPort()}`, log: (l) => logs.push(l),
    });
    const running = await runBot({ bot, config, archive: { close() {} }, log: (l) => logs.push(l), handleSignals: false });
    // The runner retries after 100, 200, 400 ms: within a second it has failed a few times.
    await new Promise((r) => setTimeout(r, 1_000));
    await running.stop();
    expect([...logs, ...printed].join('\n')).not.toContain(TOKEN);
    expect(logs.some((l) => /bot api: getUpdates failed: .*ECONNREFUSED/.test(l))).toBe(true);
  });
});

describe('describeError', () => {
  it("says an AppError's message, a wrapped error's cause, and an unexpected error's stack when asked", async () => {
    const { describeError } = await import('../src/log.js');
    const { ConfigError } = await import('../src/errors.js');
    expect(describeError(new ConfigError('MAX_FILE_MB="x" must be a positive number'), { stack: true })).toBe('MAX_FILE_MB="x" must be a positive number');
    const wrapped = Object.assign(new Error("Network request for 'sendMessage' failed!"), { error: new Error('ECONNRESET') });
    expect(describeError(wrapped)).toBe("Network request for 'sendMessage' failed! (ECONNRESET)");
    expect(describeError(new TypeError('x is undefined'), { stack: true })).toMatch(/^TypeError: x is undefined\n\s+at /);
    expect(describeError('plain')).toBe('plain');
  });
});
