// Naive tokenisers for the lexical peers: raw text in, tokens out, no script conversion and no NFKC.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// nodejieba is CommonJS with a native addon.
const jieba: { cut(text: string, hmm?: boolean): string[] } = require('nodejieba');

const WORDLIKE = /[\p{L}\p{N}]/u;
const HAN = /\p{Script=Han}/u;

/** jieba words (`cut`, default mode with HMM), lower-cased, punctuation and spaces dropped. */
export function jiebaTokens(text: string): string[] {
  return jieba.cut(text, true).filter((w) => WORDLIKE.test(w)).map((w) => w.trim().toLowerCase()).filter(Boolean);
}

/**
 * Overlapping character bigrams of each letter/digit run, lower-cased; a run of one Han character is kept
 * as a unigram so that one-character words (国, 河) still match.
 */
export function bigramTokens(text: string): string[] {
  const out: string[] = [];
  for (const run of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const chars = [...run];
    if (chars.length === 1) {
      if (HAN.test(chars[0])) out.push(chars[0]);
      continue;
    }
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  }
  return out;
}
