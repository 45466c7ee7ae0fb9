// Pages unlike the seeds (no blank lines, CRLF, one long line, cut anywhere) never break the parser.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePage } from '../../src/ingest/parse-page.js';

const SEEDS = path.resolve(__dirname, '../../seeds');
const pages = fs.readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).map((f) => fs.readFileSync(path.join(SEEDS, f), 'utf8'));

function checkArticles(text: string): void {
  const page = parsePage(text, 'x.txt', null);
  for (const a of page.articles) {
    expect(a.text.trim().length).toBeGreaterThan(0);
    expect(a.title.length).toBeGreaterThan(0);
    expect(a.parts[0].start).toBeGreaterThanOrEqual(0);
    expect(a.parts[0].end).toBeLessThanOrEqual(text.length);
    expect(a.parts[0].start).toBeLessThan(a.parts[0].end);
  }
}

describe('parser robustness', () => {
  it('handles pages cut at arbitrary points', () => {
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 60; i++) {
      const text = pages[i % pages.length];
      const a = Math.floor(rand() * text.length);
      const b = a + Math.floor(rand() * (text.length - a));
      checkArticles(text.slice(a, b));
    }
  });

  it('splits pages whose paragraphs have no blank lines between them, and CRLF pages, the same way', () => {
    const text = pages[3];
    const dense = text.replace(/\n\s*\n/g, '\n');
    const crlf = text.replace(/\n/g, '\r\n');
    const titles = (t: string) => parsePage(t, 'x.txt', null).articles.map((a) => a.title);
    expect(titles(dense)).toEqual(titles(text));
    expect(titles(crlf)).toEqual(titles(text));
  });

  it('keeps a page that is one long line as one article', () => {
    const line = pages[0].replace(/\s+/g, '');
    const page = parsePage(line, 'x.txt', null);
    expect(page.articles).toHaveLength(1);
    checkArticles(line);
  });

  it('reads headlines in 【】 and a "本报记者 X 报道" lead in an unfamiliar layout', () => {
    const text = '【市区新增三条公交线路】\n本报记者 陈晨 报道\n记者从市交通运输局获悉，3月1日起，市区新开通3条公交线路，方便市民出行。\n【春季植树活动启动】\n本报讯 3月12日，全市春季义务植树活动启动，2000余名干部群众参加。（林木）\n';
    const titles = parsePage(text, 'x.txt', null).articles.map((a) => a.title);
    expect(titles).toEqual(['【市区新增三条公交线路】', '【春季植树活动启动】']);
  });

  it('keeps short markdown headlines as headlines, also after a text that stops without a full stop', () => {
    const text = [
      '## 秋收', '', '金秋时节，河湾镇两万亩玉米进入收获期，农机手抢抓晴好天气作业', '',
      '## 锣鼓经', '', '锣鼓经是传统戏曲里常用的打击乐记谱方法，以字音模拟敲击声。', '',
      '## 要闻', '', '## 河东新区三条道路通车', '', '本报讯 10月8日，新区三条主干道同时通车。', '',
    ].join('\n');
    const articles = parsePage(text, 'x.txt', null).articles;
    expect(articles.map((a) => a.title)).toEqual(['秋收', '锣鼓经', '河东新区三条道路通车']);
    expect(articles[0].text).not.toContain('打击乐');
    expect(articles[2].column).toBe('要闻');
  });
});

