// HTML formatting and splitting: what ends up on the user's screen must be escaped, complete and under 4096.
import { describe, expect, it } from 'vitest';
import {
  formatArticle,
  formatCitation,
  formatIndexSummary,
  formatDigest,
  htmlToText,
  splitMessage,
} from '../../src/bot/format.js';
import { FRONT, INSIDE } from './fake-archive.js';

describe('formatCitation', () => {
  it('prints every known field and omits unknown ones', () => {
    const full = { n: 1, source: 'a', paper: '阳泉日报', date: '2025-08-07', issue: '15434', page: '1', title: '雷健坤调研重点项目建设', quote: '' };
    expect(formatCitation(full)).toBe('[1] 阳泉日报 2025-08-07 第15434期 第1版《雷健坤调研重点项目建设》');
    expect(formatCitation({ ...full, n: 2, date: null, issue: null, page: null })).toBe('[2] 阳泉日报《雷健坤调研重点项目建设》');
    expect(formatCitation({ ...full, n: 3, paper: null, date: null, issue: null, page: '3' })).toBe('[3] 第3版《雷健坤调研重点项目建设》');
  });
});

describe('formatArticle', () => {
  it('shows headline, paper, date, 期, 版 and the text in its original script, escaped', () => {
    const html = formatArticle({ ...FRONT, text: 'A<b>&B\n第二段' });
    expect(html).toContain('<b>雷健坤調研重點項目建設</b>');
    expect(html).toContain('阳泉日报 · 2025-08-07 · 第15434期 · 第1版');
    expect(html).toContain('A&lt;b&gt;&amp;B\n\n第二段');
  });

  it('never echoes an ID number printed in a notice', () => {
    const html = formatArticle(INSIDE);
    expect(html).not.toContain('140302199001011234');
    expect(html).toMatch(/\*{8,}/);
  });
});

describe('formatDigest', () => {
  it('groups by paper and issue, then page in page order', () => {
    const html = formatDigest({
      date: '2025-08-07',
      items: [
        { paper: '阳泉日报', issue: '15434', page: '3', title: 'C', summary: '丙。', source: 's' },
        { paper: '阳泉日报', issue: '15434', page: '1', title: 'A', summary: '甲。', source: 's' },
        { paper: '阳泉日报', issue: '15434', page: '1', title: 'B & D', summary: '', source: 's' },
        { paper: '晋中日报', issue: null, page: null, title: 'E', summary: '戊。', source: 's' },
      ],
    });
    const text = htmlToText(html);
    expect(text).toBe(
      [
        '2025-08-07 报纸要目',
        '',
        '阳泉日报 第15434期',
        '第1版',
        '• A：甲。',
        '• B & D',
        '第3版',
        '• C：丙。',
        '',
        '晋中日报',
        '版次不详',
        '• E：戊。',
      ].join('\n'),
    );
  });
});

describe('splitMessage', () => {
  it('leaves a short message alone', () => {
    expect(splitMessage('<b>短</b>')).toEqual(['<b>短</b>']);
  });

  it('splits on paragraph boundaries when it can', () => {
    const paragraphs = Array.from({ length: 30 }, (_, i) => `第${i}段${'字'.repeat(300)}。`);
    const parts = splitMessage(paragraphs.join('\n\n'));
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(4096);
      expect(p.startsWith('第')).toBe(true);
      expect(p.endsWith('。')).toBe(true);
    }
    expect(parts.join('\n\n')).toBe(paragraphs.join('\n\n'));
  });

  it('never cuts a tag or an entity, and closes and reopens tags that span a cut', () => {
    const body = Array.from({ length: 900 }, (_, i) => `a&amp;b&lt;${i}&gt;`).join(' ');
    const html = `<b>标题</b>\n<blockquote><a href="https://example.com/x?a=1&amp;b=2">${body}</a></blockquote>`;
    const parts = splitMessage(html, 1000);
    expect(parts.length).toBeGreaterThan(5);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(1000);
      // Balanced tags in every part.
      const opens = (p.match(/<(blockquote|a)[\s>]/g) ?? []).length;
      const closes = (p.match(/<\/(blockquote|a)>/g) ?? []).length;
      expect(opens).toBe(closes);
      // No half entity at either end.
      expect(p).not.toMatch(/&[a-z]*$/);
      expect(p.replace(/&(amp|lt|gt);/g, '')).not.toMatch(/&/);
    }
    expect(parts[1].startsWith('<blockquote><a href="https://example.com/x?a=1&amp;b=2">')).toBe(true);
    // Nothing lost: the text reassembles (the cuts fall on spaces, which are dropped).
    expect(parts.map(htmlToText).join(' ').replace(/\s+/g, ' ')).toBe(htmlToText(html).replace(/\s+/g, ' '));
  });

  it('hard-cuts a single line with no break opportunity, keeping surrogate pairs whole', () => {
    const text = '𠀀'.repeat(3000); // each is two UTF-16 units
    const parts = splitMessage(text);
    expect(parts.length).toBe(2);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(4096);
    expect(parts.join('')).toBe(text);
  });
});

describe('htmlToText', () => {
  it('drops tags and decodes entities', () => {
    expect(htmlToText('<b>A &amp; B</b> &lt;x&gt; &#20013;')).toBe('A & B <x> 中');
  });
});

describe('formatIndexSummary', () => {
  it('counts only the files left out as skipped; pages indexed with a warning are listed apart', () => {
    const html = formatIndexSummary({
      files: 3, changedFiles: 3, removedFiles: 0, articles: 9, chunks: 20, embedder: 'hash-v1-512', embedderFallback: false,
      seconds: 1.5, outDir: '/x', newDates: [],
      skipped: [{ source: 'scan.pdf', reason: 'binary file' }],
      warnings: [{ source: 'a.md', reason: 'front matter ignored: never closed — the page is indexed without it' }],
    });
    expect(html).toContain('跳过 1 个文件：');
    expect(html).toContain('• scan.pdf：binary file');
    expect(html).toContain('已入库但有提示的文件 1 个：');
    expect(html).toMatch(/已入库但有提示的文件 1 个：\n• a\.md：front matter ignored/);
  });
});
