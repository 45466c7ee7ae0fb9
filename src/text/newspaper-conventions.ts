// How Chinese newspapers print things: leads, bylines, furniture, notices, labels, names — one named table each.
//
// Every pattern here is matched against the search form of a line (NFKC, simplified script, lower case), so each
// keyword is written once, in simplified script; traditional-script pages reach these tables through opencc.

/** Builds an anchored-or-not alternation from a word list (each entry a regex source). */
function alternation(words: readonly string[]): string {
  return `(?:${words.join('|')})`;
}

const HAN = String.raw`\p{Script=Han}`;
const CN_NUM = '[\\d〇○零一二两三四五六七八九十]';

/**
 * Leads that open a news story's first paragraph (本报讯, 本报北京3月4日电, 新华社北京1月2日电, 据新华社…电,
 * 本报记者 某某 报道 …). A line opening with one is the first paragraph of an article, never a headline.
 */
export const LEAD_PATTERNS: readonly string[] = [
  '本报讯',
  '本报消息',
  `本报${HAN}{0,12}${CN_NUM}{1,2}月${CN_NUM}{1,3}日(?:电|讯)`,
  `本报${HAN}{1,8}(?:电|讯)`,
  `据?(?:新华社|中新社|人民网|央视网|新华网|中国新闻社)${HAN}{0,14}(?:${CN_NUM}{1,2}月${CN_NUM}{1,3}日)?(?:电|讯)`,
  `本报(?:记者|通讯员)${HAN}{2,4}(?:\\s+${HAN}{2,4}){0,3}\\s*报道`,
  `本报(?:记者|通讯员)[^，。]{2,16}报道[:：\\s]`,
  // 【某某日报讯】 / 〔某某社〕 / 【记者某某／台北报导】 — bracketed leads of Hong Kong and Taiwan papers.
  `[【〔\\[]\\s*${HAN}{2,10}讯\\s*[】〕\\]]`,
  `[【〔\\[]\\s*${HAN}{2,8}社(?:[^】〕\\]]{0,14}(?:电|讯))?\\s*[】〕\\]]`,
  `[【〔\\[]\\s*(?:本报|特派|驻${HAN}{1,6})?记者${HAN}{2,4}(?:[、\\s]${HAN}{2,4})*\\s*[／/]\\s*${HAN}{2,6}(?:报导|报道)\\s*[】〕\\]]`,
];
export const LEAD_RE = new RegExp(`^${alternation(LEAD_PATTERNS)}`, 'u');

/** The roles that open a byline line (本报记者 张某 李某, 本报驻莫斯科记者 某某, 新华社记者 某某, 本报评论员). */
export const BYLINE_ROLES: readonly string[] = [
  `本报驻${HAN}{1,8}记者`,
  `新华社驻${HAN}{1,8}记者`,
  '本报特派记者', '本报特约记者', '本报见习记者', '本报记者', '本报通讯员', '本报评论员', '本报特约评论员',
  '新华社记者', '新华社特约记者', '新华社通讯员', '中新社记者', '人民网记者', '新华网记者',
  '特约通讯员', '特约评论员', '特约撰稿人', '通讯员', '见习记者', '实习记者', '实习生', '记者', '评论员',
  '文字', '撰文', '图文', '文图', '文字整理', '整理', '口述',
];
const ROLE_RE = new RegExp(alternation(BYLINE_ROLES), 'gu');
const ROLE_START_RE = new RegExp(`^${alternation(BYLINE_ROLES)}`, 'u');
const STRONG_ROLE_RE = /^(本报|新华社|中新社|人民网|新华网|特约)/u;
const HAN_NAME_RE = new RegExp(`^${HAN}{2,4}$`, 'u');
const SLASH_DATELINE_BYLINE_RE = new RegExp(`^[【\\[]?\\s*(?:本报|特派|驻${HAN}{1,6})?记者\\s*${HAN}{2,4}(?:[、\\s]+${HAN}{2,4})*\\s*[／/]\\s*${HAN}{2,6}(?:报导|报道)\\s*[】\\]]?$`, 'u');
/** 某某/文 某某/图. */
const SLASH_CREDITS_RE = new RegExp(`^(?:(?:${HAN}{2,4}\\s+)*${HAN}{2,4}\\s*/\\s*(?:文|图|摄|文图|图文)\\s*)+$`, 'u');
/** 文/某某, 摄影：某某. */
const CREDIT_FIRST_RE = new RegExp(`^(?:文|图|文图|图文|摄影|摄)\\s*[/｜|:：]\\s*${HAN}{2,4}`, 'u');

