// A proxy in front of telegram-test-api that enforces Telegram's flood limits on sendMessage (429 with retry_after).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { forwardToEmulator } from './emulator-forward.js';

/** Why a sendMessage was refused with 429. */
export type ThrottleReason = 'injected' | 'penalty' | 'global' | 'chat' | 'group';

export interface ProxiedSend {
  chatId: number;
  text: string;
  /** ms since the proxy started. */
  at: number;
  status: 200 | 403 | 429;
  reason?: ThrottleReason;
}

/** The limits enforced, as Telegram documents them. */
export interface ThrottleLimits {
  /** sendMessage calls accepted in any 1 s window, all chats together. Default 30. */
  perSecond?: number;
  /** Least gap between two messages accepted for one chat (ms). Default 1 000. */
  chatGapMs?: number;
  /** Messages accepted for one group (negative id) in any 60 s window. Default 20. */
  groupPerMinute?: number;
  /** retry_after (s) of a 429 for the global limit; while it lasts every sendMessage is refused. Default 3. */
  retryAfter?: number;
}


/**
 * Sits between the bot and the emulator (loopback only). sendMessage beyond the limits is answered 429 with
 * `parameters.retry_after`, and while a global penalty lasts every sendMessage is refused, as Telegram does, so a
 * client that keeps sending makes a 429 storm. `blocked` chats answer 403. `throttleAtSend` injects one flood-control
 * 429 at the n-th sendMessage whatever the rate. getUpdates is held up to 1 s while empty (the emulator answers at
 * once, which would make the bot spin). Everything else is forwarded.
 */
export class ThrottlingProxy {
  readonly sends: ProxiedSend[] = [];
  readonly blocked = new Set<number>();
  throttleAtSend: { n: number; retryAfter: number } | null = null;
  port = 0;
  private server: http.Server | null = null;
  private readonly started = Date.now();
  private penaltyUntil = -Infinity;
  private sendCalls = 0;
  private readonly lastTo = new Map<number, number>();
  private readonly limits: Required<ThrottleLimits>;

  constructor(private readonly upstream: string, limits: ThrottleLimits = {}) {
    this.limits = { perSecond: 30, chatGapMs: 1_000, groupPerMinute: 20, retryAfter: 3, ...limits };
  }

  /** Messages accepted (forwarded to the emulator). */
  get accepted(): ProxiedSend[] {
    return this.sends.filter((s) => s.status === 200);
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** Most messages accepted in any window of `ms`, optionally for one chat or those `where` holds. */
  maxInWindow(ms: number, where: (s: ProxiedSend) => boolean = () => true): number {
    const times = this.accepted.filter(where).map((s) => s.at);
    let best = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i] - times[j] >= ms) j++;
      best = Math.max(best, i - j + 1);
    }
    return best;
  }

  /** The reason a sendMessage at `at` to `chatId` must be refused, if any. */
  private refusal(chatId: number, at: number): { reason: ThrottleReason; retryAfter: number } | null {
    this.sendCalls++;
    if (this.throttleAtSend && this.sendCalls === this.throttleAtSend.n) {
      this.penaltyUntil = at + this.throttleAtSend.retryAfter * 1_000;
      return { reason: 'injected', retryAfter: this.throttleAtSend.retryAfter };
    }
    if (at < this.penaltyUntil) return { reason: 'penalty', retryAfter: Math.ceil((this.penaltyUntil - at) / 1_000) };
    const accepted = this.accepted;
    let recent = 0;
    for (let i = accepted.length - 1; i >= 0 && accepted[i].at > at - 1_000; i--) recent++;
    if (recent >= this.limits.perSecond) {
      this.penaltyUntil = at + this.limits.retryAfter * 1_000;
      return { reason: 'global', retryAfter: this.limits.retryAfter };
    }
    const last = this.lastTo.get(chatId);
    if (last !== undefined && at - last < this.limits.chatGapMs) return { reason: 'chat', retryAfter: 1 };
    if (chatId < 0) {
      const inMinute = accepted.filter((s) => s.chatId === chatId && s.at > at - 60_000);
      if (inMinute.length >= this.limits.groupPerMinute) {
        return { reason: 'group', retryAfter: Math.ceil((inMinute[0].at + 60_000 - at) / 1_000) };
      }
    }
    return null;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const method = /^\/bot[^/]+\/([A-Za-z]+)/.exec(req.url ?? '')?.[1] ?? '?';
    const json = (status: number, data: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(data));
    };
    let send: ProxiedSend | null = null;
    if (method === 'sendMessage') {
      const payload = JSON.parse(body.toString('utf8') || '{}');
      const chatId = Number(payload.chat_id);
      const at = Date.now() - this.started;
      send = { chatId, text: String(payload.text ?? ''), at, status: 200 };
      if (this.blocked.has(chatId)) {
        this.sends.push({ ...send, status: 403 });
        return json(403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
      }
      const refused = this.refusal(chatId, at);
      if (refused) {
        this.sends.push({ ...send, status: 429, reason: refused.reason });
        return json(429, {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${refused.retryAfter}`,
          parameters: { retry_after: refused.retryAfter },
        });
      }
      // Counted when accepted, before the emulator answers: a request in flight at a crash counts as delivered.
      this.sends.push(send);
      this.lastTo.set(chatId, at);
    }
    await forwardToEmulator(this.upstream, req, res, body, method);
  }
}
