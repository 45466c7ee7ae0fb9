// Naive tokenisers for the lexical peers: raw text in, tokens out, no script conversion and no NFKC.

import { createRequire } from 'node:module';
import { bigrams } from '../../src/text/search-form.js';

const require = createRequire(import.meta.url);
// nodejieba is CommonJS with a native addon.
const jieba: { cut(text: string, hmm?: boolean): string[] } = require('nodejieba');

const WORDLIKE = /[\p{L}\p{N}]/u;

/** jieba words (`cut`, default mode with HMM), lower-cased, punctuation and spaces dropped. */
export function jiebaTokens(text: string): string[] {
  return jieba.cut(text, true).filter((w) => WORDLIKE.test(w)).map((w) => w.trim().toLowerCase()).filter(Boolean);
}

/**
 * Overlapping character bigrams of each letter/digit run, lower-cased; a run of one Han character is kept
 * as a unigram so that one-character words (国, 河) still match.
 */
export function bigramTokens(text: string): string[] {
  return bigrams(text.toLowerCase());
}