/** 文/图 before the roles of a byline (文/图 记者 某某). */
const CREDIT_PREFIX_RE = /^(?:文|图)\s*[/／]\s*(?:图|文)\s+(?=\p{Script=Han})/u;

/** A bullet opening a heading or byline line (■ 标题, □ 记者 某某). */
export const BULLET_RE = /^[■●▲◆★◎□▌○]\s*/;

/**
 * A byline line: roles and names (本报记者 张某 李某 / 本报记者 某某 通讯员 某某 / 本报评论员), or 某某/文 某某/图,
 * 文/某某; short, without sentence punctuation. After a generic role (记者, 通讯员) the names must read as names.
 */
export function isBylineLine(line: string): boolean {
  // □ 记者 某某 / 文/图 记者 某某: a byline may open with a bullet or a credit, which mark it as surely as 本报 does.
  const s = line.replace(BULLET_RE, '').replace(CREDIT_PREFIX_RE, '');
  const bulleted = s !== line;
  if (/[。！？；，,]/.test(s) || [...s.replace(/\s+/g, '')].length > 40) return false;
  // 记者某某／台北报导, 【记者某某／综合报导】: a Hong Kong or Taiwan byline on its own line.
  if (SLASH_DATELINE_BYLINE_RE.test(s)) return true;
  if (SLASH_CREDITS_RE.test(s) || CREDIT_FIRST_RE.test(s)) return true;
  const first = s.match(ROLE_START_RE);
  if (!first) return false;
  const strong = bulleted || STRONG_ROLE_RE.test(first[0]);
  const rest = s.replace(ROLE_RE, ' ').replace(/报道$/, ' ').replace(/[:：·、/]/g, ' ').trim();
  if (!rest) return /记者|评论员|通讯员/.test(s);
  const parts = rest.split(/\s+/);
  // Two roles on one line (记者 某某 通讯员 某某) say byline whatever the surnames.
  const roles = s.match(ROLE_RE)?.length ?? 0;
  return parts.length <= 6 && parts.every((p) => (strong || roles >= 2 ? HAN_NAME_RE.test(p) : isPersonName(p)));
}

/** Words of office in a speaker line under a speech headline (中共中央总书记、国家主席 某某). */
export const OFFICE_WORDS: readonly string[] = [
  '总书记', '书记', '主席', '总理', '副总理', '委员长', '部长', '省长', '市长', '县长', '区长', '主任', '总统', '首相', '秘书长',
  '国务委员', '常委', '院长', '校长', '董事长', '会长', '理事长', '大使', '代表',
];

/**
 * A dateline on its own line under a speech or document headline: （一九九七年十二月三十一日）, （2025年3月4日）,
 * （2025年3月4日在…上）.
 */
export const DATELINE_RE = new RegExp(`^[（(]\\s*${CN_NUM}{2,4}\\s*年\\s*${CN_NUM}{1,3}\\s*月\\s*${CN_NUM}{1,3}\\s*日[^）)]{0,30}[)）]$`, 'u');

/**
 * Page furniture: lines that belong to no article (editor credits, series notes, source notes, running heads).
 * 本版责编：某某 美编：某某 / （除署名外均据新华社） / （本系列评论到此结束） / 2025年3月12日 星期三 第3版 要闻.
 */
