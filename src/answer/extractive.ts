// Extractive answers without an LLM: pick the sentences that answer, state the answer first, cite verbatim quotes.
import type { Article, Citation } from '../domain.js';
import { splitSentences } from '../chunk/chunk-article.js';
import { simplify, toSearchForm } from '../text/search-form.js';
import { ocrVariants } from '../retrieve/confusables.js';
import type { ArticleHit } from '../retrieve/hybrid.js';
import type { QueryAnalysis } from '../retrieve/query.js';
import { DICTIONARY_IDF_CAP, dictionaryIdf } from '../embed/hash-embeddings.js';
import { ACTIVITY_VERBS, type ActivityEvent } from './events.js';
import { findEnumerations, findPersons, findPlaces, findQuantities, titleBefore } from './entities.js';
import { issueReports, mentionsDate } from '../retrieve/date-match.js';

export interface ExtractiveOptions {
  /** Articles whose sentences are considered. Default 6. */
  articles?: number;
  /** Minimum share (idf-weighted) of the question's words found around the best sentence. Default 0.7. */
  minContextCoverage?: number;
  /** Minimum share found in the best sentence itself. Default 0.3. */
  minSentenceCoverage?: number;
  /** Other articles join a list/who answer when their best sentence scores this share of the best. Default 0.8. */
  aggregateRatio?: number;
}

export interface AnswerContext {
  analysis: QueryAnalysis;
  hits: ArticleHit[];
  /** Inverse document frequency of a lexical term (0 when unknown). */
  idf: (term: string) => number;
  /** Document frequency of a lexical term. */
  df: (term: string) => number;
  eventsOf: (articleId: string) => ActivityEvent[];
  /** The page (part) a text offset of an article falls in. */
  partOf: (article: Article, offset: number) => Article['parts'][number];
}

export interface ExtractiveAnswer {
  found: boolean;
  answer: string;
  citations: Citation[];
}

interface Scored {
  hit: ArticleHit;
  rank: number;
  sentences: Array<{ text: string; start: number }>;
  index: number;
  score: number;
  sentenceCoverage: number;
  /** The best coverage of the question by any one sentence of the article (the evidence threshold). */
  evidenceCoverage: number;
  contextCoverage: number;
  /** Search form of headline + best sentence and its neighbours. */
  window: string;
}

export const NOT_FOUND_ANSWER = '抱歉，报纸资料库中没有找到能回答这个问题的报道。';

/**
 * The question's words with weights, each with the spellings that count as present (OCR look-alikes included).
 * Overlapping search-mode words (阳泉 / 阳泉市) form one group: present when any member is, weighed once.
 */
function weightedWords(ctx: AnswerContext): Weighted {
  const maxIdf = Math.max(1, ...ctx.analysis.words.map((w) => ctx.idf(w)));
  const single = ctx.analysis.words.map((w) => {
    const forms = [w];
    if (ctx.df(w) === 0) forms.push(...ocrVariants(w).filter((v) => knownInIndex(ctx, v)));
    const known = forms.map((f) => ctx.idf(f) || ctx.idf('#' + [...f].slice(0, 2).join(''))).filter((x) => x > 0);
    // A word the archive never prints: its look-alike's weight, else its general-language rarity, scaled to the
    // archive's idf range (common words such as 做好 weigh little; specific ones such as 财政收入 weigh a lot).
    const weight = ctx.df(w) > 0 ? ctx.idf(w) : known.length ? Math.max(...known) : maxIdf * 1.2 * (dictionaryIdf(w) / DICTIONARY_IDF_CAP);
    // Single characters carry little meaning on their own; nor does the kind of thing asked for (哪支队伍), which
    // the answer names instead of printing.
    const light = [...w].length === 1 || ctx.analysis.category.includes(w);
    return { word: w, forms, weight: light ? weight * 0.3 : weight };
  });
  const groups: Array<{ words: string[]; forms: Array<{ form: string; word: string }>; weight: number }> = [];
  for (const item of single) {
    const g = groups.find((x) => x.words.some((w) => w.includes(item.word) || item.word.includes(w)));
    const forms = item.forms.map((form) => ({ form, word: item.word }));
    if (g) { g.words.push(item.word); g.forms.push(...forms); g.weight = Math.max(g.weight, item.weight); }
    else groups.push({ words: [item.word], forms, weight: item.weight });
  }
  // A shorter member present earns its share of the longest word (阳泉 for 阳泉市: 2/3; 财政 for 财政收入: 1/2).
  return groups.map((g) => {
    const longest = Math.max(...g.words.map((w) => [...w].length));
    return { forms: g.forms.map((f) => ({ form: f.form, credit: [...f.word].length / longest })), weight: g.weight };
  });
}

