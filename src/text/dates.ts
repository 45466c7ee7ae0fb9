// Dates, in one place: calendar dates (isoDate), the relative days people type (今天, 昨天, 前天), Beijing-time clock
// arithmetic, and the /digest and /subscribe arguments.
//
// What 今天 means, everywhere (questions, /digest): the date of the newest issue in the archive — the paper a reader
// has in hand — and 昨天 / 前天 the days before it. Only an archive without any dated issue falls back to today in
// Beijing. /help says so.

// Asia/Shanghai has been UTC+8 all year since 1991 (no daylight saving), so a fixed offset is exact.
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** Beijing-time calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(now: Date): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The latest instant at or before `now` whose Beijing time of day is `minutes` past midnight. */
export function lastOccurrence(minutes: number, now: Date): Date {
  const local = now.getTime() + SHANGHAI_OFFSET_MS;
  const midnight = Math.floor(local / DAY_MS) * DAY_MS;
  let at = midnight + minutes * 60_000;
  if (at > local) at -= DAY_MS;
  return new Date(at - SHANGHAI_OFFSET_MS);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** YYYY-MM-DD of a calendar date, or null when there is no such day (2月30日, 13月). */
export function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** The ISO date `days` after (negative: before) an ISO date. */
export function shiftDate(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Relative day words and their offset from 今天 (see the file header for what 今天 is). */
export const RELATIVE_DAYS: Readonly<Record<string, number>> = Object.freeze({ 今天: 0, 今日: 0, 昨天: -1, 昨日: -1, 前天: -2 });

/** 今天 for an archive: its newest issue date, or today in Beijing when it has no dated issue. */
export function archiveToday(issueDates: readonly string[], now: Date): string {
  return issueDates[0] ?? shanghaiDate(now);
}

/** Beijing time of an ISO instant, `YYYY-MM-DD HH:MM`; the input itself when it is not a date. */
export function shanghaiTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** What a /digest argument means. */
export interface DateArgOptions {
  /** Issue dates in the archive, newest first; a month-day without a year takes the newest matching year. */
  issueDates: readonly string[];
  now: Date;
}

/** What /digest accepts for the pages whose date is unknown (the CLI's `--date undated`). */
export const UNDATED = 'undated';
const UNDATED_WORDS = new Set([UNDATED, '日期不详', '未注明日期', '无日期', '不详']);
const LATEST_WORDS = new Set(['最新', '最新一期', 'latest']);

/**
 * Parses a /digest date argument.
 * Returns `undefined` for "no date / latest", an ISO date, {@link UNDATED} for the undated pages, or `null` when the
 * text is not a date.
 * @example parseDateArg('3月12日', { issueDates: ['2025-03-12'], now }) // '2025-03-12'
 */
export function parseDateArg(arg: string, options: DateArgOptions): string | undefined | null {
  const text = arg.normalize('NFKC').trim().replace(/\s+/g, '').toLowerCase();
  if (!text || LATEST_WORDS.has(text)) return undefined;
  if (UNDATED_WORDS.has(text)) return UNDATED;
  const today = archiveToday(options.issueDates, options.now);
  if (Object.hasOwn(RELATIVE_DAYS, text)) return shiftDate(today, RELATIVE_DAYS[text]);
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?$/.exec(text);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/.月](\d{1,2})[日号]?$/.exec(text);
  if (m) {
    const month = Number(m[1]);
    const day = Number(m[2]);
    const suffix = isoDate(2000, month, day)?.slice(4);
    if (!suffix) return null;
    const match = options.issueDates.find((d) => d.endsWith(suffix));
    return match ?? isoDate(Number(shanghaiDate(options.now).slice(0, 4)), month, day);
  }
  return null;
}

/**
 * Parses a /subscribe time such as `07:30`, `7:30`, `7点30`, `0730`; returns `HH:MM` or null.
 */
export function parseTimeArg(arg: string): string | null {
  const text = arg.normalize('NFKC').trim().replace(/\s+/g, '');
  const m = /^(\d{1,2})(?:[:：.点时](\d{1,2})?分?)?$/.exec(text) ?? /^(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/** `HH:MM` → minutes after midnight. */
export function timeToMinutes(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}
