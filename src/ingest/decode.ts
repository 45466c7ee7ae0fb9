// Turns raw file bytes into text: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK or Big5; refuses binary
// files and pages whose decoding does not read as Chinese.
import iconv from 'iconv-lite';
import * as OpenCC from 'opencc-js';
import { IngestError } from '../errors.js';

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5';
  /** Stray NUL bytes (or U+0000 characters) removed from the page; absent when there were none. */
  removedNul?: number;
}

/** What {@link decodeText} accepts as a correct decoding. */
export interface DecodeOptions {
  /**
   * Least share of the non-ASCII characters that must be {@link COMMON_CHARACTERS} (simplified or traditional) for a
   * legacy-encoded page to count as Chinese text. Default 0.3: the seed pages, encoded as GBK or (in traditional
   * script) as Big5 and decoded right, score 0.62–0.71 (punctuation counts as non-common); read with the other code
   * page they score 0.02–0.06; UTF-8 pages read as GBK score under 0.02.
   */
  minCommonShare?: number;
  /** Most replacement characters (U+FFFD, undecodable bytes) tolerated, as a share of the text. Default 0.01. */
  maxReplacementShare?: number;
}

/**
 * The 500 most frequent characters of Chinese news text, in simplified script (their traditional forms are added
 * by opencc at load time). Correctly decoded news pages are about three quarters these characters; a page decoded
 * with the wrong legacy code page (Big5 bytes read as GBK, or the reverse) is mostly rare characters and symbols.
 */
const COMMON_CHARACTERS = [
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本',
  '去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总',
  '次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权',
  '收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连',
  '断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞',
].join('');

let commonSet: Set<string> | null = null;

/** COMMON_CHARACTERS in both scripts (Taiwan and Hong Kong forms), built on first use. */
function commonCharacters(): Set<string> {
  if (!commonSet) {
    const toTw = OpenCC.Converter({ from: 'cn', to: 'tw' });
    const toHk = OpenCC.Converter({ from: 'cn', to: 'hk' });
    commonSet = new Set([...COMMON_CHARACTERS, ...toTw(COMMON_CHARACTERS), ...toHk(COMMON_CHARACTERS)]);
  }
  return commonSet;
}

/** How a candidate decoding reads: the share of common Chinese characters and the undecodable bytes. */
export interface DecodingScore {
  /** Common characters among the non-ASCII, non-space characters (0 when there are none). */
  commonShare: number;
  /** Replacement characters (U+FFFD). */
  replacements: number;
  /** Non-ASCII, non-space characters. */
  wide: number;
}

/** Scores a decoded text by how much of it is common Chinese characters. */
export function scoreDecoding(text: string): DecodingScore {
  const common = commonCharacters();
  let wide = 0;
  let hits = 0;
  let replacements = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80 || /\s/u.test(ch)) continue;
    wide++;
    if (ch === '\uFFFD') replacements++;
    else if (common.has(ch)) hits++;
  }
  return { commonShare: wide ? hits / wide : 0, replacements, wide };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Signatures of the binary formats most often dropped into a page folder by mistake (images, archives, documents). */
const BINARY_SIGNATURES: ReadonlyArray<readonly number[]> = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x25, 0x50, 0x44, 0x46], // %PDF
  [0x50, 0x4b, 0x03, 0x04], // ZIP, and the Office/ODF formats inside one
  [0x1f, 0x8b], // gzip
  [0x42, 0x5a, 0x68], // bzip2
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
  [0x52, 0x61, 0x72, 0x21], // RAR
  [0xd0, 0xcf, 0x11, 0xe0], // old Word/Excel (OLE)
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0x49, 0x49, 0x2a, 0x00], // TIFF
  [0x4d, 0x4d, 0x00, 0x2a], // TIFF
];

/**
 * True when the bytes look like a binary file: a known binary signature, or more than 5% NUL and control bytes in
 * the first 8 KiB. A few stray NUL bytes (an OCR or export glitch) do not make a page binary; {@link decodeText}
 * removes them.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  if (BINARY_SIGNATURES.some((sig) => bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b))) return true;
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return sample.length > 0 && control / sample.length > 0.05;
}

/** The bytes without NUL bytes, and how many there were (never part of a UTF-8, GBK or Big5 character). */
function withoutNulBytes(bytes: Uint8Array): { bytes: Uint8Array; removed: number } {
  let removed = 0;
  for (const b of bytes) if (b === 0) removed++;
  if (removed === 0) return { bytes, removed };
  const out = new Uint8Array(bytes.length - removed);
  let j = 0;
  for (const b of bytes) if (b !== 0) out[j++] = b;
  return { bytes: out, removed };
}

