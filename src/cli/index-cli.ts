// `npm run index -- [--input DIR] [--out DIR] [--allow-shrink]`: builds or updates the index, progress and summary on
// stderr.
import path from 'node:path';
import { loadConfig } from '../config.js';
import type { IndexSummary } from '../domain.js';
import { runMain } from '../run-main.js';
import { buildIndex } from '../vectorstore/build-index.js';
import { logLine, parseArgs, stringFlag } from './args.js';

function progressBar(): (done: number, total: number, source: string) => void {
  const tty = process.stderr.isTTY;
  let lastPct = -1;
  return (done, total, source) => {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    if (tty) {
      const width = 24;
      const filled = Math.round((pct / 100) * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${source.slice(-40).padEnd(40)}`);
      if (done === total) process.stderr.write('\n');
    } else if (pct >= lastPct + 10 || done === total) {
      lastPct = pct;
      process.stderr.write(`indexing: ${done}/${total} files (${pct}%)\n`);
    }
  };
}

/** Human summary of a build, one fact a line. */
export function formatSummary(s: IndexSummary): string {
  const lines = [
    `index written to ${s.outDir}`,
    `  files:    ${s.files} (${s.changedFiles} parsed this run, ${s.files - s.changedFiles} unchanged, ${s.removedFiles} removed)`,
    `  articles: ${s.articles}`,
    `  chunks:   ${s.chunks}`,
    `  embedder: ${s.embedder}${s.embedderFallback ? ' (fallback: the configured model could not be loaded)' : ''}`,
    `  seconds:  ${s.seconds.toFixed(1)}`,
    `  skipped:  ${s.skipped.length}`,
    ...s.skipped.map((k) => `    - ${k.source}: ${k.reason}`),
    ...(s.warnings.length ? [`  warnings: ${s.warnings.length} (indexed)`, ...s.warnings.map((k) => `    - ${k.source}: ${k.reason}`)] : []),
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { values: ['input', 'out'], booleans: ['allow-shrink'] });
  const config = loadConfig();
  const inputDir = path.resolve(stringFlag(args, 'input') ?? config.inputDir);
  const outDir = path.resolve(stringFlag(args, 'out') ?? config.indexDir);
  const summary = await buildIndex({
    inputDir, outDir, config, log: logLine, onProgress: progressBar(),
    maxFileBytes: config.maxFileMb * 1024 * 1024,
    allowShrink: args.flags.has('allow-shrink'),
  });
  logLine(formatSummary(summary));
}

runMain('index', main);
