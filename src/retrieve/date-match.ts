// Whether a text or an issue date fits the dates a question names (8月6日: printed in the text, or reported in
// that day's or the next day's issue).
import type { DateMention } from './query.js';

const CN = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 6 → 六, 16 → 十六, 26 → 二十六. */
function chineseNumber(n: number): string {
  if (n <= 10) return CN[n];
  if (n < 20) return `十${CN[n - 10]}`;
  return `${CN[Math.floor(n / 10)]}十${CN[n % 10]}`;
}

/** How a month and day are printed in a search-form text: 8月6日, 8月6号, 八月六日. */
export function dateForms(month: number, day: number): string[] {
  return [`${month}月${day}日`, `${month}月${day}号`, `${chineseNumber(month)}月${chineseNumber(day)}日`];
}

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function sameMonthDay(iso: string, month: number, day: number, slackDays: number): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  for (let delta = 0; delta <= slackDays; delta++) {
    const e = new Date(d);
    e.setUTCDate(e.getUTCDate() - delta);
    if (e.getUTCMonth() + 1 === month && e.getUTCDate() === day) return true;
  }
  return false;
}

/** The search-form text prints one of the dates (not as part of a longer number: 18月6日 is no 8月6日). */
export function mentionsDate(searchForm: string, dates: readonly DateMention[]): boolean {
  return dates.some((d) =>
    dateForms(d.month, d.day).some((f) => {
      for (let at = searchForm.indexOf(f); at >= 0; at = searchForm.indexOf(f, at + 1)) {
        const before = searchForm[at - 1] ?? '';
        const after = searchForm[at + f.length] ?? '';
        if (!/[\d一二三四五六七八九十]/.test(before) && !(/^\d/.test(f) && /\d/.test(after))) return true;
      }
      return false;
    }),
  );
}

/** An issue of this date reports events of one of the dates (that day or the day before). */
export function issueReports(issueDate: string | null, dates: readonly DateMention[]): boolean {
  if (!issueDate) return false;
  return dates.some((d) => (d.iso ? issueDate === d.iso || issueDate === nextDay(d.iso) : sameMonthDay(issueDate, d.month, d.day, 1)));
}