export const FURNITURE_PATTERNS: readonly RegExp[] = [
  // A rule between articles (────, ＝＝＝, ＊＊＊).
  /^[─━—–\-－=＝_＿~～*＊·•◆◇◎○●□■\s]{3,}$/u,
  // The publisher's line of a masthead (某某报社发行, 某某日报社出版).
  /^\p{Script=Han}{2,14}(?:发行|出版|编印)$/u,
  /^(本版|本期)?(责编|责任编辑|编辑|美编|校对|版式|版式设计|组版|本版编辑|图片编辑|制图|设计|审校|终审|值班编辑)\s*[:：]/,
  // 本版责任编辑　某某　　联系电话　… — the page's editor line with spaces for colons.
  /^(本版)?(责编|责任编辑|本版编辑)\s+\p{Script=Han}{2,4}(\s|$)/u,
  // B3　地方新闻　　某某时报　中华民国113年9月…: a running head dated in the ROC calendar.
  /^(?:[A-Za-z]?\d{1,2}\s+)?[\p{Script=Han}\s·]{0,20}中华民国\s*\d{2,3}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[\s\p{Script=Han}\d]{0,20}$/u,
  // 165反诈骗咨询专线　24小时服务 / 咨询热线：400-… — a hotline call-out line.
  /^[^。，,；;]{0,16}(?:热线|专线)\s*[:：]\s*[\d\-－—\s]{5,}/,
  /^\d{3,}[\p{Script=Han}]{0,10}(?:热线|专线)\s+.*(?:24小时|服务|拨打)/u,
  /^[（(](除署名外|本版稿件|本版图片|本版文字|本系列评论到此结束|本系列报道到此结束|本栏目|系列评论之|系列报道之|本文系|栏目主持)[^）)]{0,40}[)）]$/,
  /^(?:\p{Script=Han}{2,10}(?:日报|晚报|时报|报)\s*)?\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:星期.|第\s*\d{1,3}\s*版)[\s\p{Script=Han}\d：:·|｜]{0,30}$/u,
  /^[（(]?(?:均据|除署名外均据|据)(?:新华社|新华社电|中新社)(?:电)?[)）]?$/,
  /^(导读|今日导读|本期导读)\s*[｜|:：]/,
  /^[^。，,；;]*(新闻热线|欢迎投稿|投稿邮箱|本报地址|报料热线|爆料专线|新闻爆料|发行热线|广告热线)\s*[:：]/,
  /(扫码|扫描二维码|扫一扫|长按识别).{0,30}$|^.{0,30}(关注|下载).{0,12}(公众号|视频号|抖音号|客户端|app|官方帐号|官方账号)|^(新闻热线|爆料热线|报料热线|新闻爆料|热线电话|读者热线|服务热线|投诉热线)/,
  /^[（(]?(来信请寄|来稿请寄|来信地址|读者来信请寄|本版邮箱|本版投稿|投稿邮箱|欢迎投稿|热线电话|新闻热线|报料热线)/,
  /^第\s*\d{1,3}\s*版\s*[\p{Script=Han}\s·|｜：:]{0,20}$/u,
];

/**
 * The sign-off closing a notice or letter: an organisation and a date (某某局 2019年4月16日), or the date alone.
 */
export const SIGN_OFF_RE = new RegExp(`^(?:${HAN}[\\p{Script=Han}\\s·（）()]{1,30}\\s+)?${CN_NUM}{4}\\s*年\\s*${CN_NUM}{1,2}\\s*月(?:\\s*${CN_NUM}{1,3}\\s*日)?$`, 'u');

/** Ends of an organisation's name (a notice's issuer, a letter writer's unit, a subject printed on its own line). */
export const ORGANISATION_END_RE = /(新区|开发区|园区|高新区|自贸区|[省市县区镇乡村州]|局|委|厅|办|院|校|大学|公司|集团|中心|协会|学会|银行|医院|部|队|站|所|馆|厂|港|社|委员会|办公室|政府|街道|社区|合作社)$/;

/** A document number under an official notice's headline: 青自然资告〔2019〕7号 / 国发〔2025〕3号. */
export const DOCUMENT_NUMBER_RE = /^[\p{Script=Han}]{1,12}\s*[〔［[(（]\s*\d{4}\s*[〕］\])）]\s*(?:第\s*)?\d{1,4}\s*号$/u;

