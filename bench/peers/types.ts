// The shape every retrieval peer in the quality bench has: build once over passages, then answer questions.

export interface BenchPassage {
  id: string;
  title: string;
  text: string;
}

export interface Hit {
  id: string;
  score: number;
}

export interface PassageSearcher {
  search(question: string, k: number): Hit[] | Promise<Hit[]>;
}

export interface Peer {
  /** Short name used as the row label in RESULTS.md. */
  name: string;
  /** One line on what the peer does, for the notes under the table. */
  description: string;
  build(passages: readonly BenchPassage[]): Promise<PassageSearcher>;
}