type Weighted = Array<{ forms: Array<{ form: string; credit: number }>; weight: number }>;

function presence(text: string, forms: Array<{ form: string; credit: number }>): number {
  let best = 0;
  for (const f of forms) if (f.credit > best && text.includes(f.form)) best = f.credit;
  return best;
}

/** A spelling the archive prints: as a word, or as a run of bigrams it holds. */
function knownInIndex(ctx: AnswerContext, v: string): boolean {
  if (ctx.df(v) > 0) return true;
  const chars = [...v];
  if (chars.length < 2) return false;
  for (let i = 0; i + 1 < chars.length; i++) if (ctx.df('#' + chars[i] + chars[i + 1]) === 0) return false;
  return true;
}

/** Share of the question's weight present in `text`; words only found in `wider` count half. */
function coverage(text: string, words: Weighted, wider = ''): number {
  let have = 0;
  let total = 0;
  for (const w of words) {
    total += w.weight;
    const here = presence(text, w.forms);
    have += w.weight * Math.max(here, wider ? presence(wider, w.forms) / 2 : 0);
  }
  return total ? have / total : 0;
}

function typeBonus(analysis: QueryAnalysis, simplified: string): number {
  switch (analysis.type) {
    case 'who': {
      // Best: somebody doing the asked verb (…队获…冠军 for 谁获得…冠军); else anybody named.
      if (analysis.doers.length && subjectOf(simplified, analysis.doers, analysis.words)) return 1;
      return findPersons(simplified).some((p) => !analysis.searchForm.includes(p.name)) ? 0.5 : 0;
    }
    case 'number': return findQuantities(simplified).some((q) => !analysis.unit || q.text.includes(analysis.unit)) ? 1 : 0;
    case 'list': return findEnumerations(simplified).length || (asksPlaces(analysis) && findPlaces(simplified).length) ? 1 : 0;
    case 'where': return findPlaces(simplified).length ? 1 : 0;
    case 'when': return /\d{1,2}月\d{1,2}日|[一二三四五六七八九十]+月/.test(simplified.normalize('NFKC')) ? 1 : 0;
    default: return 0;
  }
}

function asksPlaces(analysis: QueryAnalysis): boolean {
  return /地方|哪里|地点|单位|哪儿|走进|去了|到了/.test(analysis.searchForm);
}

function dateBonus(analysis: QueryAnalysis, sf: string): number {
  return analysis.dates.some((d) => sf.includes(`${d.month}月${d.day}日`)) ? 1 : 0;
}

