// The archive's hybrid search as a LangChain retriever: the seam where another engine's retriever (an OpenSearch or
// Qdrant vector store's `asRetriever()`) can stand in, and where LangChain chains outside the bot can search the archive.
import { Document } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import type { Catalog } from './catalog.js';
import type { HybridSearcher } from './hybrid.js';
import { analyzeQuery } from './query.js';

/**
 * What each passage's Document carries: where it was printed (all a citation needs: source, paper, date, issue, page,
 * title) and where it sits in the index (articleId, chunkId), with its search score (higher is better).
 */
export interface PassageMetadata {
  source: string;
  paper: string | null;
  date: string | null;
  issue: string | null;
  page: string | null;
  title: string;
  articleId: string;
  chunkId: string;
  score: number;
}

export interface ArchiveRetrieverOptions extends BaseRetrieverInput {
  /** The index to search, read again at every query, so that a hot-reloaded index is followed. */
  index: () => { catalog: Catalog; searcher: HybridSearcher };
  /** Passages returned. Default 8. */
  k?: number;
  /** Applied to each passage's text and headline before it leaves (the archive passes its identifier masking). Default: none. */
  mask?: (text: string) => string;
}

/**
 * The passages `searcher.search` ranks for a question, best first, read with the same query analysis as `ask` (today
 * is the newest issue date; the archive's papers are the ones a question may name).
 * @example const docs = await new ArchiveRetriever({ index: () => ({ catalog, searcher }) }).invoke('谁主持召开了会议？')
 */
export class ArchiveRetriever extends BaseRetriever<PassageMetadata> {
  lc_namespace = ['newspaper_qa', 'retrievers', 'archive'];

  static lc_name(): string {
    return 'ArchiveRetriever';
  }

  private readonly index: ArchiveRetrieverOptions['index'];
  readonly k: number;
  private readonly mask: (text: string) => string;

  constructor(options: ArchiveRetrieverOptions) {
    const { index, k, mask, ...fields } = options;
    super(fields);
    this.index = index;
    this.k = k ?? 8;
    this.mask = mask ?? ((text) => text);
  }

  async _getRelevantDocuments(query: string): Promise<Document<PassageMetadata>[]> {
    const { catalog, searcher } = this.index();
    const analysis = analyzeQuery(query, { today: catalog.dates[0] ?? null, papers: catalog.papers });
    const { passages } = await searcher.search(analysis, { articles: 10, passages: this.k });
    return passages.map(({ chunk, score }) => new Document<PassageMetadata>({
      pageContent: this.mask(chunk.text),
      metadata: {
        source: chunk.source, paper: chunk.paper, date: chunk.date, issue: chunk.issue, page: chunk.page,
        title: this.mask(chunk.title), articleId: chunk.articleId, chunkId: chunk.id, score,
      },
    }));
  }
}
