// Who wrote what (记者某某写了哪些报道？): every retrieved article the person signed, as its headline, each cited.
import type { AnswerKind, Found } from './kind.js';

/** A question about a writer's articles. */
const BYLINE_RE = /(?:写了|采写了?|撰写了?|署名|发了|刊发了?)[^，。？?]{0,4}(?:哪些|什么|几篇)(?:报道|稿件|文章|新闻|稿子)?|哪些(?:报道|稿件|文章)是[^，。？?]{1,6}(?:写|采写)的/;

/** Where an article names its writer: the byline field, or a signature in its text (（记者 某某）, 本报记者 某某). */
function signs(article: { byline: string | null; text: string }, name: string): number {
  if (article.byline?.replace(/\s/g, '').includes(name)) return 0;
  const m = article.text.replace(/\s/g, '').search(new RegExp(`(?:记者|通讯员|本报记者|文|图)[^。，；]{0,12}${name}|[（(]${name}[)）]`));
  return m;
}

export const bylinesKind: AnswerKind = {
  name: 'bylines',
  detect: (q) => BYLINE_RE.test(q.analysis.searchForm) && q.analysis.persons.length > 0,
  aggregates: true,
  admits: (q, best) => q.analysis.persons.some((p) => signs(best.facts.article, p) >= 0),
  extract(ev) {
    const name = ev.q.analysis.persons[0];
    const out: Found[] = [];
    for (const ae of ev.articles) {
      const at = signs(ae.facts.article, name);
      if (at < 0) continue;
      const date = ae.facts.article.date ? `${ae.facts.article.date} ` : '';
      out.push({ text: `${date}《${ae.facts.article.title}》`, from: ae, sentences: [0], score: ae.score, detail: { name } });
    }
    return out;
  },
  verify: () => true,
  phrase: (found, ev) => ({
    lead: `${found[0].detail!.name}署名的报道有${found.length}篇：`,
    parts: found.slice(0, ev.options.maxCitations).map((f) => ({ text: f.text, from: f.from, sentences: f.sentences })),
    joiner: '；',
  }),
  whenEmpty: 'refuse',
};
