// The gate on how src/ is layered: each folder imports only from its own layer or the ones below it, so the
// Chinese-text knowledge (text/) and the stages under the bot never reach back up (no import cycles either: see
// biome.json, suspicious/noImportCycles, run by `npm test`).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '../src');

/** Layer of each top-level module of src/, lowest first. A module may import its own layer and lower ones. */
const LAYERS: Record<string, number> = {
  errors: 0, domain: 0, log: 1, config: 1,
  text: 2,
  ingest: 3, chunk: 3, embed: 3,
  vectorstore: 4,
  retrieve: 5,
  answer: 6, digest: 6, eval: 6,
  archive: 7,
  bot: 8, cli: 8, 'run-main': 8, main: 9,
};

function moduleOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length > 1 ? rel[0] : rel[0].replace(/\.ts$/, '');
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

describe('src layering', () => {
  it('every import points to the same layer or a lower one', () => {
    const wrong: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const from = moduleOf(file);
      expect(LAYERS[from], `${path.relative(SRC, file)} belongs to no layer: add it to LAYERS`).toBeDefined();
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/gms)) {
        const target = path.resolve(path.dirname(file), m[1]);
        if (!target.startsWith(SRC + path.sep)) continue;
        const to = moduleOf(target.replace(/\.js$/, '.ts'));
        if (to !== from && (LAYERS[to] ?? Infinity) > LAYERS[from]) wrong.push(`${path.relative(SRC, file)} → ${m[1]}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
