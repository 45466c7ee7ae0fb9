// grammY's offline test pattern: a bot with fixed botInfo, outgoing API calls captured, updates fed by hand.
import type { ChatMember, Update, UserFromGetMe } from 'grammy/types';
import type { Config } from '../../src/config.js';
import { createBot, type CreateBotOptions, type NewspaperBot } from '../../src/bot/create-bot.js';

export const BOT_INFO: UserFromGetMe = {
  id: 4242,
  is_bot: true,
  first_name: '报纸问答',
  username: 'paper_qa_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

export const ADMIN_ID = 7;

export function testConfig(overrides: Partial<Config> = {}): Readonly<Config> {
  return Object.freeze({
    inputDir: '/nonexistent/seeds',
    indexDir: '/nonexistent/vectors',
    embeddingModel: 'hash',
    modelsDir: '/nonexistent/models',
    allowRemoteModels: false,
    telegramToken: 'TEST:TOKEN',
    telegramApiRoot: null,
    adminIds: [ADMIN_ID],
    dataDir: '/nonexistent/data',
    maxQuestionLength: 50,
    maxFileMb: 20,
    maxShrinkShare: 0.5,
    parseBudgetMs: 20_000,
    rateLimitPerMinute: 3,
    hnsw: { M: 16, efConstruction: 200, efSearch: 1280 },
    pushRatePerSecond: 25,
    llm: null,
    ...overrides,
  } satisfies Config);
}

export interface ApiCall {
  method: string;
  payload: Record<string, any>;
}

/**
 * A bot whose API calls are recorded; methods listed in `failing` answer like a server that lacks them.
 * getChatMember answers with the user's status in `members` (by user id), 'member' for anyone not listed.
 */
export function makeBot(
  options: Partial<CreateBotOptions> & Pick<CreateBotOptions, 'archive'>,
  failing: string[] = [],
  members: Record<number, ChatMember['status']> = {},
) {
  const logs: string[] = [];
  const bot: NewspaperBot = createBot({
    token: 'TEST:TOKEN',
    config: testConfig(),
    botInfo: BOT_INFO,
    log: (line) => logs.push(line),
    ...options,
  });
  const calls: ApiCall[] = [];
  let messageId = 1000;
  bot.api.config.use(async (_prev, method, payload) => {
    calls.push({ method, payload: payload as Record<string, any> });
    if (failing.includes(method)) {
      return { ok: false, error_code: 404, description: `Not Found: method ${method} is not supported` } as any;
    }
    if (method === 'getChatMember') {
      const userId = Number((payload as Record<string, any>).user_id);
      const user = { id: userId, is_bot: false, first_name: '记者' };
      return { ok: true, result: { status: members[userId] ?? 'member', user } } as any;
    }
    if (method === 'sendMessage') {
      const p = payload as Record<string, any>;
      return {
        ok: true,
        result: { message_id: ++messageId, date: 0, chat: { id: p.chat_id, type: 'private' }, text: p.text },
      } as any;
    }
    return { ok: true, result: true } as any;
  });
  const sent = () => calls.filter((c) => c.method === 'sendMessage');
  const texts = () => sent().map((c) => String(c.payload.text));
  const clear = () => calls.splice(0, calls.length);
  return { bot, calls, sent, texts, clear, logs };
}

let updateId = 1;
let incomingId = 1;

export interface MessageOptions {
  chatId?: number;
  userId?: number;
  chatType?: 'private' | 'group' | 'supergroup';
  replyToBot?: boolean;
}

/** A text message update; a leading `/command` gets its bot_command entity, `@paper_qa_bot` its mention entity. */
export function textUpdate(text: string, options: MessageOptions = {}): Update {
  const userId = options.userId ?? 42;
  const chatType = options.chatType ?? 'private';
  const chatId = options.chatId ?? (chatType === 'private' ? userId : -100123);
  const entities: any[] = [];
  const command = /^\/\S+/.exec(text);
  if (command) entities.push({ type: 'bot_command', offset: 0, length: command[0].length });
  for (const m of text.matchAll(/@\w+/g)) entities.push({ type: 'mention', offset: m.index, length: m[0].length });
  const chat = chatType === 'private' ? { id: chatId, type: 'private', first_name: '记者' } : { id: chatId, type: chatType, title: '编辑部' };
  return {
    update_id: updateId++,
    message: {
      message_id: incomingId++,
      date: Math.floor(Date.now() / 1000),
      chat,
      from: { id: userId, is_bot: false, first_name: '记者' },
      text,
      ...(entities.length > 0 ? { entities } : {}),
      ...(options.replyToBot
        ? {
            reply_to_message: {
              message_id: 5,
              date: 0,
              chat,
              from: { id: BOT_INFO.id, is_bot: true, first_name: BOT_INFO.first_name, username: BOT_INFO.username },
              text: '之前的回答',
            },
          }
        : {}),
    },
  } as Update;
}

/** A button press on one of the bot's messages. */
export function callbackUpdate(data: string, options: { userId?: number; chatId?: number } = {}): Update {
  const userId = options.userId ?? 42;
  const chatId = options.chatId ?? userId;
  return {
    update_id: updateId++,
    callback_query: {
      id: String(updateId),
      from: { id: userId, is_bot: false, first_name: '记者' },
      chat_instance: '1',
      data,
      message: {
        message_id: 77,
        date: 0,
        chat: { id: chatId, type: 'private', first_name: '记者' },
        from: { id: BOT_INFO.id, is_bot: true, first_name: BOT_INFO.first_name },
        text: '回答',
      },
    },
  } as Update;
}
