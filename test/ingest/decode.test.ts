// Page encodings: Big5 pages (Hong Kong, Taiwan) are read as Big5, GBK pages as GBK, and garbage is refused by name.
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/ingest/decode.js';
import { IngestError } from '../../src/errors.js';
import { buildIndex } from '../../src/vectorstore/build-index.js';
import { loadStore } from '../../src/vectorstore/store.js';
import { tempDir, testConfig } from '../helpers/fixture-index.js';

// Made-up pages in the layout of a Hong Kong and a mainland paper.
const HK_PAGE = [
  '## 港島東區海濱長廊明年全線貫通',
  '',
  '本報訊 發展局昨日表示，港島東區海濱長廊餘下三段工程將於明年第二季完成，屆時全長約七公里的長廊可全線貫通，',
  '市民可由北角步行至筲箕灣。當局會在沿線增設休憩處、洗手間及單車徑，工程總開支約十二億元。',
  '',
  '## 中學文憑試放榜 考生成績較去年穩定',
  '',
  '本報記者 陳嘉欣 報道',
  '香港考試及評核局今日公布中學文憑試成績，共有五萬二千名考生應考，其中十一名考生考獲七科最高等級。',
  '',
].join('\n');
const MAINLAND_PAGE = '## 春季运动会开幕\n\n本报讯 3月20日，市第一中学春季运动会开幕，1200名学生参加，设田径、跳绳等18个项目。（李华）\n';

function randomBytes(n: number, seed = 7): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    // Printable ASCII and high bytes only: no NUL or control bytes, so the binary check alone cannot refuse it.
    const b = seed % 256;
    out[i] = b < 0x20 ? b + 0x40 : b === 0x7f ? 0x41 : b;
  }
  return out;
}

describe('decodeText', () => {
  it('reads a Big5 page as Big5, giving back the traditional text', () => {
    const decoded = decodeText(iconv.encode(HK_PAGE, 'big5'), 'hk/p1.txt');
    expect(decoded.encoding).toBe('big5');
    expect(decoded.text).toBe(HK_PAGE);
  });

  it('reads a one-line Big5 headline and lead as Big5', () => {
    const line = '本報訊 市政府昨日召開會議，研究部署今年防汛工作。';
    expect(decodeText(iconv.encode(line, 'big5'), 'short.txt')).toEqual({ text: line, encoding: 'big5' });
  });

  it('still reads GBK pages, and the same page in UTF-8', () => {
    expect(decodeText(iconv.encode(MAINLAND_PAGE, 'gbk'), 'gbk.txt')).toEqual({ text: MAINLAND_PAGE, encoding: 'gb18030' });
    expect(decodeText(iconv.encode(HK_PAGE, 'gbk'), 'trad-gbk.txt')).toEqual({ text: HK_PAGE, encoding: 'gb18030' });
    expect(decodeText(Buffer.from(MAINLAND_PAGE), 'utf8.txt')).toEqual({ text: MAINLAND_PAGE, encoding: 'utf-8' });
  });

  it('refuses random bytes with a message naming the file', () => {
    expect(() => decodeText(randomBytes(4000), 'scan/garbage.txt')).toThrow(IngestError);
    expect(() => decodeText(randomBytes(4000), 'scan/garbage.txt')).toThrow(/^scan\/garbage\.txt: .*neither GB18030\/GBK nor Big5/);
  });

  it('refuses a page with many undecodable bytes, saying how many', () => {
    const bytes = Buffer.from(iconv.encode(MAINLAND_PAGE.repeat(5), 'gbk'));
    // Damage: every 40th byte becomes 0xFF, which starts no character in GBK, GB18030 or Big5.
    for (let i = 0; i < bytes.length; i += 40) bytes[i] = 0xff;
    expect(() => decodeText(bytes, 'damaged.txt')).toThrow(/^damaged\.txt: decoded as GB18030 but \d+ characters .* could not be decoded/);
  });

  it('refuses UTF-8 mojibake (a UTF-8 page once read as GBK and saved again)', () => {
    const mojibake = iconv.decode(Buffer.from(MAINLAND_PAGE.repeat(4)), 'gbk');
    expect(() => decodeText(Buffer.from(mojibake), 'moji.txt')).toThrow(/^moji\.txt: .*mojibake/);
  });
});

describe('the index build and legacy encodings', () => {
  it('indexes a Big5 page as Big5 text and reports the undecodable page by name', async () => {
    const input = tempDir('enc');
    fs.writeFileSync(path.join(input, 'hk.txt'), iconv.encode(HK_PAGE, 'big5'));
    fs.writeFileSync(path.join(input, 'gbk.txt'), iconv.encode(MAINLAND_PAGE, 'gbk'));
    fs.writeFileSync(path.join(input, 'garbage.txt'), randomBytes(4000));
    const out = tempDir('enc-out');
    const summary = await buildIndex({ inputDir: input, outDir: out, config: testConfig({ inputDir: input, indexDir: out }), log: () => {} });
    expect(summary.skipped.map((s) => s.source)).toEqual(['garbage.txt']);
    expect(summary.skipped[0].reason).toMatch(/Big5/);
    const store = loadStore(out);
    const hk = store.pages.find((p) => p.source === 'hk.txt')!;
    expect(hk.encoding).toBe('big5');
    expect(hk.articles.map((a) => a.title)).toEqual(['港島東區海濱長廊明年全線貫通', '中學文憑試放榜 考生成績較去年穩定']);
    expect(store.pages.find((p) => p.source === 'gbk.txt')?.encoding).toBe('gb18030');
  });
});
