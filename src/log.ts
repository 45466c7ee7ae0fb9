// Log lines for the bot process: every line passes one redaction, so the bot token never reaches stderr.
import { format } from 'node:util';

/** Where log lines go: one line, no trailing newline. */
export type LogLine = (line: string) => void;

const REDACTED = '[REDACTED]';
/** `/bot<token>/` in a Bot API URL (what a failed request's message prints), whatever the token looks like. */
const BOT_URL_TOKEN = /(\/bot)[^/\s'"`]+(?=\/)/g;
/** A token as BotFather issues it, also without a URL around it: numeric bot id, colon, 30+ URL-safe characters. */
const TOKEN_SHAPE = /(?<![\w-])\d{5,}:[\w-]{30,}(?![\w-])/g;

/**
 * The text with every secret removed: each given secret (and its URL-encoded form), any `/bot<token>/` URL path,
 * and anything shaped like a Telegram bot token.
 * @example redactSecrets('GET https://api.telegram.org/bot123:abc/getUpdates failed', ['123:abc'])
 * // 'GET https://api.telegram.org/bot[REDACTED]/getUpdates failed'
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | null | undefined> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join(REDACTED);
  }
  return out.replace(BOT_URL_TOKEN, `$1${REDACTED}`).replace(TOKEN_SHAPE, REDACTED);
}

/**
 * Wraps a log so each line is redacted before it is written. Default target: stderr, one line per call.
 * @example const log = redactingLog([config.telegramToken]); log(`bot api: getUpdates failed: ${reason}`);
 */
export function redactingLog(
  secrets: ReadonlyArray<string | null | undefined>,
  write: LogLine = (line) => process.stderr.write(`${line}\n`),
): LogLine {
  const kept = [...secrets];
  return (line) => write(redactSecrets(line, kept));
}

/**
 * Sends `console.error` and `console.warn` — what libraries such as the grammY runner print on their own — through
 * `log`, so their lines are redacted too.
 */
export function routeConsoleTo(log: LogLine): void {
  console.error = (...args: unknown[]) => log(format(...args));
  console.warn = (...args: unknown[]) => log(format(...args));
}
