// Every Chinese sentence the bot and the terminal chat show to people: startText/helpText are HTML, MSG is plain.
import { escapeHtml } from './html.js';

/** One bot command with its Chinese description, as registered with setMyCommands. */
export interface CommandInfo {
  command: string;
  description: string;
  /** Shown in /help after the command, e.g. `[日期]`. */
  args?: string;
  adminOnly?: boolean;
}

/** The bot's commands in menu order; `/reindex` is only offered to ADMIN_IDS. */
export const COMMANDS: readonly CommandInfo[] = [
  { command: 'start', description: '开始使用：机器人能做什么' },
  { command: 'help', description: '查看全部命令和用法' },
  { command: 'ask', description: '向资料库提问（私聊时直接发文字即可）', args: '问题' },
  { command: 'digest', description: '某一天的报纸要目（默认最新一期）', args: '[日期]' },
  { command: 'subscribe', description: '订阅每日要目推送（默认 08:00）', args: '[HH:MM]' },
  { command: 'unsubscribe', description: '取消每日要目推送' },
  { command: 'stats', description: '资料库概况：报纸、日期范围、文章数' },
  { command: 'reindex', description: '重建索引（仅管理员）', adminOnly: true },
];

/**
 * Example questions when the archive has nothing to build them from (an empty archive): they name no paper, place,
 * person or date.
 */
export const GENERIC_EXAMPLE_QUESTIONS: readonly string[] = [
  '最新一期头版有哪些报道？',
  '市委书记最近调研了哪些项目？',
  '最近有哪些关于营商环境的报道？',
];

/** How example questions built from the archive's headlines are phrased (see src/bot/examples.ts). */
export const EXAMPLE_PHRASES = {
  /** 谁主持召开了全市防汛工作会议？ from the headline 王建国主持召开全市防汛工作会议. */
  whoDid: (verb: string, object: string) => `谁${verb}了${object}？`,
  /** 3月12日河东日报头版有哪些报道？ */
  frontPage: (month: number, day: number, paper: string | null) => `${month}月${day}日${paper ?? ''}头版有哪些报道？`,
  /** 《春耕备耕全面展开》讲了什么？ */
  about: (title: string) => `《${title}》讲了什么？`,
} as const;


/** What /start says about the archive served. */
export interface StartInfo {
  papers: readonly string[];
  dateRange: { from: string | null; to: string | null };
  /** Three questions the archive can answer. */
  examples: readonly string[];
}

function describeRange(from: string | null, to: string | null): string {
  if (from && to) return from === to ? from : `${from} 至 ${to}`;
  return from ?? to ?? '';
}

/** HTML text of /start: the papers and dates of the archive served, and example questions. */
export function startText(info: StartInfo): string {
  const range = describeRange(info.dateRange.from, info.dateRange.to);
  const holdings = info.papers.length
    ? `我读过${escapeHtml(info.papers.join('、'))}的版面${range ? `（${escapeHtml(range)}）` : ''}，可以用中文回答关于报道内容的问题，`
    : '资料库里还没有报纸版面；管理员导入版面后，我就可以用中文回答关于报道内容的问题，';
  return [
    '<b>您好！我是报纸问答机器人。</b>',
    '',
    holdings,
    '每个回答都注明出处：报纸、日期、期数和版次，并附「原文」按钮，方便核对。',
    '',
    '直接发给我一个问题试试：',
    ...info.examples.map((q) => `• <code>${escapeHtml(q)}</code>`),
    '',
    '也可以发送 /digest 查看最新一期要目，/help 查看全部命令。',
  ].join('\n');
}

/** The ways /digest accepts a date, shown with `sample` (an ISO date, ideally the archive's latest issue). */
export function dateForms(sample: string): string {
  const [y, m, d] = sample.split('-');
  const month = Number(m);
  const day = Number(d);
  return (
    `${y}-${m}-${d}、${y}/${month}/${day}、${y}年${month}月${day}日、${y}${m}${d}、` +
    `${month}月${day}日（不写年份时取资料库里最近的那一年）、今天（指资料库里最新一期的日期，提问时也一样）、昨天、前天`
  );
}

/** HTML text of /help; admins also see /reindex. `sampleDate` (ISO) illustrates the date forms. */
export function helpText(isAdmin: boolean, sampleDate: string): string {
  const lines = COMMANDS.filter((c) => isAdmin || !c.adminOnly).map(
    (c) => `/${c.command}${c.args ? ` ${escapeHtml(c.args)}` : ''} — ${escapeHtml(c.description)}`,
  );
  return [
    '<b>使用说明</b>',
    '',
    ...lines,
    '',
    '私聊时直接发送文字即视为提问；在群里请使用 /ask、@我，或回复我的消息。',
    `/digest 的日期可以写成 ${escapeHtml(dateForms(sampleDate))}；不写日期即最新一期；` +
      '写 undated（或“日期不详”）列出未注明日期的版面。',
  ].join('\n');
}

