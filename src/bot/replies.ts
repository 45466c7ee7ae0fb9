// What each command answers, as HTML, shared by the Telegram bot and the terminal chat.
import type { ArchiveService } from '../domain.js';
import { parseDateArg } from './dates.js';
import { escapeHtml, formatAnswer, formatDigest, formatStats, type FormattedAnswer } from './format.js';
import { MSG } from './messages.zh.js';

/** Why a question cannot be asked as typed (a Chinese sentence), or null when it is fine. */
export function questionProblem(question: string, maxLength: number): string | null {
  const text = question.trim();
  if (!text) return MSG.askUsage;
  const length = [...text].length;
  if (length > maxLength) return MSG.questionTooLong(length, maxLength);
  return null;
}

/** Asks the archive and formats the answer with its numbered citations. */
export async function answerQuestion(archive: ArchiveService, question: string): Promise<FormattedAnswer> {
  return formatAnswer(await archive.ask(question.trim()));
}

/**
 * The digest for a /digest argument (empty for the latest issue), or a Chinese explanation when the date is not
 * understood or not in the archive.
 */
export async function digestReply(archive: ArchiveService, arg: string, now: Date): Promise<string> {
  const issueDates = archive.issueDates();
  const date = parseDateArg(arg, { issueDates, now });
  if (date === null) return escapeHtml(MSG.badDate(arg.trim()));
  const digest = await archive.digest(date);
  if (digest.items.length === 0) {
    const lines = [MSG.digestEmpty(date ?? null)];
    if (issueDates.length > 0) lines.push(MSG.digestRecentDates(issueDates.slice(0, 5)));
    return escapeHtml(lines.join('\n'));
  }
  return formatDigest(digest);
}

/** /stats as HTML. */
export function statsReply(archive: ArchiveService): string {
  return formatStats(archive.stats());
}