/** A letter's or notice's signature: a place or unit and a name (启明市西城区 陆明杰). */
/** How a reader who signs a letter is described (某某小区居民, 某某村村民, 一名读者). */
const READER_END_RE = /(?:居民|村民|市民|读者|职工|退休教师|退休干部|家长)$/;

export function isSignatureLine(s: string): boolean {
  const parts = s.trim().split(/\s+/);
  if (parts.length < 2 || parts.length > 4) return false;
  const name = parts[parts.length - 1];
  // 某某小区居民　某某 / 某某厂退休职工　某某: a reader signing a letter.
  return isPersonName(name) && parts.slice(0, -1).every((p) => [...p].length <= 16 && (ORGANISATION_END_RE.test(p) || READER_END_RE.test(p)));
}

/** Headlines of notices (遗失声明, 公告, 启事 …): such a headline always opens an article of its own. */
export const NOTICE_TITLE_RE = /声明|公告|启事|公约|广告|招聘|通告|讣告|寻人|拍卖|公示|征集|征稿|告知书|倡议书|通知书|(停水|停电|停气|施工|管制|迁坟|更正)通知|更正/;

/**
 * Labels over a block of headline-less items: briefs (简讯) or photos (图片新闻). Each item under one is its own
 * article, labelled with the block's name.
 */
export const BRIEF_LABELS: readonly string[] = [
  '简讯', '快讯', '短讯', '短波', '简报', '速览', '资讯', '动态', '新闻速递', '新闻速览', '要闻简报', '要闻速览', '一句话新闻',
  '新闻集装箱', '综合消息', '国内简讯', '国际简讯', '经济短波', '社会简讯', '图片新闻', '图片报道', '图说', '图片故事',
  '影像', '看图说话', '视觉',
];
export const BRIEF_LABEL_RE = new RegExp(`^${alternation(BRIEF_LABELS)}$|^${HAN}{2,6}(?:简讯|快讯|快报|短讯|短波|速览|速读|速递|简报|一览)$|^${HAN}{1,4}\\s*·\\s*(?:图片|图说|影像|视觉)$`, 'u');
export const PHOTO_LABEL_RE = /图片|图说|影像|视觉|看图/;

/** Column names end in these words (政务动态, 潞泉视点, 人民论坛, 评论员观察). */
export const COLUMN_SUFFIX_RE = /(速读|速递|扫描|巡礼|纪事|之窗|评析|来信|之声|网语|编后|专栏|动态|视点|快讯|要闻|时评|观察|聚焦|速览|一线|关注|论坛|观点|新论|快评|漫谈|随笔|杂谈|短评|评论|时论|茶座|纵横|走笔|札记|热议|今日谈|锐评|微评|声音|话题)$/;

/** Bracketed column name ending a headline: 某某（人民论坛）, 某某(人民观点), 某某【快评】. */
export const HEADLINE_COLUMN_RE = new RegExp(`\\s*[（(【\\[]\\s*((?:${HAN}|\\d){2,10})\\s*[)）】\\]]\\s*$`, 'u');
/** Bracketed notes at the end of a headline that are not column names: photo counts, series parts. */
export const HEADLINE_NOTE_RE = /^(附?图片?\d*张?|附图|上|中|下|之[一二三四五六七八九十]+|[一二三四五六七八九十]+|续|完|连载.*)$/;
/**
 * A bracket ending a headline that dates or numbers it — 积分榜（第12轮后）, 奖牌榜（截至9月1日）, 名单（2024年度） — is
 * part of the headline, not a column name (a hotline column prints figures too: （12345在线）).
 */
export const HEADLINE_QUALIFIER_RE = /^(?:截至|截止|第)|\d\s*(?:年|月|日|号|轮|届|期|场|批|季度)/;
export const PHOTO_NOTE_RE = /\s*[（(]\s*附(?:图片|照片|图)\s*\d*\s*(?:张|幅)?\s*[)）]\s*$/;

/** The credit ending a photo caption: 某某摄 / 新华社记者 某某摄 / 新华社发 / 某某供图 / （资料图片）. */
export const CAPTION_CREDIT_RE = /(?:\p{Script=Han}{2,4}\s*摄(?:影)?|新华社发|新华社供图|中新社发|\p{Script=Han}{2,10}供图|资料图片|资料照片)\s*[)）]?$/u;

