// The terminal chat (src/cli/chat.ts): same commands and answers as the bot, plain text, reading a pipe to its end.
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runChat } from '../../src/cli/chat.js';
import { FakeArchive } from './fake-archive.js';
import { testConfig } from './harness.js';

async function chat(lines: string[], archive = new FakeArchive()) {
  const output = new PassThrough();
  let out = '';
  output.on('data', (d) => (out += d));
  const logs: string[] = [];
  await runChat({
    archive,
    config: testConfig(),
    input: Readable.from([lines.join('\n') + '\n']),
    output,
    log: (l) => logs.push(l),
    now: () => new Date('2026-01-11T00:00:00Z'),
  });
  return { out, logs, archive };
}

describe('runChat', () => {
  it('answers questions as plain text with citations, and opens a source by number', async () => {
    const { out } = await chat(['8月6日市委书记调研了哪些项目？', '/source 1']);
    expect(out).toContain('调研了<中心医院>项目 & 生态新城项目[1]');
    expect(out).not.toMatch(/<b>|&amp;|&lt;/);
    expect(out).toContain('[1] 阳泉日报 2025-08-07 第15434期 第1版《雷健坤調研重點項目建設》');
    expect(out).toContain('查看原文：/source 1');
    expect(out).toContain('阳泉日报 · 2025-08-07 · 第15434期 · 第1版');
    expect(out).toContain('本報訊 8月6日');
  });

  it('runs /digest with a date, /stats, /help, and says /subscribe is for Telegram', async () => {
    const { out } = await chat(['/digest 2025-08-07', '/stats', '/help', '/subscribe 08:00', '/nonsense']);
    expect(out).toContain('2025-08-07 报纸要目');
    expect(out).toContain('第1版');
    expect(out).toContain('阳泉日报、晋中日报');
    expect(out).toContain('/digest [日期]');
    expect(out).toContain('只在 Telegram 中可用');
    expect(out).toContain('没有这个命令');
  });

  it('runs /start with questions from the archive and /digest undated, as the bot does', async () => {
    const { out } = await chat(['/start', '/digest undated']);
    expect(out).toContain('我读过阳泉日报、晋中日报的版面');
    expect(out).toContain('《链式招商促进产业集群发展》讲了什么？');
    expect(out).toContain('日期不详的版面要目');
    expect(out).toContain('以更优营商环境护航高质量发展');
  });

  it('keeps going after a failure, refuses an over-long question, and stops at end of input', async () => {
    const archive = new FakeArchive();
    archive.failNext = new Error('boom');
    const { out, logs } = await chat(['调研', '问'.repeat(60), '', '调研'], archive);
    expect(out).toContain('抱歉，处理时出了点问题');
    expect(out).toContain('问题太长了（60 字）');
    expect(out.match(/\[1\] 阳泉日报/g)).toHaveLength(1);
    expect(logs[0]).toContain('boom');
    expect(archive.questions).toEqual(['调研', '调研']);
  });
});
