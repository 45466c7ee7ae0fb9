// Words the answerer reads questions and evidence by: activities, causes and methods, kinds of things, qualifiers.
//
// Each table is matched against the search form (NFKC, simplified script, lower case), so every keyword is written
// once, in simplified script; traditional-script pages reach these tables through opencc.

/** Official activities (调研, 视察, 会见 …): a sentence with one and a titled person is an event. */
export const ACTIVITY_VERBS: readonly string[] = [
  '调研', '视察', '察看', '检查', '考察', '走访', '看望', '慰问', '会见', '会晤', '出席', '主持', '督导', '督查', '带队', '带领', '参加',
  '召开', '接见', '拜访', '座谈', '指导', '暗访', '宣讲', '讲话', '签约', '提交', '颁奖', '捐赠',
];

/** Paper-name endings: what is left is the paper's city (云川日报 → 云川, 岚江晚报 → 岚江). */
const PAPER_SUFFIX_RE = /(?:都市报|日报|晚报|早报|时报|商报|周报|晨报|导报|快报|新闻|报)$/;

/** The city a local paper is named after (河东日报 → 河东), or '' when the name is not of that shape. */
export function cityOfPaper(paper: string): string {
  const city = paper.replace(PAPER_SUFFIX_RE, '');
  return city !== paper && [...city].length >= 2 && [...city].length <= 4 ? city : '';
}

/**
 * Specifiers that single out one of several siblings: a phase (二期), a line (2号线), a prize (二等奖), a group (男子组).
 * An article that prints a sibling (一期, 女子组) but not the one asked about does not answer. 这两期 (these two issues)
 * and 分两期 (in two phases) count, they single nothing out.
 */
export const CONTRAST_RE = /(?:(?<![这那近前])(?!两期)第?[一二三四五六七八九十两\d]+(?:期|号线|等奖|标段|阶段)|(?:男子|女子|男|女|学生|少年|青年|中年|老年|成人|儿童|企业|公开|高中|初中|小学|大学)组|(?:前|第)?[一二三四两\d]季度|[上下]半年)/;

/** The sibling pattern of a specifier: 二期 → any 〇期 printed; 男子组 → any 〇〇组. */
export function contrastSiblings(specifier: string): RegExp {
  const suffix = specifier.match(/(期|号线|等奖|标段|阶段|组|季度|半年)$/)?.[1] ?? '';
  if (suffix === '季度' || suffix === '半年') return /(?:前|第)?[一二三四两\d]季度|[上下]半年/g;
  return suffix === '组' ? /(?:男子|女子|男|女|学生|少年|青年|中年|老年|成人|儿童|企业公开|企业|公开|高中|初中|小学|大学)组/g
    : new RegExp(`第?[一二三四五六七八九十两\\d]+${suffix}`, 'g');
}

/** The question asks for an ordinal (第几届, 第多少名), with the measure word after it when it gives one (届). */
export const ASKED_ORDINAL_RE = /第(?:几|多少)(\p{Script=Han}?)/u;

/**
 * The question asks which one is the most or the first (哪个投资最多, 谁拿了第一): the evidence must rank, not just
 * list. A superlative that only describes the subject (最大的城市是哪座) is not this.
 */
export const SUPERLATIVE_RE = /哪(?:个|一|家|位|种|项|支|所|座|条)[^，。？?]{0,12}最(?:多|高|大|少|低|小|早|晚|长|短|快|强|好)|谁[^，。？?]{0,12}(?:第一名|排名第一|拿了第一|居首|最多|最高)/;

/** Evidence of a superlative: the text must print one for a superlative question. */
export const SUPERLATIVE_EVIDENCE_RE = /最|第一|居首|之首|冠军|首位|榜首|头名/;

/**
 * Markers of a cause (为什么): the sentence printing one gives the reason. 受…影响 and 出现…问题 print a cause without a
 * conjunction.
 */
export const CAUSE_MARKERS: readonly string[] = [
  '因为', '由于', '因', '为了', '为', '针对', '鉴于', '随着', '受', '导致', '造成', '原因', '之所以', '出于', '源于', '在于', '以便',
  '旨在', '目的是', '影响', '问题', '困难', '不足', '偏高', '偏低', '偏少', '偏多', '难题', '瓶颈', '短板', '一是', '二是',
];

