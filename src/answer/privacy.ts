// Masks personal identifiers (identity and certificate numbers, phone numbers) in text that leaves the archive.
import type { Article, AskResult, Digest } from '../domain.js';

/** A digit, ASCII or full-width (OCR and typesetting give both). */
const D = '[0-9０-９]';
/** One separator printed inside a number: space, NBSP, full-width space, or a hyphen (ASCII, full-width, Unicode). */
const SEP = '[ \\u00a0\\u3000\\-－‐]';
/**
 * No digit (or a decimal point before) on either side, so a longer number is never masked in part; and no
 * publication code before it (ISBN 0786904070 is a book, not a phone).
 */
const NOT_AFTER = '(?<![0-9０-９.．])(?<!(?:ISBN|ISSN|isbn|issn|书号|刊号)[\\s:：\\-]*)';
const NOT_BEFORE = '(?![0-9０-９])';

/**
 * The shapes masked, each one entry; a match keeps its first 3 and last 2 digits (see {@link maskIdentifiers}).
 * Identity numbers come first: a phone-like run inside one must not be masked on its own.
 */
const IDENTIFIER_SHAPES: ReadonlyArray<{ name: string; pattern: string }> = [
  // ID card, disability or other certificate numbers printed in one run: 15–20 digits, an 18-digit ID may end in X.
  { name: 'identifier', pattern: `${D}{15,20}[XxＸｘ]?` },
  // An 18-digit ID printed in its groups: region 6, birth date 8, sequence and check 4 (the last may be X).
  { name: 'id-grouped', pattern: `${D}{6}${SEP}{1,2}${D}{8}${SEP}{1,2}${D}{3}[0-9０-９XxＸｘ]` },
  // A 15-digit ID of the first generation printed in its groups: region 6, birth date 6, sequence 3.
  { name: 'id15-grouped', pattern: `${D}{6}${SEP}{1,2}${D}{6}${SEP}{1,2}${D}{3}` },
  // A mobile number 1[3-9]x: 11 digits, optionally as 3-4-4 groups and after +86 / 86. A number followed by a unit
  // (元, 吨, 人 …) is an amount, not a phone.
  {
    name: 'mobile',
    pattern: `(?:(?:[+＋]?[8８][6６]|[(（][+＋]?[8８][6６][)）])${SEP}?)?[1１][3-9３-９]${D}${SEP}?${D}{4}${SEP}?${D}{4}(?![元万亿吨人个件次名户台辆米斤克%％])`,
  },
  // A landline with its area code: 0351-1234567, 0351 12345678, 03511234567, （0351）1234567, (010)12345678.
  { name: 'landline', pattern: `(?:[(（][0０]${D}{2,3}[)）]${SEP}?|[0０]${D}{2,3}${SEP}?)${D}{7,8}` },
];

const IDENTIFIER_RE = new RegExp(IDENTIFIER_SHAPES.map((s) => `${NOT_AFTER}(?:${s.pattern})${NOT_BEFORE}`).join('|'), 'g');
/** The country code of a mobile number, which stays as printed. */
const COUNTRY_CODE_RE = /^(?:[+＋]?[8８][6６]|[(（][+＋]?[8８][6６][)）])[ \u00a0\u3000\-－‐]?(?=[1１][3-9３-９])/;
const IS_DIGIT = /[0-9０-９XxＸｘ]/;

/** Masks the digits of one matched number except the first 3 and last 2; separators and brackets stay. */
function maskNumber(match: string): string {
  const code = COUNTRY_CODE_RE.exec(match)?.[0] ?? '';
  const number = match.slice(code.length);
  const total = [...number].filter((c) => IS_DIGIT.test(c)).length;
  let seen = 0;
  let out = '';
  for (const c of number) {
    if (!IS_DIGIT.test(c)) {
      out += c;
      continue;
    }
    seen++;
    out += seen <= 3 || seen > total - 2 ? c : '*';
  }
  return code + out;
}

/**
 * Replaces the middle of every identity or certificate number (15–20 digits, or an ID printed in groups) and every
 * phone number (mobile, or landline with area code) with asterisks, keeping the first 3 and last 2 digits, so a
 * reader can tell a number was printed without the number being echoed. Dates, issue numbers, amounts, years and
 * 8-digit numbers without an area code are left alone. Idempotent: masked text is returned unchanged.
 * @example maskIdentifiers('证号为123456199001011234') // '证号为123*************34' (a made-up number)
 * @example maskIdentifiers('咨询电话：（0123）4567890') // '咨询电话：（012*）*****90'
 */
export function maskIdentifiers(text: string): string {
  return text.replace(IDENTIFIER_RE, maskNumber);
}

const maskOrNull = (text: string | null): string | null => (text === null ? null : maskIdentifiers(text));

/** An answer as it leaves the archive: the answer, every citation's headline and quote, every passage masked. */
export function maskAskResult(result: AskResult): AskResult {
  return {
    ...result,
    answer: maskIdentifiers(result.answer),
    citations: result.citations.map((c) => ({ ...c, title: maskIdentifiers(c.title), quote: maskIdentifiers(c.quote) })),
    passages: result.passages.map((p) => ({ ...p, title: maskIdentifiers(p.title), text: maskIdentifiers(p.text) })),
  };
}

/** A digest as it leaves the archive: headlines and summaries masked. */
export function maskDigest(digest: Digest): Digest {
  return { ...digest, items: digest.items.map((i) => ({ ...i, title: maskIdentifiers(i.title), summary: maskIdentifiers(i.summary) })) };
}

/** An article as it leaves the archive (the 原文 view): every printed line masked — headline block, byline, text. */
export function maskArticle(article: Article): Article {
  return {
    ...article,
    title: maskIdentifiers(article.title),
    kicker: maskOrNull(article.kicker),
    subtitle: maskOrNull(article.subtitle),
    column: maskOrNull(article.column),
    byline: maskOrNull(article.byline),
    text: maskIdentifiers(article.text),
  };
}
