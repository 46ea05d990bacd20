// The contracts between the core and everything around it. Adapters see only these types
// and the KnowledgeBot interface; they never reach into retrieval or prompts.

export type Lang = 'ko' | 'en';
export type Platform = 'slack' | 'discord' | 'console' | 'cli';
/** Where a question was asked: a direct message, a channel, a thread follow-up, or the terminal chat. */
export type ChannelKind = 'dm' | 'channel' | 'thread' | 'terminal';

/** One earlier message in the conversation. Quoted to the answerer as data, never as instructions. */
export interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

/** What an adapter makes of a platform event. */
export interface Question {
  text: string;
  /** Platform user id, e.g. "U012AB3CD" on Slack or a snowflake on Discord. */
  user: string;
  channel: string;
  /** Thread the question belongs to (Slack thread_ts, Discord thread channel id). */
  thread?: string;
  platform: Platform;
  /** For the question log (coverage-gap reports); adapters set it, the core ignores it. */
  channelKind?: ChannelKind;
  /** Earlier turns of the same thread, oldest first, for follow-up questions. */
  history?: Turn[];
}

export interface Citation {
  /** The number shown in the answer text as [n]. */
  n: number;
  docId: string;
  title: string;
  section?: string;
  /** The exact passage quoted, short enough to show under the answer. */
  quote: string;
  score: number;
  /** Path of the document relative to the knowledge folder. */
  source: string;
  /** Character offsets of the quote in the document's text. */
  start: number;
  end: number;
  /** The quote is the answer's own text (offline answers): show where it is from, not the quote again. */
  inAnswer?: boolean;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export type AnswerMode = { kind: 'offline' } | { kind: 'llm'; model: string };

export interface Answer {
  /** Unique per answer; feedback buttons carry it. */
  id: string;
  /** Plain text (light Markdown allowed: **bold**, lists) with [n] markers that match citations. */
  text: string;
  citations: Citation[];
  /** True when the knowledge base does not hold the answer and the bot says so. */
  abstained: boolean;
  /** Estimated probability (0..1) that the answer holds what was asked; calibrated on held-out QA sets. */
  confidence?: number;
  lang: Lang;
  mode: AnswerMode;
  /** One line for the user when something degraded, e.g. the LLM failed and this is the offline answer. */
  notice?: string;
  timings: { retrieveMs: number; answerMs: number; totalMs: number };
  usage?: Usage;
}

export interface AskOptions {
  /** Called with the whole text so far each time the answerer streams more of it. */
  onPartial?: (textSoFar: string) => void;
  signal?: AbortSignal;
}

/** A retrieved chunk as handed to an answerer; `n` is its 1-based number in the prompt. */
export interface Passage {
  n: number;
  chunkId: string;
  docId: string;
  title: string;
  section?: string;
  text: string;
  score: number;
  source: string;
  start: number;
  end: number;
}

/** The seam for generated answers (issue: LLM answers). The core falls back to extractive answers when it throws. */
export interface ChatAnswerer {
  /** "provider:model", shown in answer footers. */
  readonly model: string;
  answer(
    input: { question: string; lang: Lang; passages: Passage[]; history: Turn[] },
    opts?: AskOptions,
  ): Promise<ChatResult>;
}

export interface ChatResult {
  /** Sanitised answer text with [n] markers; only markers of passages that were sent survive. */
  text: string;
  /** Passage numbers the text cites, in order of first appearance. */
  cited: number[];
  /** The model said the passages do not answer the question. */
  abstained: boolean;
  usage?: Usage;
}

export interface DocumentFailure {
  file: string;
  reason: string;
}

export interface ReloadSummary {
  added: string[];
  changed: string[];
  removed: string[];
  failed: DocumentFailure[];
  unchanged: number;
  documents: number;
  chunks: number;
  /** Chunks sent to the embeddings provider during this reload (0 when nothing changed). */
  embedded: number;
  /** Chunks analysed for the search index this time (those of added and edited documents). */
  indexed?: number;
  ms: number;
}

export interface ReloadProgress {
  phase: 'scan' | 'load' | 'embed' | 'save' | 'done';
  done: number;
  total: number;
}

export interface KbStatus {
  documents: number;
  chunks: number;
  embeddings: string;
  answerer: string;
  analyzerVersion: string;
  reloading: boolean;
  /** The last reload an admin asked for or that changed something ("by": e.g. "slack:U123", "cli", "start-up"). */
  lastReload?: { at: string; ok: boolean; summary?: ReloadSummary; error?: string; by?: string };
  errors: DocumentFailure[];
  /** Cross-lingual names: Hangul terms with a romanized (sound) form, and pairs mined from the documents. */
  names?: NameStatus;
  /** With replicas on one database: the shared index and which version each replica serves (cached; see src/replicas). */
  replicas?: ReplicasStatus;
}

/** One replica's row in the replicas table. */
export interface ReplicaRow {
  id: string;
  host: string;
  pid: number;
  /** Snapshot version served; undefined: an index of its own, not (yet) shared. */
  version?: number;
  startedAt: string;
  heartbeatAt: string;
  /** No heartbeat within the timeout: stopped, killed or cut off from the database. */
  gone: boolean;
}

export interface ReplicasStatus {
  latest?: { version: number; builtBy: string; createdAt: string; bytes: number };
  replicas: ReplicaRow[];
  /** A replica is shown as gone after this long without a heartbeat. */
  goneAfterMs: number;
  /** The replica showing this status (marked "this one"); absent in `npm run kb -- status`. */
  self?: string;
  /** Set when the last refresh failed: the table is as of `asOf` (the database was unreachable). */
  stale?: { asOf: string; error: string };
}

export interface NameStatus {
  hangulTerms: number;
  romanized: number;
  /** Hangul terms a pinyin name can match by character reading (정지룡 for Zheng Zhilong); absent from older replicas. */
  hanjaReadable?: number;
  minedPairs: number;
  /** Documents that gave mined pairs, most first. */
  minedFrom: { doc: string; pairs: number }[];
}

/** How the bot behaves in one channel or forum (channels.yml; see src/channels/settings.ts). */
export interface ChannelPolicy {
  /** mention: only when addressed (default); auto: every question-like message; off: never. */
  mode: 'mention' | 'auto' | 'off';
  /** Answers only the asker sees. */
  private: boolean;
  /** Auto mode posts an answer only when its confidence is at least this. */
  minConfidence?: number;
}

/** Everything an adapter may ask of the core. */
export interface KnowledgeBot {
  ask(question: Question, opts?: AskOptions): Promise<Answer>;
  /** The channel's policy from channels.yml (re-read on reload); absent: every channel is "mention". */
  channelPolicy?(channelId: string): ChannelPolicy;
  reload(opts?: { onProgress?: (p: ReloadProgress) => void; by?: string }): Promise<ReloadSummary>;
  status(): KbStatus;
}