/** Opinion and commentary: in a headline, byline, kicker or column. */
export const EDITORIAL_RE = /评论员|社论|短评|时评|述评|论坛|观点|新论|快评|杂谈|随笔|漫谈|评论|今日谈|锐评|微评|评析|观察|走笔|札记|言论|热评|读者来信|读者之声|来信|网言|编后|编者按|作者为|作者系/;

/** Official documents printed in full: 《…》 headlines, or headlines ending in 规定/条例/办法 …. */
export const DOCUMENT_TITLE_RE = /^《.+》|(规定|条例|(?:实施|管理|暂行|试行|办理|考核)办法|(?:若干|实施|指导)意见|的通知|的决定|(?:实施|工作|行动)方案|公报|决议|的讲话|致辞|工作报告)$/;

/** A story's opening words when it starts without a lead (8月6日，… / 近日，…): a new item in a brief block. */
export const DATE_START_RE = /^(\d{1,2}月\d{1,2}日|[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日|近日|日前|连日来|今年以来|近年来|近期|当天|昨天|昨日|今天|今日|本周|上周|日前)/;

/**
 * Common surnames (single and compound): a line of one or two bare names (李明远 / 王欣 赵子涵) under a commentary
 * headline is its author.
 */
export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝';
/**
 * Rarer single surnames (of the 百家姓 and later), kept apart from the common ones: only characters that seldom open a
 * word in news text, so a phrase is not read as a name (宣传部, 储备库 are why 宣 and 储 are not here).
 */
export const RARER_SURNAMES = '傅赖阎萧沃鄢禚仉晁谯郇宓蒯庹訾阙綦濮郜钮汲蔺芮邴糜隗郗钭蓟邰胥莘逄宰郦郤璩扈郏宦庾厍阚乜鞠竺逯桓嵇荀羿昝裘贲奚酆冼邸粟栗仝蹇禤佴缑亢';
export const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '令狐', '端木', '申屠', '澹台', '公冶', '宗政', '濮阳', '淳于', '单于', '太叔', '轩辕', '钟离', '鲜于', '闾丘', '司空', '南宫', '呼延', '百里', '西门', '左丘', '第五'];

const SURNAME_SET = new Set([...SURNAMES, ...RARER_SURNAMES]);

/** True for a plausible personal name of 2–4 characters (surname first), e.g. 李明远, 欧阳娜娜. */
export function isPersonName(s: string): boolean {
  const chars = [...s];
  if (chars.length < 2 || chars.length > 4 || !chars.every((c) => /\p{Script=Han}/u.test(c))) return false;
  if (COMPOUND_SURNAMES.some((c) => s.startsWith(c))) return chars.length >= 3;
  // Four characters after a one-character surname are rare in names and common in phrases (向海图强).
  return SURNAME_SET.has(chars[0]) && chars.length <= 3;
}

/** A line that is nothing but one or two names (the author of a commentary, printed under its headline). */
export function isNamesLine(s: string): boolean {
  const parts = s.trim().split(/[\s·、，,]+/).filter(Boolean);
  return parts.length >= 1 && parts.length <= 3 && parts.every(isPersonName);
}

/** A name with its unit in brackets: 某某（县第二中学）. */
const NAME_WITH_UNIT_RE = /^\p{Script=Han}{2,4}[（(][^)）]{2,24}[)）]$/u;