/** The text without U+0000 (a UTF-16 page's stray NULs), counted into `decoded.removedNul`. */
function withoutNulCharacters(decoded: DecodedText): DecodedText {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is removed here.
  const text = decoded.text.replace(/\u0000/g, '');
  const removed = decoded.text.length - text.length;
  if (removed === 0) return decoded;
  return { ...decoded, text, removedNul: (decoded.removedNul ?? 0) + removed };
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Refuses a decoding with more undecodable sequences than a clean export ever has. */
function checkReplacements(decoded: DecodedText, source: string, maxShare: number): DecodedText {
  const count = (decoded.text.match(/\uFFFD/g) ?? []).length;
  if (count > Math.max(2, decoded.text.length * maxShare)) {
    throw new IngestError(
      `${source}: decoded as ${decoded.encoding.toUpperCase()} but ${count} characters (${percent(count / Math.max(1, decoded.text.length))}) ` +
        'could not be decoded — the file is damaged or in another encoding; re-export the page as UTF-8',
    );
  }
  return decoded;
}

/**
 * Decodes a page file. Newsroom exports are often GBK (mainland) or Big5 (Hong Kong, Taiwan). Bytes that are not
 * UTF-8 are decoded both ways, since nearly every Big5 byte pair is also valid GBK and only reading the result tells
 * them apart: the decoding with more common Chinese characters wins (GB18030 on a tie), and it is accepted only when
 * it reads as Chinese text. Refusals are {@link IngestError}s naming the file, which the index build reports and skips.
 * @example decodeText(iconv.encode('本報訊 市政府召開會議。', 'big5'), 'hk/p1.txt').encoding // 'big5'
 */
export function decodeText(raw: Uint8Array, source: string, options: DecodeOptions = {}): DecodedText {
  const minCommon = options.minCommonShare ?? 0.3;
  const maxReplacement = options.maxReplacementShare ?? 0.01;
  if (raw.length >= 2 && raw[0] === 0xff && raw[1] === 0xfe) {
    return withoutNulCharacters(checkReplacements({ text: new TextDecoder('utf-16le').decode(raw.subarray(2)), encoding: 'utf-16le' }, source, maxReplacement));
  }
  if (raw.length >= 2 && raw[0] === 0xfe && raw[1] === 0xff) {
    return withoutNulCharacters(checkReplacements({ text: new TextDecoder('utf-16be').decode(raw.subarray(2)), encoding: 'utf-16be' }, source, maxReplacement));
  }
  if (looksBinary(raw)) {
    throw new IngestError(`${source}: binary file (not text) — only UTF-8, GBK or Big5 .txt/.md pages can be indexed`);
  }
  // Stray NUL bytes never reach the text (nor an answer); they cannot be part of a character in these encodings.
  const { bytes, removed } = withoutNulBytes(raw);
  const counted = (decoded: DecodedText): DecodedText => (removed ? { ...decoded, removedNul: removed } : decoded);
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  let text: string | null = null;
  try {
    text = utf8.decode(body);
  } catch {
    // not UTF-8: a legacy Chinese code page, decided below
  }
  // Valid UTF-8 is taken as UTF-8 (legacy double-byte text is almost never valid UTF-8 by accident), unless it is
  // mojibake: a page once decoded with the wrong code page and saved again, all rare Han characters.
  if (text !== null) {
    const score = scoreDecoding(text);
    const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
    if (han >= 100 && han >= score.wide / 2 && score.commonShare < minCommon / 2) {
      throw new IngestError(
        `${source}: UTF-8, but only ${percent(score.commonShare)} of its Chinese text is common characters — it looks ` +
          'like mojibake (decoded once with the wrong code page and saved again); export the page again from the original',
      );
    }
    return counted(checkReplacements({ text, encoding: 'utf-8' }, source, maxReplacement));
  }

  const buffer = Buffer.from(body);
  const candidates = (['gb18030', 'big5'] as const).map((encoding) => {
    const decoded = iconv.decode(buffer, encoding);
    return { decoded: { text: decoded, encoding } satisfies DecodedText, score: scoreDecoding(decoded) };
  });
  // Undecodable bytes count against a candidate: a wrong guess produces them, a right one rarely does.
  const merit = (s: DecodingScore) => (s.wide ? (s.commonShare * s.wide - 2 * s.replacements) / s.wide : 0);
  const [best] = [...candidates].sort((a, b) => merit(b.score) - merit(a.score));
  if (best.score.wide === 0 || best.score.commonShare < minCommon) {
    const detail = candidates
      .map((c) => `${c.decoded.encoding.toUpperCase()} ${percent(c.score.commonShare)} common characters`)
      .join(', ');
    throw new IngestError(
      `${source}: not UTF-8, and neither GB18030/GBK nor Big5 decoding reads as Chinese text (${detail}) — ` +
        're-export the page as UTF-8',
    );
  }
  return counted(checkReplacements(best.decoded, source, maxReplacement));
}
