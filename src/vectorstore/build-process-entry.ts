// Child side of buildIndexInChild: runs one build and reports log lines and the result over IPC.
import { isAppError } from '../errors.js';
import type { BuildMessage, BuildRequest } from './build-process.js';
import { buildIndex } from './build-index.js';
import { describeError } from '../log.js';

const send = (msg: BuildMessage) => new Promise<void>((resolve) => process.send!(msg, () => resolve()));

// The parent went away (stopped, killed): stop too. The half-written generation is never made current.
process.on('disconnect', () => process.exit(2));

process.once('message', async (raw) => {
  const request = raw as BuildRequest;
  try {
    const summary = await buildIndex({
      inputDir: request.inputDir,
      outDir: request.outDir,
      config: request.config,
      allowShrink: request.allowShrink,
      maxFileBytes: request.config.maxFileMb * 1024 * 1024,
      log: (line) => void send({ type: 'log', line }),
    });
    await send({ type: 'done', summary });
  } catch (error) {
    await send({
      type: 'failed',
      name: error instanceof Error ? error.name : 'Error',
      message: describeError(error),
      userMessage: isAppError(error) ? error.userMessage : null,
    });
  }
  // Whatever the build left running (a model runtime) must not keep the child alive.
  process.exit(0);
});
