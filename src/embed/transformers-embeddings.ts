// Sentence embeddings from a local ONNX model through transformers.js (default: bge-small-zh-v1.5).
import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import type { DataType, FeatureExtractionPipeline } from '@huggingface/transformers';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.js';
import { describeError } from '../log.js';

/** The model used when none is configured. */
export const DEFAULT_TRANSFORMERS_MODEL = 'Xenova/bge-small-zh-v1.5';

/** The query prefix the Chinese bge models were trained with for retrieval (queries only, never passages). */
export const BGE_ZH_QUERY_INSTRUCTION = '为这个句子生成表示以用于检索相关文章：';

export interface TransformersEmbeddingsOptions extends EmbeddingsParams {
  /** A Hugging Face model id (`Xenova/bge-small-zh-v1.5`) or a folder path (absolute, or starting with `./`/`../`). */
  model: string;
  /** Where model ids are looked up (`<modelsDir>/<model id>/…`) and downloads are cached. */
  modelsDir: string;
  /** Whether a model missing from `modelsDir` may be downloaded from the Hugging Face Hub. */
  allowRemote: boolean;
  /** How token vectors become one vector. Default `cls` for bge models, `mean` otherwise. */
  pooling?: 'cls' | 'mean';
  /** L2-normalise the vectors. Default true. */
  normalize?: boolean;
  /** Texts per forward pass in `embedDocuments`. Default 16. */
  batchSize?: number;
  /** Prefix for `embedQuery` texts. Default {@link BGE_ZH_QUERY_INSTRUCTION} for Chinese bge models, none otherwise. */
  queryInstruction?: string;
  /**
   * Weights to load: `fp32` reads `onnx/model.onnx`, `q8` reads `onnx/model_quantized.onnx` (smaller, faster,
   * slightly less accurate). Default `fp32`.
   */
  dtype?: 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4';
}

/** File suffixes transformers.js appends to `onnx/model` for each dtype. */
const DTYPE_SUFFIX: Record<NonNullable<TransformersEmbeddingsOptions['dtype']>, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
};

/** Whether `model` names a folder rather than a Hub id. */
export function isModelPath(model: string): boolean {
  return path.isAbsolute(model) || /^\.\.?[\\/]/.test(model);
}

function isBge(model: string): boolean {
  return /(^|[\\/_-])bge/i.test(model);
}

/**
 * LangChain `Embeddings` backed by a transformers.js `feature-extraction` pipeline. Call {@link init} once before
 * reading {@link dimensions}; the embed methods call it themselves. transformers.js keeps its settings (`env`)
 * process-wide: each `init` sets them from its own options, so instances with different `modelsDir` should not
 * initialise concurrently.
 *
 * @example
 * const embeddings = new TransformersEmbeddings({ model: 'Xenova/bge-small-zh-v1.5', modelsDir: 'models', allowRemote: false });
 * await embeddings.init(); // throws AppError when the model cannot be loaded
 * const vector = await embeddings.embedQuery('全市有多少项审批事项下沉至一线？');
 */
export class TransformersEmbeddings extends Embeddings {
  /** Identifies the embedder in the index manifest: `transformers:<model>`. */
  readonly id: string;
  readonly model: string;
  private readonly modelsDir: string;
  private readonly allowRemote: boolean;
  private readonly pooling: 'cls' | 'mean';
  private readonly normalize: boolean;
  private readonly batchSize: number;
  private readonly queryInstruction: string;
  private readonly dtype: NonNullable<TransformersEmbeddingsOptions['dtype']>;
  private extractor: FeatureExtractionPipeline | null = null;
  private loading: Promise<void> | null = null;
  private dims = 0;

