// What each command answers, as HTML, shared by the Telegram bot and the terminal chat.
import type { ArchiveService } from '../domain.js';
import { archiveToday, parseDateArg } from '../text/dates.js';
import { exampleQuestions } from './examples.js';
import { escapeHtml, formatAnswer, formatDigest, formatStats, type FormattedAnswer } from './format.js';
import { helpText, MSG, startText } from './messages.zh.js';

/** The date used to show how dates are written: 今天 of the archive (its latest issue, or today in Beijing). */
function sampleDate(archive: ArchiveService, now: Date): string {
  return archiveToday(archive.issueDates(), now);
}

/** /start: the papers and dates the archive holds, and three questions built from its latest issue. */
export async function startReply(archive: ArchiveService): Promise<string> {
  const { papers, dateRange } = archive.stats();
  const latest = await archive.digest();
  return startText({ papers, dateRange, examples: exampleQuestions(latest) });
}

/** /help, with the date forms shown on the archive's latest issue date. */
export function helpReply(archive: ArchiveService, isAdmin: boolean, now: Date): string {
  return helpText(isAdmin, sampleDate(archive, now));
}

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
 * The digest for a /digest argument (empty for the latest issue, `undated` for the pages without a date), or a
 * Chinese explanation when the date is not understood or not in the archive.
 */
export async function digestReply(archive: ArchiveService, arg: string, now: Date): Promise<string> {
  const issueDates = archive.issueDates();
  const date = parseDateArg(arg, { issueDates, now });
  if (date === null) return escapeHtml(MSG.badDate(arg.trim(), sampleDate(archive, now)));
  const digest = await archive.digest(date);
  if (digest.items.length === 0) {
    const lines = [MSG.digestEmpty(date)];
    if (issueDates.length > 0) lines.push(MSG.digestRecentDates(issueDates.slice(0, 5)));
    return escapeHtml(lines.join('\n'));
  }
  return formatDigest(digest);
}

/** /stats as HTML. */
export function statsReply(archive: ArchiveService): string {
  return formatStats(archive.stats());
}
