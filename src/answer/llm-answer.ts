// Optional LLM answerer: numbered passages → short cited Chinese answer via any OpenAI-compatible chat endpoint.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { AppError } from '../errors.js';
import { checkLlmAnswer, cleanCitations, maskInstructions } from './llm-check.js';
import { maskIdentifiers } from './privacy.js';

/**
 * What the model is told to reply, verbatim, when the passages do not answer the question
 * (see `prompts/answer.zh.md`). Also the `answer` returned with `found: false`.
 */
export const NOT_FOUND_MARKER = '资料中没有相关内容';

/** The LLM call failed, timed out or gave nothing usable; callers fall back to the extractive answer. */
export class LlmError extends AppError {
  override readonly name = 'LlmError';
}

/** One retrieved passage as shown to the model; `n` is the number it must cite as `[n]`. */
export interface LlmPassage {
  n: number;
  title: string;
  paper: string | null;
  date: string | null;
  page: string | null;
  text: string;
}

export interface LlmAnswerInput {
  question: string;
  passages: LlmPassage[];
}

export interface LlmAnswerOptions {
  /** OpenAI-compatible base URL including the version path, e.g. `http://127.0.0.1:8000/v1`. */
  baseUrl: string;
  apiKey: string;
  model: string;
  /** Budget for the whole call, retries included; past it the call is aborted and an `LlmError` thrown. */
  timeoutMs: number;
  /** Folder holding `answer.zh.md`. Default: `prompts/` at the project root (found from this module, not cwd). */
  promptDir?: string;
  /** Any LangChain chat model to use instead of `ChatOpenAI` built from the fields above. */
  chatModel?: BaseChatModel;
  /** Retries after a failed request (5xx, connection error) within `timeoutMs`. Default 1. */
  maxRetries?: number;
}

export interface LlmAnswer {
  /** The model's answer with only valid `[n]` markers left; `NOT_FOUND_MARKER` when `found` is false. */
  answer: string;
  /** Sorted unique passage numbers the answer cites. */
  cited: number[];
  /** False when the model said the passages do not contain the answer. */
  found: boolean;
}

const PROMPT_FILE = 'answer.zh.md';
const promptCache = new Map<string, Promise<ChatPromptTemplate>>();

/** Walks up from this module to the folder with package.json, so it works from src/ under tsx or from a build. */
function findProjectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new LlmError(`no package.json above ${fileURLToPath(import.meta.url)} — cannot locate prompts/`);
    dir = parent;
  }
}

async function readPrompt(file: string): Promise<ChatPromptTemplate> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (cause) {
    throw new LlmError(`cannot read prompt ${file} — restore prompts/${PROMPT_FILE} from the repository`, { cause });
  }
  const match = /<!--\s*system\s*-->([\s\S]*?)<!--\s*user\s*-->([\s\S]*)$/.exec(raw);
  if (!match) throw new LlmError(`prompt ${file} needs a "<!-- system -->" section followed by a "<!-- user -->" section`);
  const template = ChatPromptTemplate.fromMessages([
    ['system', match[1].trim()],
    ['human', match[2].trim()],
  ]);
  const vars = [...template.inputVariables].sort().join(',');
  if (vars !== 'passages,question') {
    throw new LlmError(`prompt ${file} must use exactly the placeholders {question} and {passages}, found: ${vars || 'none'}`);
  }
  return template;
}

function loadPrompt(promptDir: string | undefined): Promise<ChatPromptTemplate> {
  const file = path.resolve(promptDir ?? path.join(findProjectRoot(), 'prompts'), PROMPT_FILE);
  let cached = promptCache.get(file);
  if (!cached) {
    cached = readPrompt(file);
    // A failed read is not cached, so fixing the file helps without a restart.
    cached.catch(() => promptCache.delete(file));
    promptCache.set(file, cached);
  }
  return cached;
}

/** Makes untrusted text inert inside the tagged prompt: full-width angle brackets cannot open or close a tag. */
function neutralise(text: string): string {
  return text.replace(/</g, '＜').replace(/>/g, '＞');
}

