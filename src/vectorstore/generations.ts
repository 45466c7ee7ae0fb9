// Generation folders in the index folder: a full build writes a new one beside the live one and switches CURRENT to
// it atomically; updates change the live one in place (one database transaction) and rewrite CURRENT to announce it.
import fs from 'node:fs';
import path from 'node:path';

/** File in the index folder naming the live generation and its update count; replaced atomically (write, rename). */
export const CURRENT_FILE = 'CURRENT';

export function writeFileSynced(file: string, data: string | Uint8Array): void {
  const fd = fs.openSync(file, 'w');
  try {
    if (typeof data === 'string') fs.writeSync(fd, data);
    else fs.writeSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** What CURRENT says: the live generation's folder name and its update count; null when missing or unreadable. */
function readPointer(outDir: string): { name: string; version: string } | null {
  try {
    const [name, version = '0'] = fs.readFileSync(path.join(outDir, CURRENT_FILE), 'utf8').trim().split(/\s+/);
    return /^gen-[\w.-]+$/.test(name ?? '') ? { name, version } : null;
  } catch {
    return null;
  }
}

/** Points CURRENT at generation `name` (update count `version`) with an atomic rename. */
export function writePointer(outDir: string, name: string, version: number): void {
  const pointerTmp = path.join(outDir, `.${CURRENT_FILE}.${process.pid}`);
  writeFileSynced(pointerTmp, `${name} ${version}\n`);
  fs.renameSync(pointerTmp, path.join(outDir, CURRENT_FILE));
}

/** Path of the live generation folder, or null when there is none or CURRENT is unreadable. */
export function currentGeneration(outDir: string): string | null {
  const pointer = readPointer(outDir);
  if (!pointer) return null;
  const dir = path.join(outDir, pointer.name);
  return fs.existsSync(path.join(dir, DB_FILE)) ? dir : null;
}

/** The live generation and its update count, as one string that changes with every build: what a server watches. */
export function liveVersion(outDir: string): string | null {
  const pointer = readPointer(outDir);
  return pointer && currentGeneration(outDir) ? `${pointer.name}@${pointer.version}` : null;
}

/** The database file of a generation folder. */
export const DB_FILE = 'archive.db';
/** A generation folder (gen-<base-36 time>-<pid>) or its temporary form while it is written (.tmp-gen-…). */
const GENERATION_RE = /^(\.tmp-)?gen-([0-9a-z]+)-(\d+)$/;
/** CURRENT's temporary file while it is replaced. */
const POINTER_TMP_RE = /^\.CURRENT\.(\d+)$/;
/** A save (writing one generation) takes seconds to minutes; a folder older than this is nobody's work in progress. */
const MAX_SAVE_MS = 60 * 60 * 1000;
/** Generations this thread is writing right now. */
export const writing = new Set<string>();

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * True when a generation folder may still be in the hands of a running build: one this thread is writing, or one whose
 * process is alive and that was started recently (a temporary folder of another thread of ours, or a finished one of
 * another process about to switch CURRENT to it). A folder with our pid from before this process started was left by
 * an earlier process that had the same pid (a restarted container).
 */
function mayBeInProgress(name: string, pid: number, time: number): boolean {
  const temporary = name.startsWith('.tmp-');
  if (writing.has(temporary ? name.slice('.tmp-'.length) : name)) return true;
  if (!isAlive(pid)) return false;
  if (pid === process.pid && (!temporary || time < Date.now() - process.uptime() * 1000)) return false;
  return Date.now() - time < MAX_SAVE_MS;
}

function sizeOf(full: string): number {
  try {
    const stat = fs.lstatSync(full);
    if (!stat.isDirectory()) return stat.size;
    return fs.readdirSync(full).reduce((n, entry) => n + sizeOf(path.join(full, entry)), 0);
  } catch {
    return 0;
  }
}

/**
 * Removes what interrupted builds left in `outDir`: temporary generations (`.tmp-gen-…`) and pointer files of builds
 * that are no longer running, and generations other than `keep` that no running build is about to make live (one
 * killed between finishing its folder and switching CURRENT). Without `keep`, the live generation and the one before
 * it (a reader may still be loading it) are kept; with no live generation, finished generations are left alone.
 * Returns what was removed and how many bytes it held.
 */
export function removeStaleGenerations(outDir: string, keep?: ReadonlySet<string>): { removed: string[]; bytes: number } {
  let entries: string[];
  try {
    entries = fs.readdirSync(outDir);
  } catch {
    return { removed: [], bytes: 0 };
  }
  let kept = keep;
  if (!kept) {
    const live = currentGeneration(outDir);
    const liveName = live ? path.basename(live) : null;
    const liveTime = liveName?.match(GENERATION_RE) ? parseInt(liveName.match(GENERATION_RE)![2], 36) : NaN;
    if (!liveName || Number.isNaN(liveTime)) {
      kept = new Set(entries.filter((e) => e.startsWith('gen-')));
    } else {
      const before = entries
        .map((e) => ({ e, m: e.match(GENERATION_RE) }))
        .filter((x) => x.m && !x.m[1] && parseInt(x.m[2], 36) < liveTime)
        .sort((a, b) => parseInt(b.m![2], 36) - parseInt(a.m![2], 36));
      kept = new Set([liveName, ...(before[0] ? [before[0].e] : [])]);
    }
  }
  const removed: string[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const gen = entry.match(GENERATION_RE);
    const pointer = entry.match(POINTER_TMP_RE);
    let stale = false;
    if (gen) stale = !kept.has(entry) && !mayBeInProgress(entry, Number(gen[3]), parseInt(gen[2], 36));
    else if (pointer) stale = Number(pointer[1]) !== process.pid && !isAlive(Number(pointer[1]));
    if (!stale) continue;
    const full = path.join(outDir, entry);
    bytes += sizeOf(full);
    fs.rmSync(full, { recursive: true, force: true });
    removed.push(entry);
  }
  return { removed, bytes };
}

