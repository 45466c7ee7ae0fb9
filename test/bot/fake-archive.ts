// An in-memory ArchiveService with a few hand-made articles, for bot and terminal-chat tests.
import type { Article, ArchiveService, ArchiveStats, AskResult, Citation, Digest } from '../../src/domain.js';

function article(partial: Partial<Article> & Pick<Article, 'id' | 'source' | 'title' | 'text'>): Article {
  return {
    paper: null,
    date: null,
    issue: null,
    page: null,
    kicker: null,
    subtitle: null,
    column: null,
    byline: null,
    kind: 'news',
    parts: [],
    pages: partial.page ? [partial.page] : [],
    continuedTo: null,
    continuedFrom: null,
    joins: [],
    ...partial,
  };
}

/** The front-page story of 2025-08-07, fully dated. */
export const FRONT = article({
  id: '001_c6e2f0a3ee1ee963.txt#1',
  source: '001_c6e2f0a3ee1ee963.txt',
  paper: '阳泉日报',
  date: '2025-08-07',
  issue: '15434',
  page: '1',
  title: '雷健坤調研重點項目建設',
  byline: '（张泉东）',
  text: '本報訊 8月6日，市委書記雷健坤深入郊區、城區調研重點項目建設工作。\n陽泉市中心醫院項目位於生態新城。',
});

/** An inside page with no masthead: date, issue and page unknown. */
export const INSIDE = article({
  id: '000_8534e92c8fa5de4a.txt#2',
  source: '000_8534e92c8fa5de4a.txt',
  paper: '阳泉日报',
  title: '以更优营商环境护航高质量发展',
  subtitle: '——访市行政审批服务管理局党组书记、局长孙铁玲',
  text: '市行政审批服务管理局党组书记、局长孙铁玲日前接受本报记者采访。\n遗失声明：张三身份证号140302199001011234声明作废。',
});

/** An article whose id is too long for Telegram's 64-byte callback data. */
export const LONG_ID = article({
  id: '晋中日报/2026年/一月/第三版/很长很长的文件名_b1d9b06a2ccdaf4a.txt#12',
  source: '晋中日报/2026年/一月/第三版/很长很长的文件名_b1d9b06a2ccdaf4a.txt',
  paper: '晋中日报',
  date: '2026-01-10',
  issue: '8001',
  page: '3',
  title: '链式招商促进产业集群发展',
  text: `${'灵石县经济技术开发区紧扣产业发展脉搏，创新实施“链式招商”策略。'.repeat(150)}\n${'今年已成功签订3份战略合作协议，累计签约总投资额92.8亿元。'.repeat(150)}`,
});

/** A page OCR'd as one endless article (tens of thousands of characters). */
export const ENDLESS = article({
  id: 'endless.txt#1',
  source: 'endless.txt',
  paper: '晋中日报',
  date: '2026-01-10',
  issue: '8001',
  page: '5',
  title: '全县秋粮收购工作有序推进',
  text: '各收购点延长营业时间，方便群众售粮，今年收购价格保持稳定，农户普遍满意。'.repeat(1500),
});

const ARTICLES = [FRONT, INSIDE, LONG_ID, ENDLESS];

function cite(n: number, a: Article, quote: string): Citation {
  return { n, source: a.source, paper: a.paper, date: a.date, issue: a.issue, page: a.page, title: a.title, quote, articleId: a.id };
}

/** Fake archive; set `failNext` to make the next call throw. */
export class FakeArchive implements ArchiveService {
  readonly questions: string[] = [];
  failNext: Error | null = null;
  dates: string[] = ['2026-01-10', '2025-08-07'];
  reloads = 0;
  closed = false;

  async ask(question: string): Promise<AskResult> {
    this.questions.push(question);
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = null;
      throw error;
    }
    if (question.includes('长答案')) {
      const answer = Array.from({ length: 60 }, (_, i) => `第${i + 1}段：${'雷健坤强调要抢抓三季度黄金期。'.repeat(8)}[1]`).join('\n\n');
      return { question, found: true, answer, ms: 1, citations: [cite(1, FRONT, '抢抓三季度黄金期')], passages: [] };
    }
    if (/调研|調研|招商|<b>/.test(question)) {
      return {
        question,
        found: true,
        answer: '8月6日，市委书记雷健坤调研了<中心医院>项目 & 生态新城项目[1]；另见招商报道[2][3]。',
        ms: 3,
        citations: [cite(1, FRONT, '調研重點項目建設'), cite(2, INSIDE, '孙铁玲'), cite(3, LONG_ID, '链式招商')],
        passages: [],
      };
    }
    return { question, found: false, answer: '资料库中没有找到相关报道。', ms: 1, citations: [], passages: [] };
  }

  async digest(date?: string): Promise<Digest> {
    // Like the real archive: 'undated' lists the pages whose date is unknown.
    const day = date === 'undated' ? null : date ?? this.dates[0] ?? null;
    const items = ARTICLES.filter((a) => a.date === day).map((a) => ({
      paper: a.paper,
      issue: a.issue,
      page: a.page,
      title: a.title,
      summary: a.text.split('。')[0] + '。',
      source: a.source,
      articleId: a.id,
    }));
    if (day === '2025-08-07') {
      items.push({ paper: '阳泉日报', issue: '15434', page: '2', title: '市区文明公约 <全文>', summary: '', source: '002.txt', articleId: 'x' });
    }
    return { date: day, items };
  }

  issueDates(): string[] {
    return [...this.dates];
  }

  article(articleId: string): Article | null {
    return ARTICLES.find((a) => a.id === articleId) ?? null;
  }

  stats(): ArchiveStats {
    return {
      papers: ['阳泉日报', '晋中日报'],
      dateRange: { from: '2025-08-07', to: '2026-01-10' },
      issues: 2,
      files: 5,
      articles: 3,
      chunks: 9,
      embedder: 'hash-384',
      embedderFallback: true,
      builtAt: '2026-01-10T00:30:00.000Z',
    };
  }

  async reload(): Promise<boolean> {
    this.reloads++;
    return true;
  }

  close(): void {
    this.closed = true;
  }
}
