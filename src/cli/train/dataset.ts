// Turns a folder of public QA data into training rows: the real knowledge base is built over the
// articles (in memory, offline), every question goes through the same retrieval and candidate
// features as a live question, and each candidate is labelled by whether it holds a gold answer.
import fs from 'node:fs';
import path from 'node:path';
import { createKnowledgeBot } from '../../bot';
import { OfflineHashEmbeddings } from '../../embeddings/offline-hash';
import { silentLogger } from '../../logger';
import { analyzeQuery, type AnalyzedQuery } from '../../retrieval/query';
import { weighGroups, type WeightedGroup } from '../../answer/coverage';
import { candidates, type Candidate } from '../../answer/selector/features';
import { extractiveAnswer } from '../../answer/extractive';
import { goldForms, holdsGold } from './gold';

export interface QaItem {
  id: string;
  question: string;
  answers: string[];
  answerable: boolean;
  doc: string;
}

export interface Example {
  item: QaItem;
  /** xl: an English-like question over the Korean articles (cross-lingual-rows.ts), gold answers in Korean. */
  lang: 'ko' | 'en' | 'xl';
  /** Declined by a rule before the selector (a name the documents never mention, ...). */
  ruled: boolean;
  query: AnalyzedQuery;
  groups: WeightedGroup[];
  cands: Candidate[];
  labels: boolean[];
  /** A gold answer is inside one of the first 6 passages (what an LLM would be sent). */
  recall6: boolean;
}

export function readQuestions(file: string): QaItem[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as QaItem);
}

export async function buildExamples(folder: string, items: QaItem[], lang: 'ko' | 'en' | 'xl'): Promise<Example[]> {
  const textLang = lang === 'en' ? 'en' : 'ko';
  const askLang = lang === 'ko' ? 'ko' : 'en';
  const bot = createKnowledgeBot({
    knowledgeDir: path.resolve(folder),
    dataDir: '/nonexistent',
    embeddings: new OfflineHashEmbeddings(),
    embeddingsId: 'local:hash-v1',
    chunkSize: 700,
    chunkOverlap: 120,
    maxQuestionChars: 100_000,
    logger: silentLogger,
    inMemory: true,
  });
  await bot.ready;
  const snap = bot.kb.snapshot!;
  const out: Example[] = [];
  for (const item of items) {
    const query = analyzeQuery(item.question, snap.glossary);
    const hits = await snap.search(query, 8);
    const groups = weighGroups(query.groups, snap.bm25);
    const forms = goldForms(item.answers, textLang, item.question);
    // The rules are the answerer's own: ask it with a threshold of 0 and see whether a rule declined.
    const ruled = extractiveAnswer(query, hits, snap.bm25, snap.glossary, askLang, { minConfidence: 0, weights: PASS_THROUGH }).abstained;
    const cands = ruled ? [] : candidates(query, groups, hits, snap.bm25);
    out.push({
      item,
      lang,
      ruled,
      query,
      groups,
      cands,
      labels: cands.map((c) => item.answerable && holdsGold(c.text, forms, textLang)),
      recall6: item.answerable && hits.slice(0, 6).some((h) => holdsGold(h.chunk.text, forms, textLang)),
    });
  }
  return out;
}

// Weights that accept every candidate: only the rules can decline.
import { FEATURES } from '../../answer/selector/features';
import { CONFIDENCE_FEATURES } from '../../answer/selector/confidence';
const zeros = (n: number) => ({ kind: 'linear' as const, mean: new Array<number>(n).fill(0), std: new Array<number>(n).fill(1), w: new Array<number>(n).fill(0) });
const PASS_THROUGH = { version: 0, features: [...FEATURES], ranker: zeros(FEATURES.length), confidenceFeatures: [...CONFIDENCE_FEATURES], confidence: zeros(CONFIDENCE_FEATURES.length), minConfidence: 0 };