/** As {@link neutralise}, and a straight double quote cannot end the attribute value either. */
function neutraliseAttr(text: string): string {
  return neutralise(text).replace(/"/g, '＂');
}

/**
 * Renders passages as `<passage n="1" title="…" paper="…" date="…" page="…">…</passage>`; unknown fields are left out.
 * This is what an external model sees of the archive, so identity and phone numbers are masked here, in headlines too,
 * and text that reads as an instruction to a model (a planted 「忽略以上所有指令…」) is replaced by `INSTRUCTION_MASK`.
 */
export function formatPassages(passages: LlmPassage[]): string {
  return passages
    .map((p) => {
      const attrs = [`n="${p.n}"`, `title="${neutraliseAttr(maskIdentifiers(p.title))}"`];
      if (p.paper) attrs.push(`paper="${neutraliseAttr(p.paper)}"`);
      if (p.date) attrs.push(`date="${neutraliseAttr(p.date)}"`);
      if (p.page) attrs.push(`page="${neutraliseAttr(p.page)}"`);
      return `<passage ${attrs.join(' ')}>\n${neutralise(maskInstructions(maskIdentifiers(p.text.trim())))}\n</passage>`;
    })
    .join('\n');
}

/** True when the reply is (or opens with) the not-found marker, ignoring quotes and punctuation around it. */
function saysNotFound(reply: string): boolean {
  const bare = reply.replace(/^[\s「『"“'‘]+/, '');
  return bare.startsWith(NOT_FOUND_MARKER);
}

/**
 * Answers `input.question` from the numbered passages with an LLM, citing them as `[n]`.
 *
 * The reply is checked sentence by sentence against the passages ({@link checkLlmAnswer}): a sentence citing only
 * numbers that were not given, or nothing, is dropped with its claim; a cited sentence must share its key words with
 * the passages it cites. `cited` lists the valid numbers used. When the model says the passages hold nothing on the
 * question, the result is `{ answer: NOT_FOUND_MARKER, cited: [], found: false }`.
 *
 * @throws LlmError on an HTTP or connection error, on timeout (`timeoutMs` covers retries too), and when the
 *   reply is empty or fails the check (no cited sentence left, a sentence its passages do not support, an
 *   instruction obeyed) — the caller should then use the extractive answer (see {@link answerWithFallback}).
 * @example
 * const { answer, cited, found } = await answerWithLlm(
 *   { question: '8月6日市委书记调研了哪些项目？', passages },
 *   { baseUrl: 'http://127.0.0.1:8000/v1', apiKey: 'none', model: 'qwen2.5', timeoutMs: 8_000 },
 * );
 */
export async function answerWithLlm(input: LlmAnswerInput, options: LlmAnswerOptions): Promise<LlmAnswer> {
  if (input.passages.length === 0) return { answer: NOT_FOUND_MARKER, cited: [], found: false };
  const prompt = await loadPrompt(options.promptDir);
  // Imported on first use: @langchain/openai costs about two seconds of start-up that extractive-only runs never need.
  const model =
    options.chatModel ??
    new (await import('@langchain/openai')).ChatOpenAI({
      model: options.model,
      apiKey: options.apiKey,
      configuration: { baseURL: options.baseUrl },
      temperature: 0,
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries ?? 1,
      streaming: false,
    });
  const chain = prompt.pipe(model).pipe(new StringOutputParser());
  const signal = AbortSignal.timeout(options.timeoutMs);
  let reply: string;
  try {
    reply = await chain.invoke(
      // The question is masked too: a number typed into it would otherwise reach the model unmasked.
      { question: neutralise(maskIdentifiers(input.question.trim())), passages: formatPassages(input.passages) },
      { signal },
    );
  } catch (cause) {
    const what = signal.aborted ? `timed out after ${options.timeoutMs} ms` : `failed: ${(cause as Error)?.message ?? String(cause)}`;
    throw new LlmError(`LLM call to ${options.baseUrl} (model ${options.model}) ${what} — check LLM_BASE_URL/LLM_MODEL or raise LLM_TIMEOUT_MS`, { cause });
  }

  const reply0 = reply.trim();
  if (saysNotFound(reply0)) return { answer: NOT_FOUND_MARKER, cited: [], found: false };
  const cleaned = cleanCitations(reply0, new Set(input.passages.map((p) => p.n)));
  if (!cleaned.text) throw new LlmError(`LLM (model ${options.model}) returned an empty answer`);
  const check = checkLlmAnswer(reply0, input.passages);
  if (!check.ok) {
    // An uncited reply that says the passages hold nothing (with some words around it) is a not-found answer.
    if (cleaned.cited.length === 0 && reply0.includes(NOT_FOUND_MARKER)) return { answer: NOT_FOUND_MARKER, cited: [], found: false };
    throw new LlmError(`LLM (model ${options.model}) answer failed the check against its passages — ${check.reason}: ${JSON.stringify(reply0.slice(0, 200))}`);
  }
  return { answer: check.answer, cited: check.cited, found: true };
}

/** Receives the reason the LLM answer was not used, and the error itself. */
export type FallbackLog = (message: string, error: unknown) => void;

/**
 * Runs `llm` and returns its result; if it throws (error, timeout, unusable reply), logs why and returns
 * `extractive()` instead. With `llm` null (no LLM configured) it goes straight to `extractive()`.
 * Errors from `extractive` itself propagate: there is nothing left to fall back to.
 *
 * @example
 * const result = await answerWithFallback(
 *   config.llm ? () => answerWithLlm(input, config.llm!).then(toAskResult) : null,
 *   () => answerExtractive(question, passages),
 *   (msg, err) => console.error(msg, err),
 * );
 */
export async function answerWithFallback<T>(
  llm: (() => Promise<T>) | null | undefined,
  extractive: () => Promise<T> | T,
  log: FallbackLog,
): Promise<T> {
  if (llm) {
    try {
      return await llm();
    } catch (error) {
      log(`LLM answer not used, falling back to the extractive answer: ${(error as Error)?.message ?? String(error)}`, error);
    }
  }
  return extractive();
}
