// The bot bench's bookkeeping: a wrong pairing of questions and replies would report lost or fast replies that were not.
import { describe, expect, it } from 'vitest';
import { MSG } from '../../src/bot/messages.zh.js';
import { burstSchedule, plainSummary, summarizeLatencies, tallyBurst, type ReplyRecord, type SentMessage } from '../../bench/lib/bot.js';

describe('the burst timetable', () => {
  it('spreads every message over the window, users taking turns, each user in order', () => {
    const s = burstSchedule(20, 10, 3000);
    expect(s).toHaveLength(200);
    expect(s[0]).toEqual({ user: 0, seq: 0, atMs: 0 });
    expect(s.at(-1)).toEqual({ user: 19, seq: 9, atMs: 3000 });
    expect(s.slice(0, 20).map((m) => m.user)).toEqual([...Array(20).keys()]);
    for (let u = 0; u < 20; u++) {
      const mine = s.filter((m) => m.user === u);
      expect(mine.map((m) => m.seq)).toEqual([...Array(10).keys()]);
      expect(mine.every((m, i) => i === 0 || m.atMs > mine[i - 1].atMs)).toBe(true);
    }
  });
});

describe('pairing questions with replies', () => {
  const sent: SentMessage[] = [
    { chatId: 1, seq: 0, sentAt: 1000 },
    { chatId: 2, seq: 0, sentAt: 1010 },
    { chatId: 1, seq: 1, sentAt: 1100 },
    { chatId: 2, seq: 1, sentAt: 1110 },
  ];
  const reply = (chatId: number, messageId: number, time: number, text = '答案[1]'): ReplyRecord => ({ chatId, messageId, time, text });

  it("pairs a chat's k-th reply (by message id) with its k-th question, whatever order the store lists them in", () => {
    const t = tallyBurst(sent, [reply(1, 12, 1400), reply(2, 11, 1300), reply(1, 10, 1200), reply(2, 13, 1500)]);
    expect(t).toMatchObject({ sent: 4, answered: 4, lost: 0, extra: 0, cited: 4, rateLimited: 0, beforeCutoff: null });
    // In send order: chat 1 #0 → reply 10 (1200), chat 2 #0 → 11 (1300), chat 1 #1 → 12 (1400), chat 2 #1 → 13 (1500).
    expect(t.latencies).toEqual([200, 290, 300, 390]);
  });

  it('counts a missing reply as lost and a second reply to one question as extra, not as an answer elsewhere', () => {
    const t = tallyBurst(sent, [reply(1, 10, 1200), reply(1, 11, 1250), reply(1, 12, 1300), reply(2, 13, 1400)]);
    expect(t.answered).toBe(3);
    expect(t.lost).toBe(1);
    expect(t.extra).toBe(1);
    expect(t.latencies).toEqual([200, 390, 150]);
  });

  it("counts the replies that arrived before a cutoff, and rate-limit warnings and the bot's apologies apart from answers", () => {
    const t = tallyBurst(
      sent,
      [reply(1, 10, 1200), reply(2, 11, 1300, '提问太频繁了，请 30 秒后再试。'), reply(1, 12, 5000), reply(2, 13, 5100, MSG.genericError)],
      2000,
    );
    expect(t.beforeCutoff).toBe(2);
    expect(t.rateLimited).toBe(1);
    expect(t.failed).toBe(1);
    expect(t.cited).toBe(2);
  });

  it('summarises latencies by nearest rank', () => {
    const xs = Array.from({ length: 200 }, (_, i) => i + 1);
    expect(summarizeLatencies(xs)).toEqual({ p50: 100, p95: 190, max: 200 });
    expect(Number.isNaN(summarizeLatencies([]).p95)).toBe(true);
  });
});

describe('the /reindex summary in the report', () => {
  it('drops markup and counts the new issue dates instead of listing them', () => {
    expect(plainSummary('<b>索引已更新</b>\n版面文件：3\n新入库日期：2024-01-01、2024-01-02、2024-01-03')).toBe(
      '索引已更新 版面文件：3 新入库日期：3 个',
    );
  });
});
