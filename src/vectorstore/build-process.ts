// The index build in a child process, so a long-running service (the bot's /reindex) keeps its event loop free.
import { stderrLog } from '../log.js';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import type { IndexSummary } from '../domain.js';
import { AppError, IndexError } from '../errors.js';

/** What the parent sends the child: one build to run. */
export interface BuildRequest {
  inputDir: string;
  outDir: string;
  config: Config;
  allowShrink?: boolean;
}

/** What the child sends back: log lines while it runs, then exactly one result. */
export type BuildMessage =
  | { type: 'log'; line: string }
  | { type: 'done'; summary: IndexSummary }
  | { type: 'failed'; name: string; message: string; userMessage: string | null };

export interface BuildInChildOptions {
  inputDir: string;
  outDir: string;
  config: Readonly<Config>;
  allowShrink?: boolean;
  log?: (line: string) => void;
  /** Aborting kills the child; the served index is untouched (builds are atomic). */
  signal?: AbortSignal;
}

const ENTRY = fileURLToPath(new URL('./build-process-entry' + (import.meta.url.endsWith('.ts') ? '.ts' : '.js'), import.meta.url));

/** Node flags that let the child load TypeScript when the parent runs from source. */
function childExecArgv(): string[] {
  if (!ENTRY.endsWith('.ts')) return process.execArgv;
  const hasLoader = process.execArgv.some((a) => a.includes('tsx'));
  return hasLoader ? process.execArgv : [...process.execArgv, '--import', 'tsx'];
}

/**
 * Runs {@link buildIndex} in a child process and resolves with its summary. A refusal of the build (an IndexError:
 * missing input folder, a shrink) comes back as an IndexError with its Chinese `userMessage`; a crash of the child as
 * an Error naming its exit code or signal.
 */
export function buildIndexInChild(options: BuildInChildOptions): Promise<IndexSummary> {
  const log = options.log ?? stderrLog;
  return new Promise<IndexSummary>((resolve, reject) => {
    const child = fork(ENTRY, [], {
      execArgv: childExecArgv(),
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      signal: options.signal,
      serialization: 'advanced',
    });
    let settled = false;
    const settle = (fn: () => void) => { if (!settled) { settled = true; fn(); } };
    child.on('message', (raw) => {
      const msg = raw as BuildMessage;
      if (msg.type === 'log') log(msg.line);
      else if (msg.type === 'done') settle(() => resolve(msg.summary));
      else if (msg.type === 'failed') {
        const error = msg.name === 'IndexError'
          ? new IndexError(msg.message, { userMessage: msg.userMessage ?? undefined })
          : msg.userMessage ? new AppError(msg.message, { userMessage: msg.userMessage }) : new Error(msg.message);
        settle(() => reject(error));
      }
    });
    child.on('error', (error) => settle(() => reject(error)));
    child.on('exit', (code, signal) => {
      settle(() => reject(new Error(`index build process ended without a result (${signal ? `signal ${signal}` : `exit code ${code}`})`)));
    });
    const request: BuildRequest = {
      inputDir: options.inputDir, outDir: options.outDir, config: { ...options.config }, allowShrink: options.allowShrink,
    };
    child.send(request);
  });
}
