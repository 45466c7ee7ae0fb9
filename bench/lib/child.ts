// Runs bench tasks in child processes (so each has its own peak RSS) with a small concurrency pool.

import { spawn } from 'node:child_process';
import { ROOT } from './env.js';

/**
 * Runs `node --import tsx <script> <JSON task>` from the project root and parses the last stdout line as JSON.
 * The child's stderr (its progress) is passed through.
 */
export function runChild<T>(script: string, task: unknown, options: { maxOldSpaceMiB?: number } = {}): Promise<T> {
  const args = ['--import', 'tsx'];
  if (options.maxOldSpaceMiB) args.push(`--max-old-space-size=${options.maxOldSpaceMiB}`);
  args.push(script, JSON.stringify(task));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) {
        reject(new Error(`${script} exited with ${signal ?? code}`));
        return;
      }
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as T);
      } catch (err) {
        reject(new Error(`${script} printed no JSON result: ${last.slice(0, 200)}`, { cause: err }));
      }
    });
  });
}

/** Runs thunks with at most `concurrency` in flight; results keep the input order. */
export async function runPool<T>(jobs: ReadonlyArray<() => Promise<T>>, concurrency: number): Promise<T[]> {
  const results = new Array<T>(jobs.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, jobs.length)) }, lane));
  return results;
}
