// Facts about the machine and software a bench section ran on, for the header of each RESULTS.md section.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Installed version of a package in this project's node_modules, or `missing`. */
export function packageVersion(name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '?';
  } catch {
    return 'missing';
  }
}

function gitHead(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return dirty ? `${head} + uncommitted changes` : head;
  } catch {
    return 'unknown';
  }
}

export interface MachineInfo {
  date: string;
  cpus: number;
  cpuModel: string;
  memGiB: number;
  loadAvg: string;
  platform: string;
  node: string;
  commit: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAvg: os.loadavg().map((x) => x.toFixed(2)).join(' '),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    commit: gitHead(),
  };
}

/** The "Run on" block that opens every section. */
export function describeRun(command: string, packages: readonly string[], info = machineInfo()): string {
  const versions = packages.map((p) => `${p} ${packageVersion(p)}`).join(', ');
  return [
    `- Date: ${info.date}; commit ${info.commit}`,
    `- Machine: ${info.cpus} × ${info.cpuModel}, ${info.memGiB} GiB RAM, ${info.platform}; load average at start ${info.loadAvg}`,
    `- Command: \`${command}\``,
    `- Node ${info.node}; ${versions}`,
  ].join('\n');
}
