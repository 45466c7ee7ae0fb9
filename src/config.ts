// The only reader of process.env: configuration validated once, frozen, passed inward.
import dotenv from 'dotenv';
import path from 'node:path';
import { ConfigError } from './errors.js';

/** Vector graph parameters of an index build (search reads them back from the index it opens). */
export interface HnswParams {
  M: number;
  efConstruction: number;
  efSearch: number;
}

/**
 * The HNSW parameters the scale benchmark chose (`npm run bench -- --only scale` writes them to
 * bench/hnsw-defaults.json; a test keeps the two equal). HNSW_M, HNSW_EF_CONSTRUCTION and HNSW_EF_SEARCH override.
 */
export const DEFAULT_HNSW: Readonly<HnswParams> = Object.freeze({ M: 16, efConstruction: 200, efSearch: 1280 });

export interface Config {
  /** Folder of page files to index. Default `seeds/`. */
  inputDir: string;
  /** Index folder. Default `vectors/` (env INDEX_DIR). */
  indexDir: string;
  /** `hash` forces the built-in no-weights embedder; anything else is a transformers.js model id. */
  embeddingModel: string;
  modelsDir: string;
  /** Whether transformers.js may download models (ALLOW_REMOTE_MODELS=1). Off by default: deployments opt in. */
  allowRemoteModels: boolean;
  telegramToken: string | null;
  telegramApiRoot: string | null;
  adminIds: number[];
  /** File where subscriptions are persisted. */
  dataDir: string;
  maxQuestionLength: number;
  /** Largest page file the index accepts, in MiB (MAX_FILE_MB, default 20). */
  maxFileMb: number;
  /** Largest share of the indexed files one build may remove without `--allow-shrink` (MAX_SHRINK_SHARE, 0.5). */
  maxShrinkShare: number;
  /** Longest time reading one page may take (parse + chunk), in ms (PARSE_BUDGET_MS, default 20000): a slower page is skipped. */
  parseBudgetMs: number;
  /** Questions per user per minute. */
  rateLimitPerMinute: number;
  /** Vector graph parameters for builds. Default {@link DEFAULT_HNSW}. */
  hnsw: HnswParams;
  /** Digest pushes per second across all chats (PUSH_RATE_PER_SECOND, default 25 of Telegram's ~30; answers get the rest). */
  pushRatePerSecond: number;
  llm: { baseUrl: string; apiKey: string; model: string; timeoutMs: number } | null;
}

function parseIds(raw: string | undefined): number[] {
  if (!raw?.trim()) return [];
  return raw.split(/[,\s]+/).filter(Boolean).map((s) => {
    const n = Number(s);
    if (!Number.isSafeInteger(n)) throw new ConfigError(`ADMIN_IDS has "${s}", which is not a Telegram user id — use numbers separated by commas`);
    return n;
  });
}

function parseIntVar(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`${name}="${raw}" must be a positive number`);
  return Math.floor(n);
}

function parseShare(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new ConfigError(`${name}="${raw}" must be a share between 0 and 1`);
  return n;
}

/** Reads configuration from the environment (and `.env`). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  // quiet: dotenv otherwise prints a banner on stdout, which would break the CLI's JSON output.
  if (env === process.env) dotenv.config({ quiet: true });
  const root = process.cwd();
  const llmBase = env.LLM_BASE_URL?.trim();
  const config: Config = {
    inputDir: path.resolve(root, env.INPUT_DIR || 'seeds'),
    indexDir: path.resolve(root, env.INDEX_DIR || 'vectors'),
    embeddingModel: env.EMBEDDING_MODEL?.trim() || 'Xenova/bge-small-zh-v1.5',
    modelsDir: path.resolve(root, env.MODELS_DIR || 'models'),
    allowRemoteModels: env.ALLOW_REMOTE_MODELS === '1' || env.ALLOW_REMOTE_MODELS === 'true',
    telegramToken: env.TELEGRAM_BOT_TOKEN?.trim() || null,
    telegramApiRoot: env.TELEGRAM_API_ROOT?.trim() || null,
    adminIds: parseIds(env.ADMIN_IDS),
    dataDir: path.resolve(root, env.DATA_DIR || 'data'),
    maxQuestionLength: parseIntVar(env, 'MAX_QUESTION_LENGTH', 300),
    maxFileMb: parseIntVar(env, 'MAX_FILE_MB', 20),
    maxShrinkShare: parseShare(env, 'MAX_SHRINK_SHARE', 0.5),
    parseBudgetMs: parseIntVar(env, 'PARSE_BUDGET_MS', 20_000),
    rateLimitPerMinute: parseIntVar(env, 'RATE_LIMIT_PER_MINUTE', 10),
    hnsw: {
      M: parseIntVar(env, 'HNSW_M', DEFAULT_HNSW.M),
      efConstruction: parseIntVar(env, 'HNSW_EF_CONSTRUCTION', DEFAULT_HNSW.efConstruction),
      efSearch: parseIntVar(env, 'HNSW_EF_SEARCH', DEFAULT_HNSW.efSearch),
    },
    pushRatePerSecond: parseIntVar(env, 'PUSH_RATE_PER_SECOND', 25),
    llm: llmBase
      ? {
          baseUrl: llmBase,
          apiKey: env.LLM_API_KEY?.trim() || 'none',
          model: env.LLM_MODEL?.trim() || 'gpt-4o-mini',
          timeoutMs: parseIntVar(env, 'LLM_TIMEOUT_MS', 8_000),
        }
      : null,
  };
  return Object.freeze(config);
}
