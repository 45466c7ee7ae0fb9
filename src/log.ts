// Log lines: one writer (stderr, which never carries the CLI's JSON), one way to describe an error, and for the bot
// process one redaction every line passes, so the bot token never reaches stderr.
import { format } from 'node:util';
import { isAppError } from './errors.js';

/** Where log lines go: one line, no trailing newline. */
export type LogLine = (line: string) => void;

/** The default log: one line to stderr. */
export const stderrLog: LogLine = (line) => void process.stderr.write(`${line}\n`);

/**
 * An error in one line for a log. An AppError's message already says what to fix; another Error gives its stack
 * when `stack` is set (an unexpected failure), else its message and, for a wrapped error (grammY's HttpError), the
 * cause's message.
 */
export function describeError(error: unknown, options: { stack?: boolean } = {}): string {
  if (!(error instanceof Error)) return String(error);
  if (isAppError(error)) return error.message;
  if (options.stack && error.stack) return error.stack;
  const cause = (error as Error & { error?: unknown }).error ?? error.cause;
  return cause instanceof Error && !error.message.includes(cause.message) ? `${error.message} (${cause.message})` : error.message;
}

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
  write: LogLine = stderrLog,
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
