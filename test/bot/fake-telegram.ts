// A fake Telegram for push tests, on a virtual clock: it enforces the flood limits and answers 429 with retry_after.

/** Telegram's documented limits, as the fake enforces them. */
export interface FakeTelegramLimits {
  /** Messages in any 1 s window, all chats together. Default 30. */
  perSecond?: number;
  /** Least gap between two messages to one chat (ms). Default 1 000. */
  chatGapMs?: number;
  /** Messages to one group (negative id) in any 60 s window. Default 20. */
  groupPerMinute?: number;
  /** retry_after (s) of a 429 for the global limit; while it lasts, every message is refused. Default 3. */
  retryAfter?: number;
}

/** Virtual time: `sleep` advances it at once. */
export class FakeClock {
  t = 0;
  readonly now = () => this.t;
  readonly sleep = async (ms: number) => {
    this.t += ms;
  };
}

/**
 * A Bot API that records every accepted message with its virtual time and refuses what breaks the limits with
 * `{ error_code: 429, parameters: { retry_after } }`, like Telegram; `blocked` chats answer 403; `failOnce` chats
 * answer one 500 first; `throttleAt` makes the n-th accepted-or-not message meet a 429 regardless of the limits.
 */
export class FakeTelegram {
  readonly accepted: Array<{ chatId: number; text: string; at: number }> = [];
  readonly refused: Array<{ chatId: number; at: number; retryAfter: number }> = [];
  readonly blocked = new Set<number>();
  readonly failOnce = new Set<number>();
  throttleAt: { n: number; retryAfter: number } | null = null;
  private penaltyUntil = -Infinity;
  private readonly lastTo = new Map<number, { at: number }>();
  private calls = 0;
  private readonly limits: Required<FakeTelegramLimits>;

  constructor(private readonly clock: FakeClock, limits: FakeTelegramLimits = {}) {
    this.limits = { perSecond: 30, chatGapMs: 1_000, groupPerMinute: 20, retryAfter: 3, ...limits };
  }

  readonly send = async (chatId: number, text: string): Promise<unknown> => {
    const at = this.clock.now();
    this.calls++;
    if (this.blocked.has(chatId)) throw apiError(403, 'Forbidden: bot was blocked by the user');
    if (this.failOnce.delete(chatId)) throw apiError(500, 'Internal Server Error');
    const refuse = (retryAfter: number) => {
      this.refused.push({ chatId, at, retryAfter });
      throw apiError(429, `Too Many Requests: retry after ${retryAfter}`, retryAfter);
    };
    if (this.throttleAt && this.calls === this.throttleAt.n) {
      this.penaltyUntil = at + this.throttleAt.retryAfter * 1_000;
      refuse(this.throttleAt.retryAfter);
    }
    if (at < this.penaltyUntil) refuse(Math.ceil((this.penaltyUntil - at) / 1_000));
    const recent = this.accepted.filter((m) => m.at > at - 1_000);
    if (recent.length >= this.limits.perSecond) {
      this.penaltyUntil = at + this.limits.retryAfter * 1_000;
      refuse(this.limits.retryAfter);
    }
    const last = this.lastTo.get(chatId);
    if (last && at - last.at < this.limits.chatGapMs) refuse(1);
    if (chatId < 0) {
      const inMinute = this.accepted.filter((m) => m.chatId === chatId && m.at > at - 60_000);
      if (inMinute.length >= this.limits.groupPerMinute) refuse(Math.ceil((inMinute[0].at + 60_000 - at) / 1_000));
    }
    this.accepted.push({ chatId, text, at });
    this.lastTo.set(chatId, { at });
    return { message_id: this.accepted.length };
  };

  /** Most messages accepted in any window of `ms` (sliding, anchored at each message). */
  maxInWindow(ms: number, chatId?: number): number {
    const times = this.accepted.filter((m) => chatId === undefined || m.chatId === chatId).map((m) => m.at);
    let best = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i] - times[j] >= ms) j++;
      best = Math.max(best, i - j + 1);
    }
    return best;
  }

  /** How many messages each chat got. */
  perChat(): Map<number, number> {
    const counts = new Map<number, number>();
    for (const m of this.accepted) counts.set(m.chatId, (counts.get(m.chatId) ?? 0) + 1);
    return counts;
  }
}

function apiError(code: number, description: string, retryAfter?: number): Error {
  return Object.assign(new Error(`Call to 'sendMessage' failed! (${code}: ${description})`), {
    error_code: code,
    description,
    ...(retryAfter !== undefined ? { parameters: { retry_after: retryAfter } } : {}),
  });
}
