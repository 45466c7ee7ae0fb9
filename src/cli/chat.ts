// Terminal chat: the bot's commands and answers on stdin/stdout, one question or command per line.
import { describeError, stderrLog } from '../log.js';
import { createInterface } from 'node:readline';
import type { Config } from '../config.js';
import type { ArchiveService } from '../domain.js';
import { isAppError } from '../errors.js';
import { formatArticle, htmlToText, type SourceRef } from '../bot/format.js';
import { MSG } from '../bot/messages.zh.js';
import { answerQuestion, digestReply, helpReply, questionProblem, startReply, statsReply } from '../bot/replies.js';

/** What {@link runChat} needs. */
export interface ChatOptions {
  archive: ArchiveService;
  config: Readonly<Config>;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Show a welcome line and a prompt (when talking to a person at a terminal). Default: input is a TTY. */
  interactive?: boolean;
  /** Clock for relative dates. Default `() => new Date()`. */
  now?: () => Date;
  log?: (line: string) => void;
}

/**
 * Reads lines until end of input (or /exit), answering each like the bot would, as plain text.
 * Resolves when the input ends.
 */
export async function runChat(options: ChatOptions): Promise<void> {
  const { archive, config, output } = options;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? stderrLog;
  const interactive = options.interactive ?? Boolean((options.input as { isTTY?: boolean }).isTTY);
  const print = (text: string) => output.write(`${text.replace(/\n+$/, '')}\n\n`);
  let lastSources: SourceRef[] = [];

  const handle = async (line: string): Promise<boolean> => {
    const command = /^\/([A-Za-z_]+)(?:@\S+)?(?:\s+([\s\S]*))?$/.exec(line);
    if (!command) {
      await ask(line);
      return true;
    }
    const [, name, rest = ''] = command;
    switch (name.toLowerCase()) {
      case 'start':
        print(htmlToText(await startReply(archive)));
        break;
      case 'help':
        print(`${htmlToText(helpReply(archive, false, now()))}\n${MSG.terminalHelpExtra}`);
        break;
      case 'ask':
        await ask(rest);
        break;
      case 'digest':
        print(htmlToText(await digestReply(archive, rest, now())));
        break;
      case 'stats':
        print(htmlToText(statsReply(archive)));
        break;
      case 'subscribe':
      case 'unsubscribe':
        print(MSG.subscribeTerminal);
        break;
      case 'reindex':
        print(MSG.reindexTerminal);
        break;
      case 'source':
        showSource(rest);
        break;
      case 'exit':
      case 'quit':
        return false;
      default:
        print(MSG.unknownCommand);
    }
    return true;
  };

  const ask = async (question: string) => {
    const problem = questionProblem(question, config.maxQuestionLength);
    if (problem) return print(problem);
    const answer = await answerQuestion(archive, question);
    lastSources = answer.sources;
    const hint = answer.sources.length > 0 ? `\n${MSG.terminalSourcesHint(answer.sources.map((s) => s.n))}` : '';
    print(htmlToText(answer.html) + hint);
  };

  const showSource = (arg: string) => {
    const n = Number(arg.normalize('NFKC').trim());
    if (!Number.isInteger(n)) return print(MSG.terminalSourceUsage);
    if (lastSources.length === 0) return print(MSG.terminalNoSources);
    const ref = lastSources.find((s) => s.n === n);
    const article = ref ? archive.article(ref.articleId) : null;
    print(article ? htmlToText(formatArticle(article)) : ref ? MSG.sourceNotFound : MSG.terminalSourceUsage);
  };

  const rl = createInterface({ input: options.input, terminal: false, crlfDelay: Infinity });
  const prompt = () => interactive && output.write('> ');
  if (interactive) output.write(`${MSG.terminalWelcome}\n\n`);
  prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (line) {
      try {
        if (!(await handle(line))) break;
      } catch (error) {
        log(`chat: "${line.slice(0, 80)}" failed: ${describeError(error, { stack: true })}`);
        print(isAppError(error) ? error.userMessage : MSG.genericError);
      }
    }
    prompt();
  }
  rl.close();
}