/** Best sentence of one article for the question. */
function scoreArticle(ctx: AnswerContext, words: Weighted, hit: ArticleHit, rank: number, topScore: number): Scored | null {
  const article = hit.article;
  const sentences = splitSentences(article.text).filter((s) => s.text.trim().length > 1);
  if (!sentences.length) return null;
  const sfs = sentences.map((s) => toSearchForm(s.text));
  const titleSf = toSearchForm([article.kicker, article.title, article.subtitle, article.column].filter(Boolean).join(' '));
  const articleSf = toSearchForm(`${article.paper ?? ''} ${article.text}`);
  let best: Scored | null = null;
  let evidenceCoverage = 0;
  for (let i = 0; i < sentences.length; i++) {
    const sentenceCoverage = coverage(sfs[i], words);
    evidenceCoverage = Math.max(evidenceCoverage, sentenceCoverage);
    const window = [titleSf, sfs[i - 1] ?? '', sfs[i], sfs[i + 1] ?? ''].join(' ');
    const contextCoverage = coverage(window, words, articleSf);
    const simplified = simplify(sentences[i].text);
    // The headline scopes every sentence under it: a word it prints does not single out one sentence.
    const scopedCoverage = titleSf ? coverage(`${titleSf} ${sfs[i]}`, words) : sentenceCoverage;
    const score = 0.55 * scopedCoverage + 0.3 * contextCoverage + 0.08 * typeBonus(ctx.analysis, simplified) +
      0.04 * dateBonus(ctx.analysis, sfs[i]) + 0.05 * (hit.score / (topScore || 1)) - 0.002 * rank;
    if (!best || score > best.score) best = { hit, rank, sentences, index: i, score, sentenceCoverage, evidenceCoverage: 0, contextCoverage, window };
  }
  return best && { ...best, evidenceCoverage };
}

/** Original-script span for a match found in the simplified copy (OpenCC keeps lengths for almost all text). */
function original(text: string, simplified: string, start: number, len: number): string {
  return text.length === simplified.length ? text.slice(start, start + len) : simplified.slice(start, start + len);
}

/** How a simplified word is printed in the original text (李游 → 李遊), or the word itself when not found. */
function originalSpelling(text: string, simplifiedWord: string): string {
  const simplified = simplify(text);
  const at = simplified.indexOf(simplifiedWord);
  return at >= 0 && simplified.length === text.length ? text.slice(at, at + simplifiedWord.length) : simplifiedWord;
}

function nearest<T extends { index: number }>(items: T[], anchor: number): T | undefined {
  return [...items].sort((a, b) => Math.abs(a.index - anchor) - Math.abs(b.index - anchor))[0];
}

/** Position in the sentence of the rarest question word it contains (where the answer is usually printed). */
function anchorOf(sf: string, words: Weighted): number {
  let best = -1;
  let bestWeight = -1;
  for (const w of words) {
    for (const { form } of w.forms) {
      const at = sf.indexOf(form);
      if (at >= 0 && w.weight > bestWeight) { best = at + form.length / 2; bestWeight = w.weight; }
    }
  }
  return best < 0 ? sf.length / 2 : best;
}

/**
 * Events of the article that fit the question: a verb it asks about, its date and title if it names them — best
 * match first, and only events whose sentence covers the question about as well as the best sentence does.
 */
function matchingEvents(ctx: AnswerContext, article: Article, words: Weighted, best: number): ActivityEvent[] {
  const verbs = ACTIVITY_VERBS.filter((v) => ctx.analysis.searchForm.includes(v));
  if (!verbs.length) return [];
  return ctx.eventsOf(article.id)
    .filter((e) =>
      e.verbs.some((v) => verbs.includes(v)) &&
      (!ctx.analysis.dates.length || !e.monthDay || ctx.analysis.dates.some((d) => d.month === e.monthDay!.month && d.day === e.monthDay!.day)) &&
      (!ctx.analysis.titles.length || ctx.analysis.titles.some((t) => (e.actorTitle ?? '').includes(t))))
    .map((e) => ({ e, c: coverage(toSearchForm(e.sentence) + ' ' + toSearchForm(article.title), words) }))
    .filter((x) => x.c >= best * 0.8)
    .sort((a, b) => b.c - a.c)
    .map((x) => x.e);
}

/** A short answer: `text` as shown (with title), `core` the part that must appear in the quote. */
interface Short {
  text: string;
  core: string;
}

