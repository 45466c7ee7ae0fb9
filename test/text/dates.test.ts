// Dates and times as people type them in /digest and /subscribe.
import { describe, expect, it } from 'vitest';
import { findDates } from '../../src/retrieve/query.js';
import { archiveToday, lastOccurrence, parseDateArg, parseTimeArg, shanghaiDate } from '../../src/text/dates.js';
import { dateForms } from '../../src/bot/messages.zh.js';

const now = new Date('2026-01-10T17:00:00Z'); // 2026-01-11 01:00 in Beijing
const issueDates = ['2026-01-10', '2025-08-07'];

describe('parseDateArg', () => {
  it.each([
    ['2025-08-07', '2025-08-07'],
    ['2025/8/7', '2025-08-07'],
    ['２０２５年８月７日', '2025-08-07'],
    ['20250807', '2025-08-07'],
    ['8月7日', '2025-08-07'], // year taken from the archive
    ['8-7', '2025-08-07'],
    ['3月1日', '2026-03-01'], // not in the archive: this year (Beijing)
    ['今天', '2026-01-10'], // the newest issue, as in questions
    ['昨天', '2026-01-09'],
    ['前天', '2026-01-08'],
  ])('%s → %s', (arg, expected) => {
    expect(parseDateArg(arg, { issueDates, now })).toBe(expected);
  });

  it('reads 今天 as the newest issue, as questions do, and as today in Beijing only for an archive without dates', () => {
    const asked = findDates('今天头版有哪些报道？', archiveToday(issueDates, now))[0].iso;
    expect(parseDateArg('今天', { issueDates, now })).toBe(asked);
    expect(parseDateArg('今天', { issueDates: [], now })).toBe('2026-01-11');
    expect(parseDateArg('昨天', { issueDates: [], now })).toBe('2026-01-10');
  });

  it('means "latest" when empty and null when not a date', () => {
    expect(parseDateArg('  ', { issueDates, now })).toBeUndefined();
    expect(parseDateArg('最新', { issueDates, now })).toBeUndefined();
    expect(parseDateArg('下周', { issueDates, now })).toBeNull();
    expect(parseDateArg('2025-02-30', { issueDates, now })).toBeNull();
    expect(parseDateArg('13月1日', { issueDates, now })).toBeNull();
    expect(parseDateArg('constructor', { issueDates, now })).toBeNull();
  });

  it('means the undated pages for undated (as the CLI\'s --date undated) and its Chinese forms', () => {
    for (const arg of ['undated', 'UNDATED', '日期不详', '未注明日期']) expect(parseDateArg(arg, { issueDates, now })).toBe('undated');
  });

  it('accepts every date form /help lists', () => {
    const forms = dateForms('2025-08-07').split('、').map((f) => f.replace(/（.*）$/, ''));
    expect(forms.length).toBeGreaterThanOrEqual(8);
    for (const form of forms) expect(parseDateArg(form, { issueDates, now }), form).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(forms.slice(0, 5).map((f) => parseDateArg(f, { issueDates, now }))).toEqual(Array(5).fill('2025-08-07'));
  });
});

describe('parseTimeArg', () => {
  it.each([
    ['07:30', '07:30'],
    ['7:30', '07:30'],
    ['７：０５', '07:05'],
    ['8', '08:00'],
    ['8点', '08:00'],
    ['8点30分', '08:30'],
    ['0730', '07:30'],
  ])('%s → %s', (arg, expected) => expect(parseTimeArg(arg)).toBe(expected));

  it('rejects impossible times', () => {
    for (const bad of ['24:00', '7:60', 'morning', '']) expect(parseTimeArg(bad)).toBeNull();
  });
});

describe('Beijing time', () => {
  it('uses UTC+8 for the calendar date and the daily slot', () => {
    expect(shanghaiDate(now)).toBe('2026-01-11');
    // 08:00 Beijing = 00:00 UTC; at 01:00 Beijing on the 11th the last 08:00 was on the 10th.
    expect(lastOccurrence(8 * 60, now).toISOString()).toBe('2026-01-10T00:00:00.000Z');
    expect(lastOccurrence(60, now).toISOString()).toBe('2026-01-10T17:00:00.000Z');
  });
});
