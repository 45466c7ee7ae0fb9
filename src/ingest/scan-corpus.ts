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

function readManifest(dir: string, rel: string, problems: CorpusScan['problems']): Record<string, Record<string, unknown>> {
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file)) return {};
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { files?: Record<string, Record<string, unknown>> };
    const files = data && typeof data === 'object' && data.files && typeof data.files === 'object' ? data.files : {};
    return files;
  } catch (error) {
    problems.push({ source: path.posix.join(rel, 'manifest.json'), reason: `manifest.json ignored: ${(error as Error).message}` });
    return {};
  }
}

/** Walks `inputDir` recursively (hidden entries and symlinked folders are skipped), sorted by path. */
export function scanCorpus(inputDir: string): CorpusScan {
  const files: CorpusFile[] = [];
  const problems: CorpusScan['problems'] = [];
  const walk = (dir: string, rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ source: rel || '.', reason: `folder unreadable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      return;
    }
    const manifest = readManifest(dir, rel, problems);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const abs = path.join(dir, e.name);
      const relPath = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) { walk(abs, relPath); continue; }
      if (!PAGE_EXT.test(e.name) || !(e.isFile() || e.isSymbolicLink())) continue;
      let size = 0;
      try {
        size = fs.statSync(abs).size;
      } catch (error) {
        problems.push({ source: relPath, reason: `unreadable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
        continue;
      }
      const entry = manifest[e.name] ?? manifest[relPath] ?? null;
      files.push({ source: relPath, absPath: abs, size, manifest: entry && typeof entry === 'object' ? entry : null });
    }
  };
  if (!fs.existsSync(inputDir)) {
    problems.push({ source: inputDir, reason: 'input folder does not exist' });
    return { files, problems };
  }
  walk(inputDir, '');
  return { files, problems };
}

export function sha256(...parts: Array<string | Uint8Array>): string {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}
