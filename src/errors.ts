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
  override readonly name: string = 'IngestError';
}

/** Reading one page took longer than its time budget (PARSE_BUDGET_MS); the page is skipped, the build goes on. */
export class BudgetExceededError extends IngestError {
  override readonly name = 'BudgetExceededError';

  constructor(readonly budgetMs: number, readonly stage: string) {
    super(`reading the page took over ${budgetMs} ms (PARSE_BUDGET_MS), stopped while ${stage}`);
  }
}

/** The index folder is missing, corrupted, foreign or built by another embedder. */
export class IndexError extends AppError {
  override readonly name = 'IndexError';
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
