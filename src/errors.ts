// Application errors: English `message` for logs, Chinese `userMessage` for people.

export class AppError extends Error {
  override readonly name: string = 'AppError';
  /** Polite Chinese sentence safe to show to a user. */
  readonly userMessage: string;

  constructor(message: string, options: { userMessage?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.userMessage = options.userMessage ?? '抱歉，处理时出了点问题，请稍后再试。';
  }
}

/** A configuration value is missing or malformed. */
export class ConfigError extends AppError {
  override readonly name = 'ConfigError';
}

/** An input file could not be read or decoded; the file is skipped. */
export class IngestError extends AppError {
  override readonly name = 'IngestError';
}

/** The index folder is missing, corrupted, foreign or built by another embedder. */
export class IndexError extends AppError {
  override readonly name = 'IndexError';
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
