// The environment the e2e tests start the real bot (`src/main.ts`) with: a work folder of its own, the Bot API on a
// loopback port, the no-weights embedder, and — whatever a developer's .env says — offline and extractive.
import path from 'node:path';

export function botEnv(work: string, apiPort: number, token: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: `http://127.0.0.1:${apiPort}`,
    INPUT_DIR: path.join(work, 'seeds'),
    INDEX_DIR: path.join(work, 'vectors'),
    DATA_DIR: path.join(work, 'data'),
    MODELS_DIR: path.join(work, 'models'),
    EMBEDDING_MODEL: 'hash',
    LLM_BASE_URL: '',
    ALLOW_REMOTE_MODELS: '0',
    ...extra,
  };
}
