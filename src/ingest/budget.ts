// A time budget for reading one page. Parsing is synchronous, so the reader's loops check a deadline and give the page up.
import { BudgetExceededError } from '../errors.js';

/** Checked inside the reader's loops; throws BudgetExceededError once the deadline has passed. */
export interface Budget {
  /** @param stage what the reader is doing, for the message (“splitting articles”). */
  check(stage: string): void;
}

/** No deadline (the default of every reader function). */
export const NO_BUDGET: Budget = Object.freeze({ check: () => {} });

/**
 * A budget of `ms` milliseconds from now.
 * @param now the clock (tests pass a counter, so a budget is exceeded after so many checks, not so much time)
 * @example const budget = startBudget(20_000); parsePage(text, source, null, budget)
 */
export function startBudget(ms: number, now: () => number = Date.now): Budget {
  const deadline = now() + ms;
  return {
    check(stage: string): void {
      if (now() > deadline) throw new BudgetExceededError(ms, stage);
    },
  };
}
