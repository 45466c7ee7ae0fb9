// Markdown helpers and the section-by-section update of bench/RESULTS.md.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** A GitHub-flavoured markdown table; the first column is left-aligned, the others right-aligned. */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const align = headers.map((_, i) => (i === 0 ? '---' : '---:'));
  return [headers, align, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/** Fixed decimals, or an en dash for a missing value. */
export function fix(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

export function mib(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

export function seconds(s: number): string {
  return s >= 120 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(1)} s`;
}

const START = (id: string): string => `<!-- bench:${id}:start -->`;
const END = (id: string): string => `<!-- bench:${id}:end -->`;

/** Section ids in the order they appear in RESULTS.md. */
export const SECTION_ORDER = ['header', 'quality', 'answers', 'scale', 'archive', 'ingest', 'oneline', 'bot'] as const;
export type SectionId = (typeof SECTION_ORDER)[number];

/**
 * Replaces the given sections of a RESULTS.md text, keeping the others as they were, so that
 * `npm run bench -- --only scale` refreshes the scale numbers without discarding the quality ones.
 */
export function mergeSections(previous: string, sections: Partial<Record<SectionId, string>>): string {
  const blocks = SECTION_ORDER.map((id) => {
    const fresh = sections[id];
    if (fresh !== undefined) return `${START(id)}\n${fresh.trim()}\n${END(id)}`;
    const s = previous.indexOf(START(id));
    const e = previous.indexOf(END(id));
    if (s >= 0 && e > s) return previous.slice(s, e + END(id).length);
    return `${START(id)}\n_Not run yet: \`npm run bench -- --only ${id}\`._\n${END(id)}`;
  });
  return blocks.join('\n\n') + '\n';
}

export function writeResults(file: string, sections: Partial<Record<SectionId, string>>): void {
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  writeFileSync(file, mergeSections(previous, sections));
}

/** Whether the results file already has a section. */
export function hasSection(file: string, id: SectionId): boolean {
  return existsSync(file) && readFileSync(file, 'utf8').includes(START(id));
}