  constructor(options: TransformersEmbeddingsOptions) {
    super(options);
    this.model = options.model || DEFAULT_TRANSFORMERS_MODEL;
    this.id = `transformers:${this.model}`;
    this.modelsDir = path.resolve(options.modelsDir);
    this.allowRemote = options.allowRemote;
    const bge = isBge(this.model);
    this.pooling = options.pooling ?? (bge ? 'cls' : 'mean');
    this.normalize = options.normalize ?? true;
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? 16));
    this.queryInstruction = options.queryInstruction ?? (bge && /zh/i.test(this.model) ? BGE_ZH_QUERY_INSTRUCTION : '');
    this.dtype = options.dtype ?? 'fp32';
  }

  /** Vector length; 0 until {@link init} has resolved. */
  get dimensions(): number {
    return this.dims;
  }

  /**
   * Loads the model once (later calls share the same promise) and runs one embedding to learn its dimension.
   * Rejects with an `AppError` saying why the model could not be loaded; a later call tries again.
   */
  init(): Promise<void> {
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    await this.init();
    const out: number[][] = [];
    for (let i = 0; i < documents.length; i += this.batchSize) {
      out.push(...(await this.run(documents.slice(i, i + this.batchSize))));
    }
    return out;
  }

  async embedQuery(document: string): Promise<number[]> {
    await this.init();
    const [vector] = await this.run([this.queryInstruction + document]);
    return vector;
  }

  /** Releases the ONNX Runtime session. */
  async dispose(): Promise<void> {
    const extractor = this.extractor;
    this.extractor = null;
    this.loading = null;
    await extractor?.dispose();
  }

  private modelFolder(): string {
    return isModelPath(this.model) ? path.resolve(this.model) : path.join(this.modelsDir, this.model);
  }

  private async load(): Promise<void> {
    const folder = this.modelFolder();
    const weights = path.join('onnx', `model${DTYPE_SUFFIX[this.dtype]}.onnx`);
    // Fail fast with a plain reason instead of letting transformers.js walk its lookup chain: without remote
    // access a missing file can only end in an error, and importing onnxruntime costs most of a second.
    if (!this.allowRemote || isModelPath(this.model)) {
      const missing = ['config.json', 'tokenizer.json', weights].filter((f) => !existsSync(path.join(folder, f)));
      if (missing.length > 0) {
        throw new AppError(
          `Embedding model "${this.model}" could not be loaded: ${missing.join(', ')} missing in ${folder}` +
            (this.allowRemote ? '' : ' and remote downloads are disabled (set ALLOW_REMOTE_MODELS=1 to download it once)'),
        );
      }
    }
    try {
      const { pipeline, env } = await import('@huggingface/transformers');
      env.allowLocalModels = true;
      env.allowRemoteModels = this.allowRemote;
      env.localModelPath = this.modelsDir;
      env.cacheDir = this.modelsDir;
      // transformers.js treats anything that is not a Hub id as a path; an absolute path keeps it independent of cwd.
      const target = isModelPath(this.model) ? folder : this.model;
      const extractor = await pipeline('feature-extraction', target, {
        dtype: this.dtype as DataType,
        device: 'cpu',
        local_files_only: !this.allowRemote,
        cache_dir: this.modelsDir,
      });
      this.extractor = extractor;
      const [probe] = await this.run(['测试']);
      this.dims = probe.length;
    } catch (error) {
      this.extractor = null;
      const reason = describeError(error);
      throw new AppError(`Embedding model "${this.model}" could not be loaded from ${folder}: ${reason}`, { cause: error });
    }
  }

  private async run(texts: string[]): Promise<number[][]> {
    if (!this.extractor) throw new AppError(`Embedding model "${this.model}" is not loaded; call init() first`);
    if (texts.length === 0) return [];
    const output = await this.extractor(texts, { pooling: this.pooling, normalize: this.normalize });
    const [rows, width] = output.dims;
    const data = output.data as Float32Array;
    const vectors: number[][] = [];
    for (let r = 0; r < rows; r++) vectors.push(Array.from(data.subarray(r * width, (r + 1) * width)));
    output.dispose?.();
    return vectors;
  }
}
