// Which version of the page reader built an index entry: a page is read again when the rules that split it into
// articles and chunks have changed, not only when its bytes have.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from './scan-corpus.js';

/** Folders (under src/) whose code decides what an indexed page holds: decoding, metadata, articles, chunks. */
const READER_DIRS = ['ingest', 'chunk', 'text'];

let cached: string | null = null;

/** A digest of the reader's source files; stable while they are unchanged. */
export function readerFingerprint(): string {
  if (cached) return cached;
  const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const parts: string[] = [];
  for (const dir of READER_DIRS) {
    let names: string[] = [];
    try { names = fs.readdirSync(path.join(src, dir)).filter((n) => /\.(ts|js|mjs)$/.test(n)).sort(); } catch { continue; }
    for (const name of names) parts.push(name, fs.readFileSync(path.join(src, dir, name), 'utf8'));
  }
  cached = sha256(...parts).slice(0, 16);
  return cached;
}