/** The short answer (name, number, list, place) for the best sentence, in the original script when possible. */
function shortAnswer(ctx: AnswerContext, s: Scored, words: Weighted): Short | null {
  const { analysis } = ctx;
  const article = s.hit.article;
  const sentence = s.sentences[s.index].text;
  const simp = simplify(sentence);
  const sf = toSearchForm(sentence);
  const anchor = anchorOf(sf, words);
  const events = matchingEvents(ctx, article, words, s.sentenceCoverage);
  const plain = (text: string): Short => ({ text, core: text });
  switch (analysis.type) {
    case 'role': {
      // 郭晓东是什么职务: the title printed before a name the question gives.
      for (const i of [s.index, s.index - 1, s.index + 1, ...s.sentences.map((_, k) => k)]) {
        const raw = s.sentences[i]?.text;
        if (!raw) continue;
        const rs = simplify(raw);
        for (const p of findPersons(rs)) {
          if (!analysis.searchForm.includes(p.name)) continue;
          const title = titleBefore(rs, p.index);
          if (title) return { text: original(raw, rs, p.index - title.length, title.length), core: original(raw, rs, p.index - title.length, title.length) };
        }
      }
      // 张裔任巴郡太守 / 当选为理事长: the office named after the verb, in a sentence that names the person asked about.
      const asked = findPersons(analysis.searchForm).map((p) => p.name);
      for (const i of [s.index, s.index - 1, s.index + 1, ...s.sentences.map((_, k) => k)]) {
        const raw = s.sentences[i]?.text;
        if (!raw) continue;
        const rs = simplify(raw);
        const at = asked.length ? Math.max(...asked.map((n) => rs.indexOf(n))) : -1;
        if (at < 0) continue;
        const m = rs.slice(at).match(/(?:担任|出任|升任|改任|兼任|转任|封为|拜为|任命为|当选为?|被任为|任)([^，。；、：:“”「」（）()]{2,24})/);
        if (m && m.index !== undefined) {
          const start = at + m.index + m[0].length - m[1].length;
          const office = original(raw, rs, start, m[1].length);
          return { text: office, core: office };
        }
      }
      return null;
    }
    case 'who': {
      if (events.length && !analysis.searchForm.includes(events[0].actor)) {
        const e = events[0];
        const name = originalSpelling(article.text, e.actor);
        return { text: e.actorTitle ? `${originalSpelling(article.text, e.actorTitle)}${name}` : name, core: name };
      }
      const pool = [s.index, s.index - 1, s.index + 1].filter((i) => i >= 0 && i < s.sentences.length);
      // 市人社局局长是谁: the holder must be printed with the body the question names, not just the same title.
      const body = analysis.titles.length
        ? [...words].filter((w) => !w.forms.some((f) => analysis.titles.some((t) => t.includes(f.form) || f.form.includes(t)))).sort((a, b) => b.weight - a.weight)[0]
        : undefined;
      // No person in the answering sentence (矿区政府队获女子组冠军): the doer of the asked verb is the answer, not
      // somebody named in the next sentence.
      if (!analysis.titles.length && !findPersons(simp).some((p) => !analysis.searchForm.includes(p.name))) {
        const doer = subjectOf(simp, analysis.doers, analysis.words);
        if (doer) {
          const text = original(sentence, simp, doer.index, doer.text.length);
          return { text, core: text };
        }
      }
      for (const i of pool) {
        const raw = s.sentences[i].text;
        if (body && presence(toSearchForm(raw), body.forms) === 0) continue;
        const people = findPersons(simplify(raw)).filter((p) => !analysis.searchForm.includes(p.name));
        const simpRaw = simplify(raw);
        // The asked title must be printed just before the name (市人大常委会副主任林秀珍).
        const titled = analysis.titles.length
          ? people.filter((p) => {
            const chain = titleBefore(simpRaw, p.index) ?? '';
            // 市长 is not 副市长: the asked title must end the chain, without a deputy prefix the question lacks.
            return analysis.titles.some((t) => chain.endsWith(t) && (t.startsWith('副') || !/副$|常务$/.test(chain.slice(0, -t.length))));
          })
          : people;
        const pick = nearest(titled.length ? titled : analysis.titles.length ? [] : people, i === s.index ? anchor : 0);
        if (pick) {
          const name = original(raw, simplify(raw), pick.index, pick.name.length);
          const chain = titleBefore(simpRaw, pick.index);
          return { text: chain ? `${original(raw, simpRaw, pick.index - chain.length, chain.length)}${name}` : name, core: name };
        }
      }
      if (analysis.titles.length) return null;
      const fromTitle = findPersons(simplify(article.title)).filter((p) => !analysis.searchForm.includes(p.name))[0];
      return fromTitle ? plain(originalSpelling(article.title, fromTitle.name)) : null;
    }
    case 'number': {
      // The sentence holding what is asked about (总投资, 床位) and a quantity of the asked unit wins; the best breaks ties.
      const focus = analysis.focus;
      let pick: { raw: string; rs: string; q: { text: string; index: number }; rank: number } | null = null;
      for (const i of [s.index, s.index + 1, s.index - 1, s.index + 2, s.index - 2]) {
        const raw = s.sentences[i]?.text;
        if (!raw) continue;
        const rs = simplify(raw);
        const qs = findQuantities(rs).filter((q) => !analysis.unit || q.text.includes(analysis.unit));
        if (!qs.length) continue;
        const sfi = toSearchForm(raw);
        const rank = (focus.some((f) => sfi.includes(f)) ? 2 : 0) + (i === s.index ? 1 : 0) - (Math.abs(i - s.index) > 1 ? 0.5 : 0);
        // 提高到多少: the value printed after 到/至, not the one it rose from.
        const after = analysis.changeTo ? qs.filter((q) => /[到至]$/.test(rs.slice(0, q.index))) : [];
        const q = after[0] ?? nearest(qs, i === s.index ? anchor : anchorOf(sfi, words));
        if (q && (!pick || rank > pick.rank)) pick = { raw, rs, q, rank };
      }
      return pick ? plain(original(pick.raw, pick.rs, pick.q.index, pick.q.text.length)) : null;
    }
    case 'list': {
      if (events.length) {
        const e = events[0];
        const spell = (xs: string[]) => xs.map((x) => originalSpelling(article.text, x));
        // A printed enumeration that holds the event's projects or places is the fuller answer.
        const known = [...e.projects, ...e.places];
        for (const sent of s.sentences) {
          const rs = simplify(sent.text);
          const en = findEnumerations(rs).find((x) => x.items.some((it) => known.some((k) => k.includes(it) || it.includes(k))));
          if (en && known.length) return plain(original(sent.text, rs, en.index, en.text.length));
        }
        if (/项目/.test(analysis.searchForm) && e.projects.length) return { text: spell(e.projects).join('、'), core: spell(e.projects)[0] };
        if (asksPlaces(analysis) && e.places.length) return { text: spell(e.places).join('、'), core: spell(e.places)[0] };
      }
      const en = nearest(findEnumerations(simp), anchor);
      if (en) return plain(original(sentence, simp, en.index, en.text.length));
      if (!asksPlaces(analysis)) return null;
      for (const i of [s.index, s.index + 1]) {
        const raw = s.sentences[i]?.text;
        const pl = raw ? nearest(findPlaces(simplify(raw)), i === s.index ? anchor : 0) : undefined;
        if (pl) { const items = pl.items.map((x) => originalSpelling(raw!, x)); return { text: items.join('、'), core: items[0] }; }
      }
      return null;
    }
    case 'where': {
      const pl = nearest(findPlaces(simp), anchor);
      if (!pl) return null;
      const items = pl.items.map((x) => originalSpelling(sentence, x));
      return { text: items.join('、'), core: items[0] };
    }
    default:
      return null;
  }
}

