// The quality bench's sets: CMRC 2018 / DRCD dev passages as one-passage pages, the CMRC passages laid out as
// multi-article newspaper pages (headline and paraphrase queries), and the labelled pages when bench/pages/ exists.

import * as OpenCC from 'opencc-js';
import { DATA_DIR, loadBenchSet, type BenchCorpus, type BenchQuery, type BenchQuestion, type BenchSet } from './datasets.js';
import { LABELLED_PAGES_DIR, loadLabelledPages } from './labelled-pages.js';
import { newspaperPages, onePassagePages, type BenchPagesOptions, type LaidOutArticle } from './pages.js';

export interface QualitySetsOptions {
  dataDir?: string;
  /** Folder of the labelled pages. Default bench/pages/. */
  labelledDir?: string;
  /** Layout knobs of the synthetic pages. */
  pages?: BenchPagesOptions;
}

/** Questions whose gold is the page of their passage. */
function questionsOn(questions: readonly BenchQuestion[], articles: readonly LaidOutArticle[]): BenchQuery[] {
  const byId = new Map(articles.map((a) => [a.id, a]));
  return questions.flatMap((q) => {
    const a = byId.get(q.passage_id);
    return a ? [{ id: q.id, question: q.question, gold: [a.source], title: a.title }] : [];
  });
}

/** One query per distinct non-empty headline; its gold is every page printing an article under that headline. */
function headlineQueries(articles: readonly LaidOutArticle[]): BenchQuery[] {
  const pagesOf = new Map<string, Set<string>>();
  // A passage without a title prints no headline: there is nothing to search for.
  for (const a of articles) if (a.title.trim()) pagesOf.set(a.title, (pagesOf.get(a.title) ?? new Set()).add(a.source));
  return [...pagesOf].map(([title, pages], i) => ({ id: `headline-${i}`, question: title, gold: [...pages], title }));
}

/**
 * Every quality set, in report order. Sets over the same pages share one corpus object, which the bench indexes once.
 */
export function loadQualitySets(options: QualitySetsOptions = {}): BenchSet[] {
  const dataDir = options.dataDir ?? DATA_DIR;
  const cmrc = loadBenchSet('cmrc2018-dev', dataDir);
  const drcd = loadBenchSet('drcd-dev', dataDir);
  const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
  const single = (name: string, passages: typeof cmrc.passages): { corpus: BenchCorpus; articles: LaidOutArticle[] } => {
    const laid = onePassagePages(passages, options.pages);
    return {
      articles: laid.articles,
      corpus: {
        name,
        description: 'one passage per page file: YAML front matter (paper, date, page), a `# 标题` headline line, the passage',
        pages: laid.pages,
        extraFiles: [],
        articles: null,
        articlesNote: 'One article per page, so the article-level peers would repeat the page-level ones and are not run',
      },
    };
  };
  const cmrcSingle = single('cmrc2018-dev pages', cmrc.passages);
  const drcdSingle = single('drcd-dev pages', drcd.passages);
  const news = newspaperPages(cmrc.passages, options.pages);
  const layouts = Object.entries(news.layouts).map(([k, n]) => `${k} ${n}`).join(', ');
  const newsCorpus: BenchCorpus = {
    name: 'cmrc2018-dev newspaper pages',
    description:
      `the CMRC 2018 dev passages laid out in order as ${news.pages.length} newspaper pages of 4–8 articles (front matter; ` +
      `pages by layout: ${layouts}; markdown = \`##\` headlines, plain = bare headline lines, dense = no blank lines; ` +
      'passages broken into paragraphs of 2–4 sentences; 3 in 10 articles open with `本报讯`)',
    pages: news.pages,
    extraFiles: [],
    articles: news.articles,
  };
  return [
    { name: 'cmrc2018-dev', script: 'simplified', split: 'dev', corpus: cmrcSingle.corpus, questions: questionsOn(cmrc.questions, cmrcSingle.articles) },
    { name: 'drcd-dev', script: 'traditional', split: 'dev', corpus: drcdSingle.corpus, questions: questionsOn(drcd.questions, drcdSingle.articles) },
    {
      name: 'drcd-dev, simplified questions',
      script: 'traditional pages, simplified questions (OpenCC tw → cn)',
      split: 'dev',
      corpus: drcdSingle.corpus,
      questions: questionsOn(drcd.questions.map((q) => ({ ...q, question: toSimplified(q.question) })), drcdSingle.articles),
    },
    { name: 'news pages, headline queries', script: 'simplified; article headlines as queries', split: 'dev', corpus: newsCorpus, questions: headlineQueries(news.articles) },
    { name: 'news pages, CMRC questions', script: 'simplified; CMRC questions (paraphrases)', split: 'dev', corpus: newsCorpus, questions: questionsOn(cmrc.questions, news.articles) },
    ...loadLabelledPages(options.labelledDir ?? LABELLED_PAGES_DIR),
  ];
}
