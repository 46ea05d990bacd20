// The raw stores (no guard) on either backend, for contract tests that run the same cases over
// SQLite and Postgres. `open` may be called twice on one backend to get a second "replica" that
// shares its state (a second SQLite handle on the file, a second Postgres pool on the database).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createAuditLog, createDedupeStore, createFeedbackStore, createPendingAnswers, createQuestionLog, createRateLimiter, openDatabase,
} from '../../src/services';
import { createDigestState } from '../../src/services/digest-state';
import { createEscalationStore } from '../../src/services/escalation-store';
import { createPgAuditLog } from '../../src/services/postgres/audit';
import { createPgDedupeStore, createPgDigestState, createPgEscalations } from '../../src/services/postgres/claims';
import { createPgFeedbackStore } from '../../src/services/postgres/feedback';
import { migrate } from '../../src/services/postgres/migrations';
import { createPgPendingAnswers } from '../../src/services/postgres/pending';
import { createPool } from '../../src/services/postgres/pool';
import { createPgQuestionLog } from '../../src/services/postgres/question-log';
import { createPgRateLimiter } from '../../src/services/postgres/rate-limit';
import { createLogger } from '../../src/logger';
import type { AuditLog, DedupeStore, DigestState, EscalationLimiter, FeedbackStore, PendingAnswers, QuestionLog, RateLimiter } from '../../src/services/types';
import { freshDatabase } from './postgres';

export interface StoreOptions {
  now: () => number;
  dedupeTtlMs?: number;
  retentionDays?: number;
  logUserIds?: boolean;
  perMinute?: number;
  owner?: string;
}

export interface Stores {
  dedupe: DedupeStore;
  feedback: FeedbackStore;
  audit: AuditLog;
  pending: PendingAnswers;
  questions: QuestionLog;
  digests: DigestState;
  escalations: EscalationLimiter;
  rateLimiter: RateLimiter;
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  open(opts: StoreOptions): Promise<Stores>;
  /** Closes every handle and pool and deletes the data. */
  dispose(): Promise<void>;
}

export async function sqliteBackend(): Promise<Backend> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-contract-'));
  const dbs: ReturnType<typeof openDatabase>[] = [];
  return {
    name: 'sqlite',
    async open(o) {
      const db = openDatabase(path.join(dir, 'bot.sqlite'));
      dbs.push(db);
      return {
        dedupe: createDedupeStore(db, { now: o.now, ttlMs: o.dedupeTtlMs }),
        feedback: createFeedbackStore(db, o.now),
        audit: createAuditLog(db, o.now),
        pending: createPendingAnswers(db, { now: o.now, owner: o.owner }),
        questions: createQuestionLog(db, { now: o.now, retentionDays: o.retentionDays, logUserIds: o.logUserIds }),
        digests: createDigestState(db),
        escalations: createEscalationStore(db, { now: o.now }),
        rateLimiter: createRateLimiter({ perMinute: o.perMinute ?? 6, now: o.now }),
      };
    },
    async dispose() {
      for (const db of dbs) if (db.open) db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function postgresBackend(): Promise<Backend & { url: string }> {
  const { url, drop } = await freshDatabase();
  const pools: ReturnType<typeof createPool>[] = [];
  const closers: { close(): void }[] = [];
  return {
    name: 'postgres',
    url,
    async open(o) {
      const pool = createPool(url, createLogger('error'), { max: 4 });
      pools.push(pool);
      await migrate(pool);
      const pending = createPgPendingAnswers(pool, { now: o.now, owner: o.owner, heartbeat: false });
      const questions = createPgQuestionLog(pool, { now: o.now, retentionDays: o.retentionDays, logUserIds: o.logUserIds });
      await questions.purge();
      closers.push(pending, questions);
      return {
        dedupe: createPgDedupeStore(pool, { now: o.now, ttlMs: o.dedupeTtlMs }),
        feedback: createPgFeedbackStore(pool, o.now),
        audit: createPgAuditLog(pool, o.now),
        pending,
        questions,
        digests: createPgDigestState(pool),
        escalations: createPgEscalations(pool, { now: o.now }),
        rateLimiter: createPgRateLimiter(pool, { perMinute: o.perMinute ?? 6, now: o.now }),
      };
    },
    async dispose() {
      for (const c of closers) c.close();
      for (const p of pools) await p.end().catch(() => undefined);
      await drop();
    },
  };
}

export const BACKENDS: [string, () => Promise<Backend>][] = [
  ['sqlite', sqliteBackend],
  ['postgres', postgresBackend],
];