/** Chinese user-facing sentences; functions take the values they mention. */
export const MSG = {
  thinking: '正在查阅报纸…',
  askUsage: `请在 /ask 后面写上问题，例如：\n/ask ${GENERIC_EXAMPLE_QUESTIONS[0]}`,
  questionTooLong: (length: number, max: number) =>
    `问题太长了（${length} 字），请精简到 ${max} 字以内再发。`,
  rateLimited: (seconds: number) => `提问太频繁了，请 ${seconds} 秒后再试。`,
  nothingFound: '抱歉，资料库里没有找到与这个问题相关的报道。',
  nothingFoundHint: '可以换个说法再问，或用 /digest 查看某一天的版面。',
  genericError: '抱歉，处理时出了点问题，请稍后再试。',
  notText: '目前我只能回答文字问题，请用文字发送。',
  unknownCommand: '没有这个命令。发送 /help 查看全部命令。',
  sourcesHeading: '出处',
  sourceButton: (n: number) => `原文 [${n}]`,
  sourceExpired: '这条原文链接已失效（索引可能已更新），请重新提问。',
  sourceNotFound: '该文章已更新或移除，找不到这篇原文，请重新提问。',
  sourceContinued: (n: number, total: number) => `（续 ${n}/${total}）`,
  sourceCut: (shown: number, chars: number, place: string | null) =>
    `……（原文很长，共约 ${chars} 字，这里只显示前 ${shown} 段消息。全文请查阅${place ? `原版：${place}` : '原版报纸'}。）`,
  badDate: (arg: string, sampleDate: string) =>
    `看不懂日期“${arg}”。请写成 ${dateForms(sampleDate)}，也可以不写日期查看最新一期，或写 undated 查看未注明日期的版面。`,
  /** `date`: an ISO date, `'undated'`, or undefined for the latest issue. */
  digestEmpty: (date: string | undefined) =>
    date === 'undated' ? '资料库里没有未注明日期的版面。' : date ? `资料库里没有 ${date} 的报纸。` : '资料库里还没有可以列出的报纸。',
  digestRecentDates: (dates: string[]) => `已收录的最近几期：${dates.join('、')}`,
  digestHeading: (date: string | null) => (date ? `${date} 报纸要目` : '日期不详的版面要目'),
  digestPushHeading: '📰 新一期报纸到了',
  unknownPage: '版次不详',
  unknownPaper: '报纸不详',
  subscribeBadTime: (arg: string) => `看不懂时间“${arg}”。请用 24 小时制，例如 /subscribe 07:30。`,
  subscribed: (time: string) =>
    `已订阅。每天北京时间 ${time}，如有新一期报纸入库，我会把要目发到这里；新报纸入库时也会立即推送。\n发送 /unsubscribe 可随时取消。`,
  subscribeUnavailable: '此部署没有启用订阅功能。',
  groupAdminsOnly: '抱歉，只有本群的管理员可以为全群订阅或取消每日要目推送。',
  groupAdminCheckFailed: '抱歉，暂时无法确认您是否为本群管理员，订阅设置没有改动，请稍后再试。',
  unsubscribed: '已取消每日要目推送。',
  notSubscribed: '这里还没有订阅每日要目。发送 /subscribe 即可订阅。',
  subscribeTerminal: '订阅推送只在 Telegram 中可用。在终端里可以随时发送 /digest 查看要目。',
  notAdmin: '抱歉，只有管理员可以重建索引。',
  reindexUnavailable: '此部署没有启用在线重建索引，请在服务器上运行 npm run index。',
  reindexStarted: '开始重建索引，完成后会通知您。期间照常可以提问。',
  reindexBusy: '索引正在重建中，请稍候。',
  /** `reason` is a short sentence naming no server path (the full error is in the log). */
  reindexFailed: (reason: string) => `重建索引失败：${reason.replace(/[。.]$/, '')}。详情见服务器日志；原有索引照常使用。`,
  reindexFailedOther: '服务器内部错误',
  statsHeading: '资料库概况',
  embedderFallbackNote: '（无权重备用嵌入：未能加载语义模型，检索准确度会低一些）',
  terminalWelcome: '报纸问答（终端版）。输入问题后回车；/help 查看命令；Ctrl+D 退出。',
  terminalHelpExtra: '终端里用 /source 编号 查看上一个回答引用的原文；输入 /exit 或按 Ctrl+D 退出。',
  terminalSourcesHint: (ns: number[]) => `查看原文：${ns.map((n) => `/source ${n}`).join('　')}`,
  reindexTerminal: '终端聊天不能重建索引：请另开终端运行 npm run index，新索引会自动载入。',
  terminalSourceUsage: '用法：/source 编号，例如 /source 1（查看上一个回答引用的原文）。',
  terminalNoSources: '上一个回答没有可查看的原文。',
} as const;

/** Short reasons a /reindex failed, by the system error code; what the admin is told instead of a raw error. */
export const REINDEX_FAILURE_REASONS: Readonly<Record<string, string>> = {
  ENOSPC: '服务器磁盘空间不足',
  EDQUOT: '服务器磁盘配额已用完',
  EACCES: '没有读写资料文件夹或索引文件夹的权限',
  EPERM: '没有读写资料文件夹或索引文件夹的权限',
  EROFS: '索引文件夹所在的磁盘是只读的',
  ENOENT: '找不到资料文件夹或索引文件夹',
  ENOTDIR: '资料文件夹或索引文件夹的路径不是文件夹',
  EMFILE: '服务器同时打开的文件过多',
  ENFILE: '服务器同时打开的文件过多',
  ENOMEM: '服务器内存不足',
  EIO: '磁盘读写出错',
};
