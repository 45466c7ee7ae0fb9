// Evidence: how much of the question a sentence and its surroundings print, and the best sentence of each article.
import type { ArticleHit } from '../retrieve/hybrid.js';
import { ocrVariants } from '../retrieve/confusables.js';
import { DICTIONARY_IDF_CAP, dictionaryIdf } from '../embed/hash-embeddings.js';
import { toSearchForm } from '../text/search-form.js';
import { cityOfPaper } from '../text/question-words.js';
import type { AnswerOptions } from './options.js';
import { factsOf, type ArticleFacts } from './facts.js';
import type { QueryAnalysis } from '../retrieve/query.js';

/** One question word (or overlapping words: 河东 / 河东市) with its weight and the spellings that count as present. */
export interface WordGroup {
  words: string[];
  /** Spellings and the share of the group each earns (a shorter member of 河东市 earns 2/3). */
  forms: Array<{ form: string; credit: number }>;
  /** An abbreviation's long form (茶博会 → 茶业博览会, 非遗 → 非物质文化遗产): the characters in order in one clause. */
  abbreviation: RegExp | null;
  weight: number;
  /** Names a city or paper of the archive: satisfied by every article of that paper. */
  city: boolean;
}

export type Weighted = WordGroup[];

/** A word made only of function characters (是从, 过个): it frames the question, it names nothing. */
const FUNCTION_ONLY_RE = /^[是从的在了和与及把被对给向由将为以过个时去来这那都也还就又再才所呢吗吧啊]+$/;

/** A count with its measure word (两类, 三个): part of what is asked (分为哪两类), seldom printed as such. */
const COUNT_RE = /^[一两二三四五六七八九十几\d]+[类个种项份家条位名次件批届期部门所座场]$/;

/** Credit of an abbreviation matched by its long form. */
const ABBREVIATION_CREDIT = 0.7;

/** An abbreviation's long form: its characters in order, a few others between them, within one clause. */
function abbreviationOf(word: string): RegExp | null {
  const chars = [...word];
  if (chars.length < 2 || chars.length > 4 || !chars.every((c) => /\p{Script=Han}/u.test(c))) return null;
  return new RegExp(chars.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^，。；！？、,;:：\\s]{0,4}'));
}

/** Characters of a question's frame (叫什么, 那批, 当时, 要交): a pair holding one may be a cut between two words. */
const CUT_FRAME_RE = /[叫那这当要前是在有的了把被对给从到为将和与及很最都也就还又才该其]/;

/** A spelling the archive prints: as a word, or as a run of bigrams it holds. */
function knownInIndex(df: (t: string) => number, v: string): boolean {
  if (df(v) > 0) return true;
  const chars = [...v];
  if (chars.length < 2) return false;
  for (let i = 0; i + 1 < chars.length; i++) if (df('#' + chars[i] + chars[i + 1]) === 0) return false;
  return true;
}

/**
 * The question's words with weights, each with the spellings that count as present (OCR look-alikes included).
 * Overlapping search-mode words (河东 / 河东市) form one group: present when any member is, weighed once.
 */
