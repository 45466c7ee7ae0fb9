// Picks the embedder: the configured transformers.js model, or the no-weights hash embedder when it cannot load.
import type { Embeddings } from '@langchain/core/embeddings';
import { HashEmbeddings } from './hash-embeddings.js';
import { describeError } from '../log.js';
import { TransformersEmbeddings } from './transformers-embeddings.js';

/** An `Embeddings` the index can record: a stable id and a known vector length. */
export type ArchiveEmbeddings = Embeddings & { readonly id: string; readonly dimensions: number };

export interface CreateEmbeddingsOptions {
  /** `hash` for the built-in embedder; anything else is a transformers.js model id or folder. */
  model: string;
  modelsDir: string;
  allowRemote: boolean;
  /** Where the fallback warning goes. Default `console.error` (stderr, so CLI JSON on stdout stays clean). */
  log?: (line: string) => void;
}

/** What {@link createEmbeddings} chose. */
export interface CreatedEmbeddings {
  embeddings: ArchiveEmbeddings;
  /** True when a model was asked for but could not be loaded, so the hash embedder stands in. */
  fallback: boolean;
}

/**
 * Builds the configured embedder, ready to use (`dimensions` known). A model that cannot be loaded is not fatal:
 * the reason is logged loudly and the built-in {@link HashEmbeddings} is returned with `fallback: true`.
 * With remote models disabled a missing model is detected from the filesystem alone, without importing
 * transformers.js or touching the network.
 *
 * @example
 * const { embeddings, fallback } = await createEmbeddings({ model: config.embeddingModel, modelsDir: config.modelsDir, allowRemote: config.allowRemoteModels });
 */
export async function createEmbeddings(options: CreateEmbeddingsOptions): Promise<CreatedEmbeddings> {
  if (options.model.trim().toLowerCase() === 'hash') return { embeddings: new HashEmbeddings(), fallback: false };
  const log = options.log ?? ((line: string) => console.error(line));
  const model = new TransformersEmbeddings({
    model: options.model,
    modelsDir: options.modelsDir,
    allowRemote: options.allowRemote,
  });
  try {
    await model.init();
    return { embeddings: model, fallback: false };
  } catch (error) {
    const hash = new HashEmbeddings();
    const reason = describeError(error);
    // One line, so it stays whole in logs; the reason already names the model, the folder and the fix.
    log(
      `WARNING: ${reason.replace(/\s+/g, ' ').replace(/\.$/, '')}. ` +
        `Falling back to the built-in no-weights embedder ${hash.id}; retrieval will be weaker. ` +
        `Set EMBEDDING_MODEL=hash to choose it deliberately.`,
    );
    return { embeddings: hash, fallback: true };
  }
}
