// Opens the archive for a one-shot CLI: --index DIR overrides INDEX_DIR; the default index is built when missing.
import path from 'node:path';
import { openArchive, type Archive } from '../archive.js';
import { loadConfig } from '../config.js';
import { logLine, stringFlag, type ParsedArgs } from './args.js';

export async function openCliArchive(args: ParsedArgs): Promise<Archive> {
  const base = loadConfig();
  const index = stringFlag(args, 'index');
  const config = index ? Object.freeze({ ...base, indexDir: path.resolve(index) }) : base;
  // An explicitly named index is never built implicitly: that would hide a typo in the path.
  return openArchive(config, { log: logLine, watch: false, buildIfMissing: !index });
}

/** Writes to stdout and resolves when flushed (so process.exit never truncates JSON). */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve) => process.stdout.write(text, () => resolve()));
}