export function weightedWords(q: { analysis: QueryAnalysis; light: Set<string> }, idf: (t: string) => number, df: (t: string) => number, options: AnswerOptions): Weighted {
  const { analysis } = q;
  const maxIdf = Math.max(1, ...analysis.words.map((w) => idf(w)));
  const cities = new Set(analysis.cities.flatMap((c) => [c.city, `${c.city}市`, `${c.city}县`, `${c.city}区`, toSearchForm(c.paper)]));
  // A word jieba glued from a character and a printed word (教+某江): the printed word is what the question names.
  const unglued = analysis.words.map((w) => {
    const chars = [...w];
    if (df(w) > 0 || chars.length < 3) return w;
    for (const cut of [1, chars.length - 1]) {
      const part = cut === 1 ? chars.slice(1).join('') : chars.slice(0, -1).join('');
      if (df(part) > 0) return part;
    }
    return w;
  });
  // A pair that is no word of the language, names no one, is printed nowhere in the archive and holds a word of the
  // question's frame (长叫 of 大队长叫什么, 那批 of 那批单车) is a cut between words: it weighs as little as a single
  // character. (A pair of content characters the archive never prints is a sign the question is about something else.)
  const cutBetween = (w: string) => [...w].length === 2 && CUT_FRAME_RE.test(w) && dictionaryIdf(w) >= DICTIONARY_IDF_CAP && !knownInIndex(df, w) && !analysis.persons.some((p) => p.includes(w));
  const single = [...new Set(unglued)].map((w) => {
    const forms = [w];
    if (df(w) === 0) forms.push(...ocrVariants(w).filter((v) => knownInIndex(df, v)));
    const known = forms.map((f) => idf(f) || idf('#' + [...f].slice(0, 2).join(''))).filter((x) => x > 0);
    // A word the archive never prints: its look-alike's weight, else its general-language rarity, scaled to the
    // archive's idf range (common words such as 做好 weigh little; specific ones such as 财政收入 weigh a lot).
    const weight = df(w) > 0 ? idf(w) : known.length ? Math.max(...known) : maxIdf * 1.2 * (dictionaryIdf(w) / DICTIONARY_IDF_CAP);
    // Single characters carry little meaning on their own; nor does the kind of thing asked for (哪支队伍), which
    // the answer names instead of printing, nor a word of time the paper does not repeat (现在, 这两天).
    const light = [...w].length === 1 || cutBetween(w) || analysis.category.includes(w) || q.light.has(w) || FUNCTION_ONLY_RE.test(w) || COUNT_RE.test(w);
    return { word: w, forms, printed: df(w) > 0, weight: light ? weight * options.lightWordWeight : weight };
  });
  const groups: Array<{ words: string[]; forms: Array<{ form: string; word: string }>; weight: number; printed: number }> = [];
  for (const item of single) {
    // A word joins every group it overlaps (参观 and 观者 both join 参观者), and those groups become one.
    // A single character joins the first group holding it and bridges none (米 does not make 白米 and 糙米 one).
    const all = groups.filter((x) => x.words.some((w) => w.includes(item.word) || item.word.includes(w)));
    const overlapping = [...item.word].length === 1 ? all.slice(0, 1) : all.filter((x) => x.words.some((w) => [...w].length > 1 && (w.includes(item.word) || item.word.includes(w))));
    const merged = { words: [item.word], forms: item.forms.map((form) => ({ form, word: item.word })), weight: item.weight, printed: item.printed ? item.weight : 0 };
    for (const g of overlapping) {
      merged.words.push(...g.words);
      merged.forms.push(...g.forms);
      merged.weight = Math.max(merged.weight, g.weight);
      merged.printed = Math.max(merged.printed, g.printed);
      groups.splice(groups.indexOf(g), 1);
    }
    groups.push(merged);
  }
  // A shorter member present earns its share of the longest word (河东 for 河东市: 2/3; 财政 for 财政收入: 1/2).
  return groups.map((g) => {
    // The longest word (the first of equals), without spreading the accumulator on every step.
    let longest = g.words[0];
    for (const w of g.words) if ([...w].length > [...longest].length) longest = w;
    const n = [...longest].length;
    return {
      words: g.words,
      forms: g.forms.map((f) => ({ form: f.form, credit: [...f.word].length / n })),
      // Long forms only for words too specific to match by chance: three characters and more, or unprinted pairs.
      abbreviation: n >= 3 || df(longest) === 0 ? abbreviationOf(longest) : null,
      // A group weighs what its printed members weigh (参观 for an unprinted 参观者): a paraphrase is not a gap.
      weight: g.printed || g.weight,
      city: g.words.every((w) => cities.has(w) || [...cities].some((c) => c.includes(w) && [...w].length >= 2)),
    };
  });
}

/** Share of the group present in `text`: the best spelling's credit, or an abbreviation's long form. */
export function presence(text: string, g: WordGroup): number {
  let best = 0;
  for (const f of g.forms) if (f.credit > best && text.includes(f.form)) best = f.credit;
  if (best < ABBREVIATION_CREDIT && g.abbreviation?.test(text)) best = ABBREVIATION_CREDIT;
  if (best === 0) {
    // A paraphrase shares characters with the printed word (占有 / 占了, 问世 / 面世): a little credit for them.
    for (const f of g.forms) {
      const { chars, weights, total } = charsOf(f.form);
      if (chars.length < 2) continue;
      let shared = 0;
      for (let k = 0; k < chars.length; k++) if (text.includes(chars[k])) shared += weights[k];
      best = Math.max(best, total ? (PARTIAL_CREDIT * f.credit * shared) / total : 0);
    }
  }
  return best;
}

/** A form's characters, each weighed by its rarity (a shared 的 or 国 says little, a shared 裁 much), kept per form. */
const formChars = new Map<string, { chars: string[]; weights: number[]; total: number }>();
function charsOf(form: string): { chars: string[]; weights: number[]; total: number } {
  let known = formChars.get(form);
  if (!known) {
    const chars = [...form];
    const weights = chars.map(charWeight);
    known = { chars, weights, total: weights.reduce((a, b) => a + b, 0) };
    if (formChars.size >= 4096) formChars.clear();
    formChars.set(form, known);
  }
  return known;
}

const charWeights = new Map<string, number>();
function charWeight(c: string): number {
  let w = charWeights.get(c);
  if (w === undefined) { w = dictionaryIdf(c) / DICTIONARY_IDF_CAP; charWeights.set(c, w); }
  return w;
}

/**
 * Credit of a word whose characters are printed, though not as the word, scaled by the share printed. 0.5 measured
 * best on the answers bench (CMRC 2018 / DRCD dev, every 5th question; with minSentenceCoverage 0.4).
 */
