// Turns raw file bytes into text: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK; refuses binary.
import iconv from 'iconv-lite';
import { IngestError } from '../errors.js';

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** True when the bytes look like a binary file (NUL bytes or many control characters in the first 8 KiB). */
export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return sample.length > 0 && control / sample.length > 0.05;
}

/**
 * Decodes a page file. Newsroom exports are often GBK, so bytes that are not valid UTF-8 are tried as GB18030
 * (a superset of GBK and GB2312) and accepted only when the result reads as Chinese text.
 */
export function decodeText(bytes: Uint8Array, source: string): DecodedText {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  if (looksBinary(bytes)) {
    throw new IngestError(`${source}: binary file (not text) — only UTF-8 or GBK .txt/.md pages can be indexed`);
  }
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: utf8.decode(body), encoding: 'utf-8' };
  } catch {
    // not UTF-8: try GB18030 below
  }
  const text = iconv.decode(Buffer.from(body), 'gb18030');
  const replacement = (text.match(/\uFFFD/g) ?? []).length;
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  if (replacement > Math.max(2, text.length * 0.01) || han === 0) {
    throw new IngestError(`${source}: neither UTF-8 nor GBK/GB18030 text — re-export the page as UTF-8`);
  }
  return { text, encoding: 'gb18030' };
}
