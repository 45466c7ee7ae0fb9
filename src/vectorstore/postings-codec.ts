// Posting lists on disk: (doc, tf) pairs, docs ascending, as varints of the doc gaps and the term frequencies.

/** Encodes a flat [doc, tf, doc, tf, …] list whose docs ascend. */
export function encodePostings(flat: ArrayLike<number>): Buffer {
  const out = Buffer.allocUnsafe(flat.length * 5);
  let at = 0;
  let prev = 0;
  const put = (value: number) => {
    let v = value;
    while (v >= 0x80) { out[at++] = (v & 0x7f) | 0x80; v >>>= 7; }
    out[at++] = v;
  };
  for (let i = 0; i < flat.length; i += 2) {
    put(flat[i] - prev);
    put(flat[i + 1]);
    prev = flat[i];
  }
  return out.subarray(0, at);
}

/**
 * Appends the pairs of an encoded list to `docs`/`tfs` from position `at`, skipping docs `keep` rejects; returns the
 * new end. The arrays must have room for `bytes.length / 2` more pairs (every pair takes two bytes or more).
 */
export function decodePostingsInto(bytes: Uint8Array, docs: Int32Array, tfs: Int32Array, at: number, keep?: (doc: number) => boolean): number {
  let i = 0;
  let doc = 0;
  let n = at;
  const get = () => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[i++];
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  };
  while (i < bytes.length) {
    doc += get();
    const tf = get();
    if (keep && !keep(doc)) continue;
    docs[n] = doc;
    tfs[n] = tf;
    n++;
  }
  return n;
}
