// Runs one command as an outside harness would (its own process group, a timeout) and measures its wall time and peak
// resident memory: GNU time's %M for the largest process of the tree, and a /proc sampler for the tree's sum.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const GNU_TIME = '/usr/bin/time';
const PAGE_BYTES = 4096;
const SAMPLE_MS = 200;

/** Process groups still running, killed if the bench itself exits first (they are detached, so nothing else would). */
const running = new Set<number>();
process.on('exit', () => {
  for (const pgid of running) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

export interface MeasuredRun {
  /** Exit code of the command (null when it was ended by a signal). */
  exitCode: number | null;
  /** The signal that ended the command (`SIGKILL` after a timeout; `signal 9` as GNU time reports an OOM kill). */
  signal: string | null;
  timedOut: boolean;
  wallSeconds: number;
  /** Peak RSS of the largest single process of the tree (GNU time %M: the kernel's high-water mark); null if unknown. */
  maxProcessRssBytes: number | null;
  /** Peak of the summed RSS of the command's process tree, sampled every 200 ms (npm, tsx and node included). */
  treeRssBytes: number;
  /** The larger of the two: what the run is judged on. */
  peakRssBytes: number;
  stdout: string;
  /** The last stderr lines (progress and the index summary). */
  stderrTail: string[];
}

export interface MeasureOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Each stderr line of the child, as it comes (progress). */
  onStderrLine?: (line: string) => void;
  /** Lines of stderr kept for the result. Default 40. */
  tailLines?: number;
}

/** Every process's parent, from /proc/<pid>/stat (field 4, after the parenthesised command name). */
function parentsByPid(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(name), ppid);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return parents;
}

/** Summed RSS of `root` and all its descendants, in bytes (0 when /proc is unavailable). */
export function treeRss(root: number): number {
  if (!existsSync('/proc/self/stat')) return 0;
  const parents = parentsByPid();
  const inTree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents) if (!inTree.has(pid) && inTree.has(ppid)) { inTree.add(pid); grew = true; }
  }
  let total = 0;
  for (const pid of inTree) {
    try {
      total += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE_BYTES;
    } catch {
      // Gone already.
    }
  }
  return total;
}

/**
 * Runs `command args…` under GNU time (when /usr/bin/time exists) in its own process group. On timeout the whole
 * group is killed (SIGKILL) and the run is returned with `timedOut`; a crash or an OOM kill is a result, never a throw.
 */
export function measureCommand(command: string, args: readonly string[], options: MeasureOptions): Promise<MeasuredRun> {
  const timeDir = mkdtempSync(path.join(os.tmpdir(), 'bench-time-'));
  const timeFile = path.join(timeDir, 'time.txt');
  const useTime = existsSync(GNU_TIME);
  const [file, argv] = useTime ? [GNU_TIME, ['-f', '%M %e', '-o', timeFile, command, ...args]] : [command, [...args]];
  const keep = options.tailLines ?? 40;
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(file, argv, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: string[] = [];
    const tail: string[] = [];
    let partial = '';
    let treePeak = 0;
    let timedOut = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (s: string) => out.push(s));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => {
      const lines = (partial + s).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        options.onStderrLine?.(line);
        tail.push(line);
        if (tail.length > keep) tail.shift();
      }
    });
    const sample = (): void => {
      if (child.pid !== undefined) treePeak = Math.max(treePeak, treeRss(child.pid));
    };
    const sampler = setInterval(sample, SAMPLE_MS);
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => { timedOut = true; killGroup(); }, options.timeoutMs);
    if (child.pid !== undefined) running.add(child.pid);
    let settled = false;
    const finish = (code: number | null, signal: string | null): void => {
      if (settled) return;
      settled = true;
      if (child.pid !== undefined) running.delete(child.pid);
      clearInterval(sampler);
      clearTimeout(timer);
      const wallSeconds = (performance.now() - t0) / 1000;
      if (partial) tail.push(partial);
      let maxProcess: number | null = null;
      let exitCode = code;
      let ended: string | null = signal;
      if (useTime && existsSync(timeFile)) {
        // GNU time writes "Command exited with non-zero status N" / "Command terminated by signal N" before the format.
        const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
        const m = lines[lines.length - 1]?.match(/^(\d+) ([\d.]+)$/);
        if (m) maxProcess = Number(m[1]) * 1024;
        const bySignal = lines.map((l) => l.match(/terminated by signal (\d+)/)).find(Boolean);
        if (bySignal) { ended = `signal ${bySignal[1]}`; exitCode = null; }
      }
      rmSync(timeDir, { recursive: true, force: true });
      const byTime = maxProcess ?? 0;
      resolve({
        exitCode: timedOut ? null : exitCode,
        signal: timedOut ? 'SIGKILL' : ended,
        timedOut,
        wallSeconds,
        maxProcessRssBytes: maxProcess,
        treeRssBytes: treePeak,
        peakRssBytes: Math.max(byTime, treePeak),
        stdout: out.join(''),
        stderrTail: tail,
      });
    };
    child.on('close', finish);
    child.on('error', (error) => {
      tail.push(`spawn failed: ${error.message}`);
      setTimeout(() => finish(null, null), 100);
    });
  });
}

/** True when the run ended normally with exit code 0 (GNU time passes the command's exit code through). */
export function succeeded(run: MeasuredRun): boolean {
  return !run.timedOut && run.exitCode === 0 && run.signal === null;
}

/** One line on how a failed run ended: "timed out after X s (killed): …", "died after X s (signal N): <its error line>". */
export function describeFailure(run: MeasuredRun): string {
  // The last error-looking line (a V8 fatal error is followed by its native stack), else the last line.
  const lines = [...run.stderrTail].reverse().map((l) => l.trim()).filter(Boolean);
  const last = lines.find((l) => /FATAL ERROR|out of memory|Error\b|failed/i.test(l)) ?? lines[0] ?? '(no stderr)';
  const how = run.timedOut ? `timed out after ${run.wallSeconds.toFixed(0)} s (killed)` : `died after ${run.wallSeconds.toFixed(1)} s (${run.signal ?? `exit ${run.exitCode}`})`;
  return `${how}: ${last.slice(0, 200)}`;
}