/** Markers of a method (怎么, 如何, 通过什么): the sentence printing one says how. */
export const METHOD_MARKERS: readonly string[] = [
  '通过', '采取', '采用', '利用', '依托', '借助', '运用', '推行', '实行', '实施', '建立', '推出', '开展', '探索', '创新', '引入', '组建',
  '方式', '模式', '办法', '措施', '做法', '技术', '工序', '机制', '手段', '路径', '举措',
];

/**
 * Kinds of thing a question asks for that name nothing themselves (什么东西, 什么内容): their absence from the
 * evidence says nothing.
 */
export const GENERIC_CATEGORIES: readonly string[] = [
  '东西', '名字', '名称', '内容', '事', '事情', '情况', '工作', '活动', '问题', '地方', '方面', '样子', '人', '单位', '部门',
];

/**
 * Quantities by what is measured: a number question about money wants an amount in 元, one about area an area.
 * Keyed by the unit family, listing the words of the question that ask for it.
 */
export const MEASURED_BY_UNIT: Readonly<Record<string, { asks: readonly string[]; units: RegExp }>> = {
  // A share first: 投资占计划多少 asks for a share of the investment, not an amount.
  share: { asks: ['占', '比例', '比重', '百分之', '占比', '覆盖率', '增长率', '合格率', '准确率', '参与率'], units: /%|％|成|分之/ },
  money: { asks: ['销售额', '营业额', '收入', '投资', '产值', '金额', '资金', '费用', '价值', '价格', '成本', '税收', '利润', '工资', '补贴', '奖金', '票价', '造价', '花了', '多少钱', '营收'], units: /元|美元|港元|欧元|英镑|日元|镑/ },
  area: { asks: ['面积', '占地'], units: /亩|平方米|平方公里|公顷|平方千米|万平方|平米/ },
  people: { asks: ['几个人', '多少人', '几名', '几位', '人数'], units: /人|名|位|人次/ },
};

/**
 * Words of a question the paper seldom prints beside the answer (现在, 这两天, 报上): they weigh little, so a sentence
 * is not passed over for lacking them.
 */
export const LIGHT_WORDS: readonly string[] = [
  '现在', '目前', '如今', '这次', '本次', '此次', '这两天', '两天', '这', '那', '当年', '当时', '最近', '近日', '报上', '报道', '报纸',
  '新闻', '上', '里', '一共', '总共', '大概', '大约', '左右', '先后', '都', '各', '各自', '分别', '还', '又', '具体', '打算', '计划',
  // Function words that frame the question rather than name its subject.
  '为了', '因为', '由于', '通过', '关于', '对于', '根据', '按照', '时', '时候', '之后', '以后', '之前', '期间', '当中', '其中', '这么',
  '那么', '这样', '那样', '是否', '能否', '一些', '一下', '主要', '已经', '正在', '开始',
];

/**
 * Milestones a when-question may ask about that a paper often reports before they happen (开工, 开业, 通车 …): the
 * date of one is answered only from a sentence printing the milestone itself or one of its synonyms. Keyed by the
 * milestone, listing the words that print it.
 */
export const MILESTONES: Readonly<Record<string, readonly string[]>> = {
  开工: ['开工', '动工', '开建', '破土'],
  完工: ['完工', '竣工', '建成', '完成'],
  建成: ['建成', '竣工', '完工', '落成'],
  落成: ['落成', '建成', '竣工'],
  开业: ['开业', '开张', '营业', '接诊', '开诊'],
  接诊: ['接诊', '开诊', '开业'],
  开诊: ['开诊', '接诊', '开业'],
  通车: ['通车', '开通', '投入运营', '正式运营'],
  开通: ['开通', '通车', '开行', '投入运营', '正式运营'],
  投用: ['投用', '投入使用', '启用', '投入运营'],
  投入使用: ['投用', '投入使用', '启用', '投入运营'],
  启用: ['启用', '投用', '投入使用'],
  开馆: ['开馆', '开放'],
  开放: ['开放', '开馆', '开园', '开诊', '开业', '启用', '投用'],
  开园: ['开园', '开放'],
  开幕: ['开幕', '开展', '举办', '举行'],
  闭幕: ['闭幕', '落幕', '结束'],
  并网: ['并网'],
  投产: ['投产', '投入生产', '试生产'],
};
