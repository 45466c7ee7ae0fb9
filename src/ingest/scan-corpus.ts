// Finds the page files under an input folder and the manifest.json entries that describe them.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface CorpusFile {
  /** Path relative to the input folder, with forward slashes. */
  source: string;
  absPath: string;
  size: number;
  /** The manifest.json entry for this file (from the manifest in its own folder), if any. */
  manifest: Record<string, unknown> | null;
}

export interface CorpusScan {
  files: CorpusFile[];
  /** Problems that did not stop the scan (an unreadable folder, a broken manifest.json). */
  problems: Array<{ source: string; reason: string }>;
}

const PAGE_EXT = /\.(txt|md|markdown)$/i;

/** Why a parsed manifest.json cannot be used, or null when it has the documented shape. */
function manifestShapeProblem(data: unknown): string | null {
  const shape = '{"files": {"name.txt": {"paper": …}}}';
  if (Array.isArray(data)) return `manifest.json ignored: it is a JSON array, expected an object ${shape}`;
  if (!data || typeof data !== 'object') return `manifest.json ignored: it is ${data === null ? 'null' : typeof data}, expected an object ${shape}`;
  const files = (data as { files?: unknown }).files;
  if (files === undefined) return null;
  if (!files || typeof files !== 'object' || Array.isArray(files)) {
    return `manifest.json ignored: "files" is ${Array.isArray(files) ? 'an array' : files === null ? 'null' : typeof files}, expected an object keyed by file name`;
  }
  return null;
}

function readManifest(dir: string, rel: string, problems: CorpusScan['problems']): Record<string, Record<string, unknown>> {
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file)) return {};
  const source = path.posix.join(rel, 'manifest.json');
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    const problem = manifestShapeProblem(data);
    if (problem) {
      problems.push({ source, reason: problem });
      return {};
    }
    return ((data as { files?: Record<string, Record<string, unknown>> }).files) ?? {};
  } catch (error) {
    problems.push({ source, reason: `manifest.json ignored: ${(error as Error).message}` });
    return {};
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** True when `target` is `root` or lies inside it (both real paths). */
function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Walks `inputDir` recursively, sorted by path. Hidden entries are skipped silently; symbolic links to folders are
 * not followed, and a symbolic link to a page file is followed only when its target lies inside the input folder
 * (a link to /etc/passwd named page.txt is never read); both are reported in `problems`, as are file and folder
 * names that are not valid UTF-8 (they could not be cited).
 */
export function scanCorpus(inputDir: string): CorpusScan {
  const files: CorpusFile[] = [];
  const problems: CorpusScan['problems'] = [];
  let root = '';
  const walk = (dir: string, rel: string): void => {
    let entries: Array<fs.Dirent<Buffer>>;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      problems.push({ source: rel || '.', reason: `folder unreadable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      return;
    }
    const manifest = readManifest(dir, rel, problems);
    const named: Array<{ e: fs.Dirent<Buffer>; name: string }> = [];
    for (const e of entries) {
      let name: string;
      try {
        name = strictUtf8.decode(e.name);
      } catch {
        // Such a name cannot be cited or typed; it is reported under its lossy reading.
        const shown = e.name.toString('utf8');
        if (shown.startsWith('.')) continue;
        if (e.isDirectory() || PAGE_EXT.test(shown)) {
          problems.push({ source: rel ? `${rel}/${shown}` : shown, reason: `${e.isDirectory() ? 'folder' : 'file'} name is not valid UTF-8 — rename it` });
        }
        continue;
      }
      named.push({ e, name });
    }
    named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const { e, name } of named) {
      if (name.startsWith('.')) continue;
      const abs = path.join(dir, name);
      const relPath = rel ? `${rel}/${name}` : name;
      if (e.isDirectory()) { walk(abs, relPath); continue; }
      if (!PAGE_EXT.test(name) || !(e.isFile() || e.isSymbolicLink())) {
        if (e.isSymbolicLink() && isLinkedFolder(abs)) problems.push({ source: relPath, reason: 'symbolic link to a folder — not followed' });
        continue;
      }
      let readPath = abs;
      if (e.isSymbolicLink()) {
        let target: string;
        try {
          target = fs.realpathSync(abs);
        } catch (error) {
          problems.push({ source: relPath, reason: `unreadable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message} (a symbolic link whose target is missing)` });
          continue;
        }
        if (!isInside(root, target)) {
          problems.push({ source: relPath, reason: 'symbolic link to a file outside the input folder — not followed' });
          continue;
        }
        readPath = target;
      }
      let size = 0;
      try {
        const stat = fs.statSync(readPath);
        if (!stat.isFile()) continue;
        size = stat.size;
      } catch (error) {
        problems.push({ source: relPath, reason: `unreadable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
        continue;
      }
      const entry = manifest[name] ?? manifest[relPath] ?? null;
      files.push({ source: relPath, absPath: readPath, size, manifest: entry && typeof entry === 'object' ? entry : null });
    }
  };
  if (!fs.existsSync(inputDir)) {
    problems.push({ source: inputDir, reason: 'input folder does not exist' });
    return { files, problems };
  }
  // The input folder itself may be a link (seeds → /mnt/archive): its real path is what links must stay inside.
  root = fs.realpathSync(inputDir);
  walk(inputDir, '');
  return { files, problems };
}

function isLinkedFolder(abs: string): boolean {
  try {
    return fs.statSync(abs).isDirectory();
  } catch {
    return false;
  }
}

export function sha256(...parts: Array<string | Uint8Array>): string {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}
