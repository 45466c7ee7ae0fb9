// Names typed with a pinyin input method: a printed name that sounds the same (or one syllable off) is the one meant.
import { pinyin } from 'pinyin-pro';

const readingsCache = new Map<string, string[]>();

/** Every toneless reading of one character (长 → chang, zhang). */
function readings(char: string): string[] {
  let r = readingsCache.get(char);
  if (!r) {
    r = pinyin(char, { toneType: 'none', type: 'array', multiple: true }).map((x) => x.toLowerCase());
    if (!r.length) r = [char];
    readingsCache.set(char, r);
  }
  return r;
}

/**
 * Syllables an input method's fuzzy setting mixes up: initials z/zh, c/ch, s/sh, n/l, and finals an/ang, en/eng,
 * in/ing. Rewriting both sides to one spelling makes such syllables equal.
 */
const FUZZY: ReadonlyArray<[RegExp, string]> = [[/^zh/, 'z'], [/^ch/, 'c'], [/^sh/, 's'], [/^l/, 'n'], [/ang$/, 'an'], [/eng$/, 'en'], [/ing$/, 'in']];

const fuzzyCache = new Map<string, string>();

function fuzzy(syllable: string): string {
  let f = fuzzyCache.get(syllable);
  if (f === undefined) { f = FUZZY.reduce((s, [re, to]) => s.replace(re, to), syllable); fuzzyCache.set(syllable, f); }
  return f;
}

export type SoundMatch = 'same' | 'near' | null;

/**
 * How a typed name sounds against a printed one of the same length: `same` when every character shares a reading,
 * `near` when one character differs only by a fuzzy initial or final (zh/z, in/ing …), otherwise null.
 * Identical spellings are not a sound match (they need none).
 * @example soundMatch('王建国', '王健国') // 'same'
 */
export function soundMatch(typed: string, printed: string): SoundMatch {
  const a = [...typed];
  const b = [...printed];
  if (a.length !== b.length || typed === printed) return null;
  let near = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const ra = readings(a[i]);
    const rb = readings(b[i]);
    if (ra.some((x) => rb.includes(x))) continue;
    if (ra.some((x) => rb.some((y) => fuzzy(x) === fuzzy(y)))) { near++; continue; }
    return null;
  }
  return near === 0 ? 'same' : near === 1 ? 'near' : null;
}

/**
 * A typed name one character off a printed one that does not sound like it (倪海某 for 倪健某): the near miss of a
 * name the archive prints, not a spelling of it.
 */
export function isNearMiss(typed: string, printed: string): boolean {
  const a = [...typed];
  const b = [...printed];
  if (a.length !== b.length || a.length < 2 || typed === printed || a[0] !== b[0]) return false;
  return a.filter((c, i) => c !== b[i]).length === 1 && soundMatch(typed, printed) === null;
}