/**
 * The words before the asked verb in its clause (经过角逐，矿区政府队获女子组冠军 → 矿区政府队 for 获得), when they are
 * a plausible name: 2 to 16 characters, no digits-only run, no verb of their own.
 */
function subjectOf(simplified: string, focus: readonly string[], asked: readonly string[] = []): { text: string; index: number } | null {
  // Offsets must stay those of `simplified` (the caller maps them back to the printed text): no normalisation here.
  const sf = simplified;
  const others = asked.filter((w) => !focus.includes(w) && [...w].length > 1);
  for (const verb of focus) {
    for (const form of [verb, [...verb][0]]) {
      const loose = form !== verb;
      // Of several clauses with the verb (…队获女子组冠军，…队获学生组冠军), the one whose object the question names.
      const places: number[] = [];
      for (let i = sf.indexOf(form); i >= 0; i = sf.indexOf(form, i + 1)) places.push(i);
      const objectOf = (i: number): string => sf.slice(i).split(/[，。；,;]/)[0];
      const matched = (i: number): number => others.filter((w) => objectOf(i).includes(w)).length;
      const at = places.reduce((best, i) => (best < 0 || matched(i) > matched(best) ? i : best), -1);
      // 获 for 获得 only when what follows is what the question names (获女子组冠军), not any 获.
      if (at <= 0 || (loose && matched(at) === 0)) continue;
      const clauseStart = Math.max(...['，', '。', '；', '：', ',', ';', ':', '、', '“', '「'].map((c) => sf.lastIndexOf(c, at - 1))) + 1;
      let text = sf.slice(clauseStart, at).trim();
      const lead = sf.slice(clauseStart, at).length - sf.slice(clauseStart, at).trimStart().length;
      // 巴卢奇在20世纪上半世纪设计了…: the doer ends where an adverbial begins.
      const adverbial = text.slice(2).search(/在|于|从|曾|已|将|也|都|还|又|就|便|则|亦|先后|再次|首次|正式|共同|分别|一起|联合/);
      if (adverbial >= 0) text = text.slice(0, adverbial + 2);
      if ([...text].length < 2 || [...text].length > 16 || /^\d+$/.test(text)) continue;
      if (/(了|在|将|把|被|要|也|都|还|已|正|并|和|的|之|以|总)$/.test(text) || /^(经过|随着|为了|通过|由于|在|该|这|此|并|而|可见)/.test(text)) continue;
      return { text, index: clauseStart + lead };
    }
  }
  return null;
}

