// How the names of things end in Chinese news: places, projects, organisations, meetings — the shapes an answer is checked by.
//
// Matched against simplified text; each ending is written once.
import { ORGANISATION_END_RE } from './newspaper-conventions.js';

/** Endings of a place's name (某某区, 市疾控中心, 某某路188号, 某某粮库). */
export const PLACE_ENDINGS: readonly string[] = [
  '中心', '新区', '开发区', '园区', '示范区', '区', '县', '市', '省', '镇', '乡', '村', '街道', '社区', '小区', '花园', '馆', '园', '场', '厅',
  '楼', '室', '街', '路', '广场', '大厦', '学校', '大学', '学院', '中学', '小学', '幼儿园', '公司', '基地', '医院', '门诊', '卫生院',
  '车间', '站', '驿站', '所', '局', '厂', '港', '码头', '库', '粮库', '分会场', '会议室', '现场', '一线', '企业', '景区', '酒店', '宾馆',
  '号', '城', '养老院', '敬老院', '农场', '合作社', '议事厅', '工地', '口', '岛', '山', '湖', '河', '桥', '段', '线',
];
export const PLACE_END_RE = new RegExp(`(?:${[...PLACE_ENDINGS].sort((a, b) => b.length - a.length).join('|')})$`);

/** Endings of a project's or site's name: 某某项目, 某某工程, 某某产业园, 某某基地. */
export const PROJECT_ENDINGS: readonly string[] = ['项目', '工程', '产业园', '物流园', '工业园', '科技园', '园区', '基地', '示范区'];
export const PROJECT_END_RE = new RegExp(`(?:${PROJECT_ENDINGS.join('|')})$`);

/** Endings of an organisation's name (the ingest table, shared): 某某局, 某某公司, 某某委员会. */
export const ORG_END_RE = ORGANISATION_END_RE;

/**
 * What a category asked for (哪家企业, 什么会, 哪所大学) looks like: the endings of its members. Categories not listed
 * are matched by their own last word (耐火产业 for 产业).
 */
export const CATEGORY_SHAPES: ReadonlyArray<{ asks: readonly string[]; ends: RegExp; quoted?: boolean }> = [
  { asks: ['企业', '公司', '单位', '厂家', '商家', '机构', '集团'], ends: /(?:公司|企业|集团|厂|合作社|银行|商厦|中心|店|社)$/ },
  { asks: ['大学', '学校', '高校', '院校'], ends: /(?:大学|学院|学校|中学|小学|幼儿园|专科学校)$/ },
  { asks: ['会', '会议'], ends: /(?:会|会议|大会|论坛|峰会|座谈会)$/ },
  { asks: ['仪式'], ends: /仪式$/ },
  { asks: ['刊物', '杂志', '报纸', '书', '作品', '文件', '协议', '方案', '办法', '规定', '条例', '节目', '电影', '歌曲'], ends: /./, quoted: true },
  { asks: ['称号', '荣誉'], ends: /./, quoted: true },
  { asks: ['队', '队伍', '球队', '代表队'], ends: /队$/ },
  { asks: ['部门', '机关'], ends: /(?:局|委|办|厅|部|委员会|办公室|中心|院)$/ },
];

/** The shape of members of a category the table knows (企业 → …公司), or null (难题: no shape to check). */
export function knownShapeOf(category: string): { ends: RegExp; quoted: boolean } | null {
  const known = CATEGORY_SHAPES.find((c) => c.asks.some((a) => category === a || category.endsWith(a)));
  return known ? { ends: known.ends, quoted: known.quoted === true } : null;
}

/** The shape of members of a category: endings, and whether they are printed in 《》 or “”. */
export function shapeOf(category: string): { ends: RegExp; quoted: boolean } {
  const known = knownShapeOf(category);
  if (known) return known;
  const last = [...category].slice(-2).join('');
  return { ends: new RegExp(`${last.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`), quoted: false };
}

/**
 * Verbs that introduce a list inside its first item (做强核桃、连翘…; 研究秋冬季森林防火、…): stripped from that item,
 * with an adverb before them (积极推广, 大力发展).
 */
export const LIST_LEAD_VERBS: readonly string[] = [
  '做强', '做优', '做大', '做实', '推广', '聚焦', '研究', '部署', '新开通', '开通', '新建', '打造', '依托', '包括', '涵盖', '察看', '调研',
  '走访', '引进', '培育', '发展', '推进', '实施', '开展', '围绕', '突出', '抓好', '建成', '设置', '设立', '涉及', '覆盖', '举办', '推出',
  '开通', '新开通', '设有', '建有', '拥有', '通过', '分为', '分成', '划分为',
];
export const LIST_LEAD_RE = new RegExp(`^(?:我市|全市|该市|我区|全区|我县|全县|双方|该村|该镇|该区)?(?:积极|大力|着力|重点|全力|加快|持续|进一步|分别|先后|实地|新)?(?:${[...LIST_LEAD_VERBS].sort((a, b) => b.length - a.length).join('|')})了?`);
