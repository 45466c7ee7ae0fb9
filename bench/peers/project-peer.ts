// Adapter for the project's own retrieval (src/retrieve/passage-index.ts), loaded only if the module exists.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchPassage, Hit, Peer } from './types.js';

/** The contract the bench expects from src/retrieve/passage-index.ts. */
export interface PassageIndexModule {
  buildPassageIndex(
    passages: Array<{ id: string; title: string; text: string }>,
    options?: { embeddings?: 'hash' },
  ): Promise<{ search(question: string, k: number): Promise<Array<{ id: string; score: number }>> }>;
}

const MODULE_URL = new URL('../../src/retrieve/passage-index.ts', import.meta.url);

/** Why the project row cannot run, or null when the module is there. */
export function projectPeerUnavailable(): string | null {
  return existsSync(fileURLToPath(MODULE_URL))
    ? null
    : 'src/retrieve/passage-index.ts is not in the tree yet, so the project row was skipped.';
}

/**
 * The project's hybrid retrieval with the no-weights (hash) embedder, as `npm run ask` would run it offline.
 * Unlike the peers it normalises script (NFKC, traditional → simplified) on both sides.
 */
export const projectPeer: Peer = {
  name: 'project (hybrid, hash embeddings)',
  description:
    "The project's retrieval: `buildPassageIndex(passages, { embeddings: 'hash' })` from src/retrieve/passage-index.ts; it normalises script (NFKC, simplified) before matching.",
  async build(passages: readonly BenchPassage[]) {
    // A computed specifier keeps the type-check independent of whether the module has landed yet.
    const specifier: string = MODULE_URL.href;
    const mod = (await import(specifier)) as PassageIndexModule;
    if (typeof mod.buildPassageIndex !== 'function') {
      throw new Error('src/retrieve/passage-index.ts does not export buildPassageIndex(passages, options)');
    }
    const index = await mod.buildPassageIndex(
      passages.map((p) => ({ id: p.id, title: p.title, text: p.text })),
      { embeddings: 'hash' },
    );
    return { search: (question: string, k: number): Promise<Hit[]> => index.search(question, k) };
  },
};