/** A verbatim quote around the best sentence: the sentence, plus a neighbour when the sentence alone is thin. */
function quoteOf(s: Scored, short: Short | null): { text: string; start: number } {
  const cur = s.sentences[s.index];
  let start = cur.start;
  let end = cur.start + cur.text.length;
  const shortSf = short ? toSearchForm(short.core) : '';
  const has = (i: number) => shortSf && toSearchForm(s.sentences[i]?.text ?? '').includes(shortSf);
  if (short && !toSearchForm(cur.text).includes(shortSf)) {
    // The nearest sentence that prints the answer; anywhere in the article for lists gathered from events.
    const order = s.sentences.map((_, i) => i).filter((i) => i !== s.index).sort((a, b) => Math.abs(a - s.index) - Math.abs(b - s.index));
    const j = order.find((i) => has(i));
    if (j !== undefined) {
      const other = s.sentences[j];
      // A neighbour joins the quote; a sentence further away is quoted alone (it carries the answer).
      if (Math.abs(j - s.index) === 1) { start = Math.min(start, other.start); end = Math.max(end, other.start + other.text.length); }
      else { start = other.start; end = other.start + other.text.length; }
    }
  } else if (cur.text.trim().length < 20 && s.sentences[s.index + 1]) {
    end = s.sentences[s.index + 1].start + s.sentences[s.index + 1].text.length;
  }
  const text = s.hit.article.text.slice(start, end);
  const lead = text.length - text.trimStart().length;
  return { text: text.trim(), start: start + lead };
}

function citationFor(ctx: AnswerContext, s: Scored, n: number, quote: { text: string; start: number }): Citation {
  const article = s.hit.article;
  const part = ctx.partOf(article, quote.start);
  return {
    n,
    source: part.source,
    paper: part.paper,
    date: part.date,
    issue: part.issue,
    page: part.page,
    title: article.title,
    quote: quote.text,
    articleId: article.id,
  };
}

