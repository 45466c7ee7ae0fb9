// How every entry point ends (npm start, index, ask, digest, eval, bench): exit 0 once stdout is flushed, or one log
// line saying what failed and exit 1.
import { isAppError } from './errors.js';
import { describeError, stderrLog, type LogLine } from './log.js';

/**
 * Runs an entry point's `main`. Success exits 0 after stdout is flushed (native handles — a model runtime, a watcher
 * — would otherwise keep the process alive); failure logs `<name> failed: …` (an AppError's message, or the stack of
 * anything unexpected) and exits 1.
 * @example runMain('index', main);
 */
export function runMain(name: string, main: () => Promise<void>, log: LogLine = stderrLog): void {
  const exit = (code: number) => process.stdout.write('', () => process.exit(code));
  main().then(
    () => exit(0),
    (error: unknown) => {
      log(`${name} failed: ${describeError(error, { stack: !isAppError(error) })}`);
      exit(1);
    },
  );
}
