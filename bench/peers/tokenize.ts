// Tokenisers for the lexical peers: naive ones on the raw text, and the same ones on the project's search form.

import { createRequire } from 'node:module';
import { bigrams, toSearchForm } from '../../src/text/search-form.js';

const require = createRequire(import.meta.url);
// nodejieba is CommonJS with a native addon.
const jieba: { cut(text: string, hmm?: boolean): string[] } = require('nodejieba');

const WORDLIKE = /[\p{L}\p{N}]/u;

/** jieba words (`cut`, default mode with HMM) of the raw text, lower-cased, punctuation and spaces dropped. */
export function jiebaTokens(text: string): string[] {
  return jieba.cut(text, true).filter((w) => WORDLIKE.test(w)).map((w) => w.trim().toLowerCase()).filter(Boolean);
}

/**
 * Overlapping character bigrams of each letter/digit run of the raw text, lower-cased; a run of one Han character is
 * kept as a unigram so that one-character words (国, 河) still match.
 */
export function bigramTokens(text: string): string[] {
  return bigrams(text.toLowerCase());
}

/** jieba words of the text in the project's search form (`toSearchForm`: NFKC, traditional → simplified, lower case). */
export function searchFormJiebaTokens(text: string): string[] {
  return jiebaTokens(toSearchForm(text));
}

/** Character bigrams of the text in the project's search form (`toSearchForm`). */
export function searchFormBigramTokens(text: string): string[] {
  return bigrams(toSearchForm(text));
}
