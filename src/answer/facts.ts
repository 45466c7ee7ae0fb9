// What the answerer reads from one article, computed once per article and kept: sentences in three forms, people.
import type { Article } from '../domain.js';
import { splitSentences } from '../text/sentences.js';
import { simplify, toSearchForm } from '../text/search-form.js';
import { findPersons, titleBefore, type Person } from '../text/persons.js';

export interface SentenceFacts {
  /** As printed (original script). */
  text: string;
  /** Offset in the article's text. */
  start: number;
  /** Search form (NFKC, simplified, lower case): for matching question words. */
  sf: string;
  /** Simplified script only: offsets match `text` when the lengths agree. */
  simp: string;
  /** Paragraph number in the article (sentences of one paragraph share it). */
  paragraph: number;
}

/** A person printed in an article: the name and the fullest title chain printed before it anywhere in the article. */
export interface PrintedPerson {
  name: string;
  /** Fullest title chain (市委副书记、市长), or the role word (讲解员), or null. */
  title: string | null;
}

export interface ArticleFacts {
  article: Article;
  sentences: SentenceFacts[];
  /** Search form of kicker, headline, subtitle and column. */
  titleSf: string;
  /** Search form of the paper's name and the whole text. */
  sf: string;
  /** People printed with a title or role somewhere in the article, by simplified name. */
  persons: Map<string, PrintedPerson>;
  /** People in one sentence: titled ones, and names the article prints with a title elsewhere (倪某某登上…). */
  personsIn(index: number): Person[];
}

const cache = new WeakMap<Article, ArticleFacts>();

/** The facts of an article, computed on first use. */
export function factsOf(article: Article): ArticleFacts {
  const known = cache.get(article);
  if (known) return known;
  const sentences: SentenceFacts[] = [];
  let paragraph = 0;
  for (const s of splitSentences(article.text)) {
    if (s.text.trim().length > 1) sentences.push({ text: s.text, start: s.start, sf: toSearchForm(s.text), simp: simplify(s.text), paragraph });
    if (s.text.includes('\n')) paragraph++;
  }
  const titleSf = toSearchForm([article.kicker, article.title, article.subtitle, article.column].filter(Boolean).join(' '));
  let persons: Map<string, PrintedPerson> | null = null;
  const perSentence = new Map<number, Person[]>();
  const titled = (i: number): Person[] => {
    let list = perSentence.get(i);
    if (!list) { list = findPersons(sentences[i].simp); perSentence.set(i, list); }
    return list;
  };
  const allPersons = (): Map<string, PrintedPerson> => {
    if (persons) return persons;
    persons = new Map();
    const heads = [simplify(article.title), ...(article.subtitle ? [simplify(article.subtitle)] : [])];
    for (const head of heads) for (const p of findPersons(head)) persons.set(p.name, { name: p.name, title: titleBefore(head, p.index) ?? p.title });
    sentences.forEach((s, i) => {
      for (const p of titled(i)) {
        const chain = titleBefore(s.simp, p.index) ?? p.title;
        const had = persons!.get(p.name);
        if (!had || (chain && (!had.title || chain.length > had.title.length))) persons!.set(p.name, { name: p.name, title: chain });
      }
    });
    return persons;
  };
  const facts: ArticleFacts = {
    article,
    sentences,
    titleSf,
    sf: toSearchForm(`${article.paper ?? ''} ${article.text}`),
    get persons() { return allPersons(); },
    personsIn(index: number): Person[] {
      const s = sentences[index];
      if (!s) return [];
      const out = [...titled(index)];
      for (const name of allPersons().keys()) {
        for (let at = s.simp.indexOf(name); at >= 0; at = s.simp.indexOf(name, at + 1)) {
          if (!out.some((p) => at >= p.index && at < p.index + p.name.length)) out.push({ name, title: null, index: at });
        }
      }
      return out.sort((a, b) => a.index - b.index);
    },
  };
  cache.set(article, facts);
  return facts;
}

/** Original-script span for a span found in the simplified copy (OpenCC keeps lengths for almost all text). */
export function printedSpan(s: Pick<SentenceFacts, 'text' | 'simp'>, start: number, length: number): string {
  return s.text.length === s.simp.length ? s.text.slice(start, start + length) : s.simp.slice(start, start + length);
}

/** How a simplified word is printed in an article's text (李游 → 李遊), or the word itself when not found. */
export function printedSpelling(facts: ArticleFacts, simplified: string): string {
  for (const s of facts.sentences) {
    const at = s.simp.indexOf(simplified);
    if (at >= 0) return printedSpan(s, at, simplified.length);
  }
  const title = facts.article.title;
  const at = simplify(title).indexOf(simplified);
  return at >= 0 && simplify(title).length === title.length ? title.slice(at, at + simplified.length) : simplified;
}
