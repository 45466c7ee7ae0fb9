// Sentences of a text, as the chunker, the ranker and the answerer cut it.

/** Sentence end: 。！？； and half-width forms, optionally followed by closing quotes/brackets; or a newline. */
const SENTENCE_RE = /[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)]*|\n|$)/g;

/** Splits text into sentences with their start offsets; the pieces concatenate back to the text. */
export function splitSentences(text: string): Array<{ text: string; start: number }> {
  const out: Array<{ text: string; start: number }> = [];
  SENTENCE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SENTENCE_RE.exec(text))) {
    if (m[0].length === 0) { SENTENCE_RE.lastIndex++; if (SENTENCE_RE.lastIndex > text.length) break; continue; }
    out.push({ text: m[0], start: m.index });
  }
  return out;
}
