// The search form of text: NFKC, simplified script, lower case; jieba tokens and character bigrams.
import * as OpenCC from 'opencc-js';
import { createRequire } from 'node:module';
import { splitSentences } from './sentences.js';

const require = createRequire(import.meta.url);
// nodejieba is CommonJS with a native addon; load it once.
const jieba: { cut(text: string, hmm?: boolean): string[]; cutForSearch(text: string, hmm?: boolean): string[] } =
  require('nodejieba');

const toSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' });
const toSimplifiedTw = OpenCC.Converter({ from: 'tw', to: 'cn' });

// Sentences are converted by the ranker and again by the answerer: remember recent short ones, in two generations
// (a full one is kept as the older while a new one fills), so the sentences of the question at hand survive a flush.
let simplifiedNow = new Map<string, string>();
let simplifiedBefore = new Map<string, string>();
const SIMPLIFIED_GENERATION = 4096;
const SIMPLIFIED_CACHE_MAX_LENGTH = 500;

function rememberedSimplified(text: string): string | undefined {
  const now = simplifiedNow.get(text);
  if (now !== undefined) return now;
  const before = simplifiedBefore.get(text);
  if (before !== undefined) rememberSimplified(text, before);
  return before;
}

function rememberSimplified(text: string, simplified: string): void {
  if (simplifiedNow.size >= SIMPLIFIED_GENERATION) { simplifiedBefore = simplifiedNow; simplifiedNow = new Map(); }
  simplifiedNow.set(text, simplified);
}

/**
 * Characters a conversion rule changes: for each rule, the characters its output replaces (every character of a
 * rule that changes the length). A text printing none of them is left as it is by every rule, so it need not be run
 * through the converters — most sentences of a simplified-script paper.
 */
let convertible: Set<number> | null | undefined;
function convertibleChars(): Set<number> | null {
  if (convertible !== undefined) return convertible;
  try {
    const locale = (OpenCC as unknown as { Locale: { from: Record<string, unknown[]>; to: Record<string, unknown[]> } }).Locale;
    const chars = new Set<number>();
    for (const dict of [...locale.from.hk, ...locale.from.tw, ...locale.to.cn].flat()) {
      if (typeof dict !== 'string') throw new Error('unexpected OpenCC dictionary');
      for (const rule of dict.split('|')) {
        const [from, to] = rule.split(' ').map((x) => [...x]);
        if (!from || !to) continue;
        from.forEach((c, i) => { if (from.length !== to.length || c !== to[i]) chars.add(c.codePointAt(0)!); });
      }
    }
    convertible = chars.size ? chars : null;
  } catch {
    // Tables in another shape (another opencc-js): every text goes through the converters.
    convertible = null;
  }
  return convertible;
}

function printsConvertible(text: string): boolean {
  const chars = convertibleChars();
  if (!chars) return true;
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    if (code > 0xffff) i++;
    if (code >= 0x2e80 && chars.has(code)) return true;
  }
  return false;
}

/** Traditional → simplified (both HK and TW variants), leaving simplified text unchanged. */
export function simplify(text: string): string {
  if (!printsConvertible(text)) return text;
  if (text.length > SIMPLIFIED_CACHE_MAX_LENGTH) return toSimplifiedTw(toSimplified(text));
  const known = rememberedSimplified(text);
  if (known !== undefined) return known;
  const out: string = toSimplifiedTw(toSimplified(text));
  rememberSimplified(text, out);
  return out;
}

/**
 * The form every index and query is matched in. Length-preserving per character is NOT guaranteed by NFKC,
 * so offsets must always be taken from the original text.
 */
export function toSearchForm(text: string): string {
  if (text.length <= SIMPLIFIED_CACHE_MAX_LENGTH) return searchFormOfSentence(text);
  // A long text sentence by sentence (no conversion rule spans a sentence end), so the sentences the ranker and
  // the answerer convert again are remembered ones.
  return splitSentences(text).map((s) => searchFormOfSentence(s.text)).join('');
}

/**
 * Characters NFKC turns into Han characters or that the converters read differently once normalised: CJK radicals,
 * compatibility ideographs, enclosed and squared forms. Elsewhere NFKC changes only what no conversion rule reads
 * (full-width letters, digits and punctuation), so the two steps commute.
 */
const NFKC_HAN_RE = /[\u2e80-\u2fdf\u3200-\u33ff\uf900-\ufaff\ufe30-\ufe4f]|[\ud800-\udfff]/;

/**
 * The search form of one sentence. Converted in the printed form where NFKC commutes with the conversion, so the
 * answerer's simplified-script reading of the same sentence (simplify(text)) is the remembered one.
 */
function searchFormOfSentence(text: string): string {
  if (NFKC_HAN_RE.test(text)) return simplify(text.normalize('NFKC')).toLowerCase();
  return simplify(text).normalize('NFKC').toLowerCase();
}

const TOKEN_RE = /[\p{L}\p{N}]/u;
const HAN_RE = /\p{Script=Han}/u;

// The index build segments each chunk twice (for the embedder and for BM25): remember recent results.
const wordCache = new Map<string, string[]>();
const WORD_CACHE_SIZE = 512;

/** Words of an already search-form text (jieba, search mode), punctuation and spaces dropped. */
export function words(searchForm: string): string[] {
  const cached = wordCache.get(searchForm);
  if (cached) return [...cached];
  const out = jieba.cutForSearch(searchForm, true).filter((w) => TOKEN_RE.test(w) && w.trim() === w);
  if (wordCache.size >= WORD_CACHE_SIZE) wordCache.clear();
  wordCache.set(searchForm, out);
  return [...out];
}

/** Plain jieba cut (with new-word discovery) of a search-form text, punctuation kept. */
export function jiebaCut(searchForm: string): string[] {
  return jieba.cut(searchForm, true);
}

/** Overlapping character bigrams of the Han/letter/digit runs of a search-form text. */
export function bigrams(searchForm: string): string[] {
  const out: string[] = [];
  const runs = searchForm.match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const run of runs) {
    const chars = [...run];
    if (chars.length === 1) {
      if (HAN_RE.test(chars[0])) out.push(chars[0]);
      continue;
    }
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  }
  return out;
}

/** Lexical terms of a search-form text: jieba words plus `#`-prefixed character bigrams. */
export function lexicalTerms(searchForm: string): string[] {
  return [...words(searchForm), ...bigrams(searchForm).map((b) => '#' + b)];
}