/** A person's name with its unit in brackets after it: 某某（县第二中学）. */
const isNameWithUnit = (p: string): boolean => NAME_WITH_UNIT_RE.test(p) && isPersonName(p.replace(/[（(].*$/, ''));

/**
 * A line of a list of names (an honour roll, a 公示): three or more names, or names with their unit in brackets
 * (某某（某镇某村）), or a name and the office or unit after it (某某 某合作社理事长).
 */
export function isNameListLine(s: string): boolean {
  // 文学院：某某　某某 / 二等奖（每人1500元）：某某　某某 — a unit or a prize, a colon, then names only.
  const labelled = s.match(/^([^。！？；，,:：]{2,20})[:：]\s*(.+)$/u);
  if (labelled) {
    const names = labelled[2].trim().split(/[\s、]+/).filter(Boolean);
    return names.length >= 1 && names.every((n) => isPersonName(n) || isNameWithUnit(n));
  }
  if (/[。！？；，,:：]/.test(s)) return false;
  const parts = s.trim().split(/\s+/).filter(Boolean);
  const withUnit = parts.filter(isNameWithUnit);
  if (withUnit.length >= 1 && withUnit.length >= parts.length / 2) return true;
  // 某某（县第二中学）　某某（某镇小学）…: two or more names with their units say honour roll, whatever the surnames; a
  // column break may cut the first and last item.
  const shaped = parts.filter((p, k) => NAME_WITH_UNIT_RE.test(p) ||
    (k === parts.length - 1 && /^\p{Script=Han}{2,4}[（(][^)）]*$/u.test(p)) || (k === 0 && /^[^（(]{1,24}[)）]$/u.test(p)));
  if (parts.length >= 2 && shaped.length === parts.length && parts.some((p) => NAME_WITH_UNIT_RE.test(p))) return true;
  const names = parts.filter(isPersonName).length;
  if (parts.length >= 3 && names >= Math.ceil(parts.length * 0.67)) return true;
  return parts.length === 2 && isPersonName(parts[0]) && [...parts[1]].length >= 4 && ORGANISATION_OR_OFFICE_END_RE.test(parts[1]);
}

const ORGANISATION_OR_OFFICE_END_RE = /(理事长|社长|主任|书记|村长|组长|队长|站长|校长|院长|经理|董事长|会长|主席|教师|医生|村民|党员|职工|代表|委员|[社局委办厅院校会司队所站馆厂村镇乡]|公司|中心|合作社)$/;

/**
 * A row of a table or data box: fields apart by two spaces or a full-width space, numbers in them
 * (第一名　某某队　26场　56分 / 上证指数　3218.64点　+1.26% / 10月25日 19:30 某某—某某 体育中心).
 */
export function isTableRow(s: string): boolean {
  if (/[。！？；，,]/.test(s)) return false;
  const fields = s.trim().split(/\s+/).filter(Boolean);
  const numeric = fields.filter((f) => /\d/.test(f)).length;
  if (fields.length >= 3 && numeric >= 2) return true;
  // 第一名　某某（肯尼亚）　2:08:41: labels, then the figure the row reports.
  if (fields.length >= 3 && fields.length <= 8 && /^[+\-−－]?\d[\d:：.,，%％′″'"]*$/.test(fields[fields.length - 1])) return true;
  // 居民人均可支配收入 4.2万元: a label and a figure with its unit; 某站启用 12条路线进驻 goes on to say something.
  return fields.length === 2 && [...fields[0]].length <= 8 && /^[+\-−－]?\p{Script=Han}{0,4}[\d.]+[^\p{Script=Han}]*\p{Script=Han}{0,3}[^\p{Script=Han}（(]*(?:[（(][^）)]*[）)])?$/u.test(fields[1]) && [...fields[1]].length <= 16;
}

/** A speaker line: an office and a name, no sentence punctuation (中共中央总书记、国家主席 某某). */
export function isSpeakerLine(s: string): boolean {
  if (/[。！？；，,:：]/.test(s) || [...s].length > 40) return false;
  const m = s.match(/^(.*?)[\s　]+(\p{Script=Han}{2,4})$/u);
  if (!m) return false;
  return isPersonName(m[2]) && OFFICE_WORDS.some((w) => m[1].endsWith(w) || m[1].includes(w + '、') || m[1].includes(w + ' '));
}

/** Continuation markers: （下转第三版）, （上接第一版）, （转第2版）. */
export const CONTINUATION_RE = /[（(]\s*(上接|下转|接上|转|续)(?:自)?第?\s*([\d一二三四五六七八九十]+)\s*版\s*[)）]/;

/** A line or sentence that goes on from the previous one (OCR split it at a column break). */
export const MID_SENTENCE_RE = /^[的了和与及等地得着之而并且或但却也都就还所，,、。；;：:）)」”』]/;