/**
 * Answers from the retrieved articles. Returns found:false when no sentence covers enough of the question.
 */
export function answerExtractively(ctx: AnswerContext, options: ExtractiveOptions = {}): ExtractiveAnswer {
  const minCtx = options.minContextCoverage ?? 0.6;
  const minSent = options.minSentenceCoverage ?? 0.3;
  const words = weightedWords(ctx);
  let top = ctx.hits.slice(0, options.articles ?? 6);
  const dates = ctx.analysis.dates;
  if (dates.length) {
    // A question that names a day is answered only from articles of that day: printed in the text, or reported in
    // that day's or the next day's issue. Another day's article is not evidence, however well it matches.
    top = ctx.hits
      .slice(0, 2 * (options.articles ?? 6))
      .filter((h) => issueReports(h.article.date, dates) || h.article.parts.some((p) => issueReports(p.date, dates)) || mentionsDate(toSearchForm(h.article.text), dates))
      .slice(0, options.articles ?? 6);
  }
  if (!top.length || !words.length) return { found: false, answer: NOT_FOUND_ANSWER, citations: [] };
  const scored = top
    .map((h, i) => scoreArticle(ctx, words, h, i, top[0].score))
    .filter((s): s is Scored => s !== null)
    .sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best || best.evidenceCoverage < minSent) return { found: false, answer: NOT_FOUND_ANSWER, citations: [] };
  const chosen: Scored[] = [best];
  const aggregating = ctx.analysis.type === 'list' || (ctx.analysis.type === 'who' && ctx.analysis.plural);
  if (best.contextCoverage < (aggregating ? minCtx + 0.1 : minCtx)) {
    // A question about several things (…人才和科幻作家) can be covered by several articles together.
    let window = best.window;
    for (const s of aggregating ? scored.slice(1, 4) : []) {
      if (s.evidenceCoverage < minSent || coverage(window + s.window, words) <= coverage(window, words)) continue;
      chosen.push(s);
      window += s.window;
    }
    if (coverage(window, words) < minCtx) return { found: false, answer: NOT_FOUND_ANSWER, citations: [] };
  }
  if (aggregating) {
    const ratio = options.aggregateRatio ?? 0.8;
    for (const s of scored.slice(1)) {
      if (chosen.length >= 5) break;
      if (chosen.includes(s)) continue;
      if (s.score >= best.score * ratio && s.contextCoverage >= minCtx && s.evidenceCoverage >= minSent) chosen.push(s);
    }
  }
  const shorts: string[] = [];
  const quotes: string[] = [];
  const citations: Citation[] = [];
  for (const s of chosen) {
    const short = shortAnswer(ctx, s, words);
    // In an aggregate, an article that yields no answer of the asked kind adds nothing.
    if (s !== best && ctx.analysis.type !== 'what' && !short) continue;
    if (short && shorts.some((x) => x.startsWith(short.text + '['))) continue;
    const n = citations.length + 1;
    const quote = quoteOf(s, short);
    citations.push(citationFor(ctx, s, n, quote));
    if (short) shorts.push(`${short.text}[${n}]`);
    quotes.push(`「${quote.text}」[${n}]`);
  }
  if ((ctx.analysis.type === 'number' || ctx.analysis.type === 'role' || (ctx.analysis.type === 'who' && ctx.analysis.titles.length)) && shorts.length === 0) {
    // Asked for a number, or for the holder of a title, that the evidence never prints: say so rather than guess.
    return { found: false, answer: NOT_FOUND_ANSWER, citations: [] };
  }
  const headline = `据《${best.hit.article.title}》报道`;
  const answer = shorts.length
    ? `${shorts.join('；')}。\n${quotes.join('\n')}`
    : `${headline}：${quotes.join('\n')}`;
  return { found: true, answer, citations };
}
