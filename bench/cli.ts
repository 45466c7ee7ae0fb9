// `npm run bench -- [--only quality,answers,scale,archive,ingest,oneline,bot] [--quick] [--out FILE] [--build-1m]
// [--archive-scales 1,10,40]`: measures retrieval quality, extractive answers, vector-store scale, a months-long archive
// through the CLI, ingest throughput, the cost of one-line pages and the bot under a burst (also during a /reindex),
// and writes bench/RESULTS.md (progress on stderr, a JSON summary on stdout).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { logLine, parseArgs, stringFlag } from '../src/cli/args.js';
import { ConfigError } from '../src/errors.js';
import { runMain } from '../src/run-main.js';
import { formatAnswers, FULL_ANSWERS, QUICK_ANSWERS, runAnswersBench } from './lib/answers.js';
import { archiveSummary, formatArchive, FULL_ARCHIVE, LARGE_SCALE, parseScales, QUICK_ARCHIVE, runArchiveBench } from './lib/archive-scale.js';
import { formatBot, FULL_BOT, QUICK_BOT, runBotBench } from './lib/bot.js';
import { describeRun, machineInfo, ROOT } from './lib/env.js';
import { FULL_INGEST, formatIngest, QUICK_INGEST, runIngestBench } from './lib/ingest.js';
import { formatOneLine, FULL_ONE_LINE, QUICK_ONE_LINE, runOneLineBench } from './lib/one-line.js';
import { formatQuality, qualityMisses, runQuality } from './lib/quality.js';
import { loadQualitySets } from './lib/quality-sets.js';
import { hasSection, writeResults } from './lib/report.js';
import { formatScale, FULL_PLAN, QUICK_PLAN, runScale, type HnswDefaults } from './lib/scale.js';
import { formatSegmentation, runSegmentation } from './lib/segmentation.js';

const SECTIONS = ['quality', 'answers', 'scale', 'archive', 'ingest', 'oneline', 'bot'] as const;
type BenchSection = (typeof SECTIONS)[number];

const USAGE = `usage: npm run bench -- [--only quality,answers,scale,archive,ingest,oneline,bot] [--quick] [--out FILE] [--build-1m]
                            [--archive-scales 1,10,40]
  --only      run these sections only; the other sections of the results file are kept as they were
  --quick     small sizes for iteration (writes to ${path.join(os.tmpdir(), 'RESULTS.quick.md')} unless --out is given,
              and never touches bench/hnsw-defaults.json); the bot section then adds 300 pages, not 1,500, and
              sends 10 users × 5 questions, not 20 × 10
  --build-1m  also build the 1M-vector HNSW index for real, for the chosen setting and, if it misses the
              recall target there, the next one (half an hour or more each; kept in bench/large-builds); the archive
              section then also runs ${LARGE_SCALE}× (about 1.1 M chunks)
  --archive-scales  the archive section's sizes in months of a daily paper (default ${FULL_ARCHIVE.scales.join(',')}, --quick ${QUICK_ARCHIVE.scales.join(',')});
              each is indexed, asked and extended through the CLI, one at a time`;

const DEFAULTS_FILE = path.join(ROOT, 'bench', 'hnsw-defaults.json');
const MISSES_FILE = path.join(ROOT, 'bench', 'out', 'quality-misses.json');

function commandLine(argv: string[]): string {
  return ['npm run bench', ...(argv.length ? ['--', ...argv] : [])].join(' ');
}

function headerSection(totalSeconds: number | null, command: string): string {
  return [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/cli.ts, bench/lib/); do not edit by hand — each section is replaced when it is re-run ' +
      '(`--only quality|answers|scale|archive|ingest|oneline|bot`). Runs offline; everything it reads is inside this repository.',
    '',
    totalSeconds === null
      ? ''
      : `Last full run: \`${command}\`, ${(totalSeconds / 60).toFixed(1)} min wall on this machine (the target is under 15 min on 2 cores).`,
    '',
    '**Data and licences.** The quality bench uses the dev sets only (tuning on trial/test would make outside measurements meaningless), ' +
      'copied into `bench/data/` with their licences:',
    '- CMRC 2018 (Cui et al., 2019, "A Span-Extraction Dataset for Chinese Machine Reading Comprehension"), ' +
      'github.com/ymcui/cmrc2018, `cmrc2018_dev.json` — CC BY-SA 4.0 (`bench/data/CMRC2018_LICENCE.txt`).',
    '- DRCD v1.3 (Shao et al., 2018, "DRCD: a Chinese Machine Reading Comprehension Dataset"), Delta Electronics, ' +
      'github.com/DRCKnowledgeTeam/DRCD, `DRCD_dev.json` — CC BY-SA 3.0.',
    '- The ingest bench recombines sentences of these passages into synthetic pages (derived data, same terms); ' +
      'the scale bench embeds such recombined chunks and the dev questions with the project’s no-weights embedder, besides synthetic random vectors.',
  ].join('\n');
}

