import type { DocumentFailure, Lang } from '../types';

export interface Section {
  title: string;
  /** Character offsets of the section in the document's `text`. */
  start: number;
  end: number;
}

/** A document of the knowledge folder, reduced to plain text. */
export interface KnowledgeDocument {
  /** Stable id: the path relative to the knowledge folder, with forward slashes. */
  id: string;
  /** Same as id today; kept apart so ids can change without breaking citations. */
  source: string;
  title: string;
  /** Plain text that chunks and citations point into by character offset. */
  text: string;
  /** Front matter (title, author, publisher, language, ...). */
  metadata: Record<string, unknown>;
  lang?: Lang;
  sections: Section[];
  /** sha256 of the raw file bytes: a changed hash means the document changed. */
  hash: string;
}

export interface Chunk {
  /** Stable across reloads while the document's text at this place is the same. */
  id: string;
  docId: string;
  source: string;
  title: string;
  section?: string;
  text: string;
  /** Offsets in the document's `text`. */
  start: number;
  end: number;
  /** sha256 of `text`: embeddings are cached by it, so unchanged text is never re-embedded. */
  hash: string;
}

export interface LoadResult {
  documents: KnowledgeDocument[];
  failures: DocumentFailure[];
}
