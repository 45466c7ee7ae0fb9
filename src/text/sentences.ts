// Sentences of a text, as the chunker, the ranker and the answerer cut it.

/** Sentence end: 。！？； and half-width forms, optionally followed by closing quotes/brackets; or a newline. */
const SENTENCE_RE = /[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)]*|\n|$)/g;

/**
 * Longest sentence, in UTF-16 units. A page OCR'd without line breaks or full stops is one "sentence" of the whole
 * page; every scan of a sentence (a regex, a tagger, a quote) would then cost the page's length, and a scan per
 * position of it the square. Longer stretches are cut at a clause (see `capSentence`). 300: the longest sentence of
 * the CMRC 2018 / DRCD pages and the held-out suite is 304 characters, the longest quote of their answers 283.
 */
export const MAX_SENTENCE_CHARS = 300;

/** Where a long sentence may be cut: after a clause mark or a space. */
const CLAUSE_END_RE = /[，；、,;：:\s]/;

/**
 * Where a stretch starting at `from` may be cut to stay within `max` characters: just after the last clause mark or
 * space in its second half, or null when there is none.
 */
function clauseCut(charAt: (k: number) => string, from: number, max: number): number | null {
  for (let k = from + max - 1; k >= from + Math.ceil(max / 2); k--) if (CLAUSE_END_RE.test(charAt(k))) return k + 1;
  return null;
}

/**
 * Splits text into sentences with their start offsets; the pieces concatenate back to the text. A sentence longer
 * than `MAX_SENTENCE_CHARS` comes as several pieces, cut at clauses (see `capSentence`).
 */
export function splitSentences(text: string): Array<{ text: string; start: number }> {
  const out: Array<{ text: string; start: number }> = [];
  SENTENCE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SENTENCE_RE.exec(text))) {
    if (m[0].length === 0) { SENTENCE_RE.lastIndex++; if (SENTENCE_RE.lastIndex > text.length) break; continue; }
    if (m[0].length <= MAX_SENTENCE_CHARS) { out.push({ text: m[0], start: m.index }); continue; }
    for (const piece of capSentence(m[0])) out.push({ text: piece.text, start: m.index + piece.start });
  }
  return out;
}

/**
 * A long stretch of text cut into pieces of at most `max` units: each ends after the last clause mark or space in
 * its second half, else at `max` (never inside a surrogate pair). The pieces concatenate back to the text; one pass.
 * @example capSentence('甲，乙', 2) // [{ text: '甲，', start: 0 }, { text: '乙', start: 2 }]
 */
export function capSentence(text: string, max = MAX_SENTENCE_CHARS): Array<{ text: string; start: number }> {
  const out: Array<{ text: string; start: number }> = [];
  let from = 0;
  while (text.length - from > max) {
    let cut = clauseCut((k) => text[k], from, max) ?? from + max;
    const code = text.charCodeAt(cut - 1);
    if (cut === from + max && code >= 0xd800 && code <= 0xdbff && cut - 1 > from) cut--;
    out.push({ text: text.slice(from, cut), start: from });
    from = cut;
  }
  if (from < text.length) out.push({ text: text.slice(from), start: from });
  return out;
}

/**
 * A text shortened to at most `max` characters for display: cut after the last clause mark or space in its second
 * half (else at `max`), trailing punctuation dropped and an ellipsis added. Shorter text is returned as it is.
 * @example clip('第一句，第二句，第三句', 6) // '第一句…'
 */
export function clip(text: string, max = MAX_SENTENCE_CHARS): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = (clauseCut((k) => chars[k], 0, max) ?? max) - 1;
  return chars.slice(0, cut).join('').replace(/[，；、,;：:\s]+$/, '') + '…';
}