/** What every section is run with: the command line, the results file, the summary it adds to, and the flags. */
interface Run {
  command: string;
  outFile: string;
  quick: boolean;
  buildLarge: boolean;
  /** The archive section's scales from --archive-scales; null: the default for full or quick runs. */
  archiveScales: number[] | null;
  summary: Record<string, unknown>;
}

/** Each section: runs, writes its part of the results file and its line of the JSON summary. */
const RUNNERS: Record<BenchSection, (run: Run) => Promise<void>> = {
  // Scale first: it writes bench/hnsw-defaults.json, which the project row then builds with (bench/lib/product.ts);
  // DEFAULT_HNSW in src/config.ts follows it (test/vectorstore/hnsw-params.test.ts fails until it does).
  async scale({ command, outFile, quick, buildLarge, summary }) {
    const plan = { ...(quick ? QUICK_PLAN : FULL_PLAN), buildLarge, largeCacheDir: path.join(ROOT, 'bench', 'large-builds') };
    const report = await runScale(plan, logLine);
    const defaults: HnswDefaults = { M: report.chosen.M, efConstruction: report.chosen.efConstruction, efSearch: report.chosen.efSearch };
    if (!quick) {
      writeFileSync(DEFAULTS_FILE, JSON.stringify(defaults, null, 2) + '\n');
      logLine(`scale: wrote ${path.relative(ROOT, DEFAULTS_FILE)}: ${JSON.stringify(defaults)}`);
    }
    writeResults(outFile, {
      scale: `## Vector store at scale (hnswlib-node)\n\n${describeRun(command, ['hnswlib-node'])}\n- Section wall time: ${(report.wallSeconds / 60).toFixed(1)} min (up to ${plan.concurrency} child processes at once)\n\n${formatScale(report)}`,
    });
    summary.scale = { defaults, chosen: report.chosen, estimate: report.estimate };
  },
  async quality({ command, outFile, quick, summary }) {
    const sets = loadQualitySets();
    const report = await runQuality(sets, { stride: quick ? 8 : 1, log: logLine });
    writeResults(outFile, {
      quality: `## Retrieval quality\n\n${describeRun(command, ['nodejieba', 'opencc-js', 'hnswlib-node'])}\n\n${formatQuality(report, { command })}`,
    });
    if (!quick) {
      mkdirSync(path.dirname(MISSES_FILE), { recursive: true });
      writeFileSync(MISSES_FILE, JSON.stringify(qualityMisses(report, sets), null, 1) + '\n');
      logLine(`quality: the project's rank-1 misses on the dev sets → ${path.relative(ROOT, MISSES_FILE)}`);
    }
    summary.quality = report.rows.map(({ ranks: _r, first: _f, firstTitle: _t, ...r }) => r);
  },
  async answers({ command, outFile, quick, summary }) {
    const report = await runAnswersBench(quick ? QUICK_ANSWERS : FULL_ANSWERS, logLine);
    writeResults(outFile, {
      answers: `## Answers without an LLM\n\n${describeRun(command, ['nodejieba', 'opencc-js', 'hnswlib-node'])}\n\n${formatAnswers(report)}`,
    });
    summary.answers = report.sets;
  },
  async archive({ command, outFile, quick, buildLarge, archiveScales, summary }) {
    const base = quick ? QUICK_ARCHIVE : FULL_ARCHIVE;
    const scales = [...(archiveScales ?? base.scales)];
    if (buildLarge && !scales.includes(LARGE_SCALE)) scales.push(LARGE_SCALE);
    const atStart = machineInfo();
    const report = await runArchiveBench({ ...base, scales }, logLine);
    writeResults(outFile, {
      archive: `## The archive at scale, through the CLI\n\n${describeRun(command, ['hnswlib-node', 'nodejieba', 'better-sqlite3'], atStart)}\n\n${formatArchive(report)}`,
    });
    summary.archive = archiveSummary(report);
  },
  async ingest({ command, outFile, quick, summary }) {
    const segmentation = runSegmentation();
    logLine(`ingest: labelled pages dev recall ${segmentation.dev.recall.toFixed(3)} precision ${segmentation.dev.precision.toFixed(3)}; test recall ${segmentation.test.recall.toFixed(3)} precision ${segmentation.test.precision.toFixed(3)}`);
    const report = await runIngestBench(quick ? QUICK_INGEST : FULL_INGEST, logLine);
    writeResults(outFile, {
      ingest: `## Ingest: articles and throughput\n\n${describeRun(command, ['nodejieba', 'opencc-js', 'hnswlib-node', '@huggingface/transformers', 'onnxruntime-node'])}\n\n` +
        `#### Articles found on the labelled pages\n\n${formatSegmentation(segmentation)}\n\n${formatIngest(report)}`,
    });
    summary.ingest = { ...report, segmentation: { dev: segmentation.dev, test: segmentation.test } };
  },
  async oneline({ command, outFile, quick, summary }) {
    const report = await runOneLineBench(quick ? QUICK_ONE_LINE : FULL_ONE_LINE, logLine);
    writeResults(outFile, {
      oneline: `## One-line pages: cost against length\n\n${describeRun(command, ['nodejieba', 'opencc-js', 'hnswlib-node'])}\n\n${formatOneLine(report)}`,
    });
    summary.oneline = report.rows;
  },
  async bot({ command, outFile, quick, summary }) {
    const atStart = machineInfo(); // the load average before the run, not after it
    const report = await runBotBench(quick ? QUICK_BOT : FULL_BOT, logLine);
    writeResults(outFile, {
      bot: `## The bot under a burst, idle and during /reindex\n\n${describeRun(command, ['grammy', '@grammyjs/runner', 'telegram-test-api'], atStart)}\n\n${formatBot(report)}`,
    });
    const { latencies: _l, ...during } = report.duringReindex.tally;
    summary.bot = { duringReindex: { ...during, ...report.duringReindex.latency }, idle: report.idle.latency, reindex: report.reindex };
  },
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const args = parseArgs(argv, { values: ['only', 'out', 'archive-scales'], booleans: ['quick', 'build-1m', 'help'] });
  if (args.flags.has('help')) return void logLine(USAGE);
  const only = stringFlag(args, 'only');
  const wanted = only ? only.split(',').map((s) => s.trim()) : [...SECTIONS];
  const unknown = wanted.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length) throw new ConfigError(`unknown section ${unknown.join(', ')}\n${USAGE}`);
  const quick = args.flags.has('quick');
  const run: Run = {
    command: commandLine(argv),
    outFile: path.resolve(stringFlag(args, 'out') ?? (quick ? path.join(os.tmpdir(), 'RESULTS.quick.md') : path.join(ROOT, 'bench', 'RESULTS.md'))),
    quick,
    buildLarge: args.flags.has('build-1m'),
    archiveScales: stringFlag(args, 'archive-scales') === undefined ? null : parseScales(stringFlag(args, 'archive-scales') ?? ''),
    summary: { quick },
  };
  run.summary.results = run.outFile;
  const t0 = performance.now();
  logLine(`bench: ${wanted.join(', ')}${quick ? ' (quick)' : ''} → ${run.outFile}`);
  if (!hasSection(run.outFile, 'header')) writeResults(run.outFile, { header: headerSection(null, run.command) });
  // In SECTIONS order (scale before the sections that build indexes), whatever order --only named them in.
  for (const section of SECTIONS.filter((s) => wanted.includes(s))) {
    const t = performance.now();
    await RUNNERS[section](run);
    logLine(`${section}: done in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  const total = (performance.now() - t0) / 1000;
  writeResults(run.outFile, wanted.length === SECTIONS.length ? { header: headerSection(total, run.command) } : {});
  run.summary.seconds = total;
  logLine(`bench: finished in ${(total / 60).toFixed(1)} min → ${run.outFile}`);
  process.stdout.write(JSON.stringify(run.summary) + '\n');
}

runMain('bench', main);