const PARTIAL_CREDIT = 0.5;

/**
 * Share of the question's weight present in `text`; words only found in `wider` count half. `implicit` is what an
 * article states without printing it (its paper's name and city): city words found there count in full.
 */
export function coverage(text: string, words: Weighted, wider = '', implicit = ''): number {
  return coverageAgainst(text, words, presences(words, wider), presences(words, implicit));
}

/** Each word's presence in a text ('' → all 0): computed once when many sentences are weighed against one text. */
function presences(words: Weighted, text: string): number[] {
  return words.map((w) => (text ? presence(text, w) : 0));
}

/** coverage() with the presences in the wider and the implicit text already read. */
function coverageAgainst(text: string, words: Weighted, wider: readonly number[], implicit: readonly number[]): number {
  let have = 0;
  let total = 0;
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    total += w.weight;
    const here = Math.max(presence(text, w), w.city ? implicit[k] : 0);
    have += w.weight * Math.max(here, wider[k] / 2);
  }
  return total ? have / total : 0;
}

/**
 * The paper and place an article speaks for without printing them (市教育局 in 云川日报 is 云川市教育局; 县水利局 in a
 * county's paper is that county's).
 */
export function implicitOf(facts: ArticleFacts): string {
  const paper = toSearchForm(facts.article.paper ?? '');
  const city = cityOfPaper(paper);
  return city ? `${paper} ${city}市 ${city}县 ${city}区` : paper;
}

/** One article's evidence: its best sentence for the question and how well the article covers it. */
export interface ArticleEvidence {
  hit: ArticleHit;
  facts: ArticleFacts;
  rank: number;
  /** Index of the best sentence. */
  index: number;
  score: number;
  /** Coverage of the question by the best sentence alone. */
  sentenceCoverage: number;
  /** The best coverage of the question by any one sentence of the article (the evidence threshold). */
  evidenceCoverage: number;
  contextCoverage: number;
  /** Coverage of each sentence, headline included (the headline scopes every sentence under it). */
  scoped: number[];
  /** Search form of headline + best sentence and its neighbours. */
  window: string;
  /** The article's paper and city, for words it leaves implicit. */
  implicit: string;
}

/** A bonus for sentences printing the kind of thing asked (a quantity for 多少 …), from the question's kind. */
export type TypeBonus = (facts: ArticleFacts, index: number) => number;

/** Scores every sentence of one article and keeps the best. */
export function scoreArticle(q: { analysis: QueryAnalysis; words: Weighted }, hit: ArticleHit, rank: number, topScore: number, bonus: TypeBonus, options: AnswerOptions): ArticleEvidence | null {
  const facts = factsOf(hit.article);
  const { sentences, titleSf } = facts;
  if (!sentences.length) return null;
  const words = q.words;
  const implicit = implicitOf(facts);
  const w = options.sentenceWeights;
  // What the whole article and its implicit paper and place hold, read once for every sentence.
  const none = presences(words, '');
  const inArticle = presences(words, facts.sf);
  const inImplicit = presences(words, implicit);
  const cover = (text: string, wider: readonly number[] = none) => coverageAgainst(text, words, wider, inImplicit);
  let best: ArticleEvidence | null = null;
  let evidenceCoverage = 0;
  const scoped: number[] = [];
  for (let i = 0; i < sentences.length; i++) {
    const sf = sentences[i].sf;
    const sentenceCoverage = cover(sf);
    // A sentence that refers back (该项目总投资…) is evidence with the sentence before it in its paragraph.
    const prev = sentences[i - 1] && sentences[i - 1].paragraph === sentences[i].paragraph ? sentences[i - 1].sf : '';
    evidenceCoverage = Math.max(evidenceCoverage, prev ? cover(`${prev} ${sf}`) : sentenceCoverage);
    const window = [titleSf, sentences[i - 1]?.sf ?? '', sf, sentences[i + 1]?.sf ?? ''].join(' ');
    const contextCoverage = cover(window, inArticle);
    // The headline scopes every sentence under it: a word it prints does not single out one sentence.
    const scopedCoverage = titleSf ? cover(`${titleSf} ${sf}`) : sentenceCoverage;
    scoped.push(scopedCoverage);
    const dated = q.analysis.dates.some((d) => sf.includes(`${d.month}月${d.day}日`)) ? 1 : 0;
    const score = w.scoped * scopedCoverage + w.context * contextCoverage + w.kind * bonus(facts, i) +
      w.date * dated + w.retrieval * (hit.score / (topScore || 1)) - w.rank * rank;
    if (!best || score > best.score) {
      best = { hit, facts, rank, index: i, score, sentenceCoverage, evidenceCoverage: 0, contextCoverage, scoped, window, implicit };
    }
  }
  return best && { ...best, evidenceCoverage };
}
