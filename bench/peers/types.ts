// The shapes the quality bench shares: bench passages, the documents a peer indexes, and a peer.

/** A passage of a reading-comprehension set (CMRC 2018, DRCD), as stored in bench/data. */
export interface BenchPassage {
  id: string;
  title: string;
  text: string;
}

/** What a peer indexes: one unit of text (a whole page or a whole article) under an id. */
export interface BenchDoc {
  id: string;
  text: string;
}

export interface Hit {
  id: string;
  score: number;
}

export interface DocSearcher {
  search(question: string, k: number): Hit[] | Promise<Hit[]>;
}

export interface Peer {
  /** Short name used in row labels of RESULTS.md. */
  name: string;
  /** One line on what the peer does, for the notes under the tables. */
  description: string;
  /**
   * True when the peer matches in the project's search form (NFKC, traditional → simplified, lower case) on both
   * documents and questions; only these count as the project's real competition.
   */
  normalised: boolean;
  build(docs: readonly BenchDoc[]): Promise<DocSearcher>;
}
