import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createDedupeStore, createRateLimiter, DB_FILE, openServices } from '../src/services';
import type { Answer } from '../src/types';

const dirs: string[] = [];
const toClose: { close(): void }[] = [];
afterEach(() => {
  for (const c of toClose.splice(0)) c.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-services-'));
  dirs.push(d);
  return d;
}

function open(dir = tmpDir(), now?: () => number, rateLimitPerMinute = 6) {
  const s = openServices(dir, { rateLimitPerMinute, now });
  toClose.push(s);
  return s;
}

function answer(id: string): Answer {
  return {
    id,
    text: 'Mistral AI was founded in April 2023 [1].',
    citations: [{ n: 1, docId: 'mistral.md', title: 'Mistral AI', quote: 'founded in April 2023', score: 0.9, source: 'mistral.md', start: 0, end: 21 }],
    abstained: false,
    lang: 'en',
    mode: { kind: 'llm', model: 'openai:gpt-4o-mini' },
    timings: { retrieveMs: 1, answerMs: 1, totalMs: 2 },
  };
}

describe('openServices', () => {
  it('creates a missing data dir and one shared bot.sqlite in WAL mode', async () => {
    const dir = path.join(tmpDir(), 'nested', 'data');
    const s = openServices(dir, { rateLimitPerMinute: 6 });
    await s.audit.record({ platform: 'console', user: 'u', action: 'reload', ok: true });
    s.close();
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.sqlite'))).toEqual([DB_FILE]);
    const db = new Database(path.join(dir, DB_FILE));
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['answers', 'audit', 'dedupe', 'votes']));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});

describe('FeedbackStore', () => {
  it('a second click by the same user replaces the vote instead of adding one', async () => {
    let t = Date.parse('2025-01-01T00:00:00Z');
    const s = open(undefined, () => t);
    await s.feedback.recordAnswer({ answer: answer('a1'), question: 'When was Mistral founded?', platform: 'slack', channel: 'C1', user: 'U1' });
    expect((await s.feedback.vote({ answerId: 'a1', user: 'U2', platform: 'slack', vote: 'up' }))).toBe(true);
    t += 5000;
    expect((await s.feedback.vote({ answerId: 'a1', user: 'U2', platform: 'slack', vote: 'down' }))).toBe(true);
    expect((await s.feedback.votes('a1'))).toEqual([{ user: 'U2', vote: 'down', at: '2025-01-01T00:00:05.000Z' }]);
  });

  it('two users voting on one answer are two votes', async () => {
    const s = open();
    await s.feedback.recordAnswer({ answer: answer('a1'), question: 'q', platform: 'discord', channel: 'c', user: 'asker' });
    await s.feedback.vote({ answerId: 'a1', user: 'alice', platform: 'discord', vote: 'up' });
    await s.feedback.vote({ answerId: 'a1', user: 'bob', platform: 'discord', vote: 'down' });
    expect((await s.feedback.votes('a1')).map((v) => [v.user, v.vote])).toEqual([['alice', 'up'], ['bob', 'down']]);
  });

  it('a vote on an unknown answer id is refused and stores nothing', async () => {
    const dir = tmpDir();
    const s = open(dir);
    expect((await s.feedback.vote({ answerId: 'nope', user: 'U1', platform: 'slack', vote: 'up' }))).toBe(false);
    expect((await s.feedback.votes('nope'))).toEqual([]);
    s.close();
    const db = new Database(path.join(dir, DB_FILE), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM votes').get()).toEqual({ n: 0 });
    db.close();
  });

  it('keeps the question, answer text, citations and mode with the answer, and votes survive a restart', async () => {
    const dir = tmpDir();
    const s = open(dir);
    await s.feedback.recordAnswer({ answer: answer('a1'), question: 'When?', platform: 'slack', channel: 'C1', user: 'U1' });
    s.close();
    const again = open(dir);
    expect((await again.feedback.vote({ answerId: 'a1', user: 'U2', platform: 'slack', vote: 'up' }))).toBe(true);
    again.close();
    const db = new Database(path.join(dir, DB_FILE), { readonly: true });
    const row = db.prepare('SELECT question, answer, citations, mode, channel FROM answers WHERE id = ?').get('a1') as Record<string, string>;
    db.close();
    expect(row.question).toBe('When?');
    expect(row.answer).toContain('April 2023');
    expect(JSON.parse(row.citations)[0].title).toBe('Mistral AI');
    expect(row.mode).toBe('llm:openai:gpt-4o-mini');
  });
});

describe('DedupeStore', () => {
  it('a key seen before a restart is still a duplicate after it', async () => {
    const dir = tmpDir();
    const s = open(dir);
    expect((await s.dedupe.firstSeen('slack:event:Ev1'))).toBe(true);
    expect((await s.dedupe.firstSeen('slack:event:Ev1'))).toBe(false);
    s.close();
    const again = open(dir);
    expect((await again.dedupe.firstSeen('slack:event:Ev1'))).toBe(false);
    expect((await again.dedupe.firstSeen('slack:event:Ev2'))).toBe(true);
  });

  it('a key is new again once its TTL has passed, and expired keys are pruned from the table', async () => {
    const file = path.join(tmpDir(), DB_FILE);
    let t = 1_000_000;
    const hour = 3_600_000;
    const d = createDedupeStore(file, { ttlMs: 24 * hour, now: () => t });
    toClose.push(d);
    expect((await d.firstSeen('discord:interaction:1'))).toBe(true);
    t += 23 * hour;
    expect((await d.firstSeen('discord:interaction:1'))).toBe(false);
    t += 3 * hour; // past the TTL and past the prune interval (a tenth of the TTL) since the last prune
    expect((await d.firstSeen('discord:interaction:2'))).toBe(true); // triggers a prune of key 1
    const db = new Database(file, { readonly: true });
    const keys = (db.prepare('SELECT key FROM dedupe').all() as { key: string }[]).map((r) => r.key);
    db.close();
    expect(keys).toEqual(['discord:interaction:2']);
    expect((await d.firstSeen('discord:interaction:1'))).toBe(true);
    expect((await d.firstSeen('discord:interaction:1'))).toBe(false);
  });

  it('platform-qualified keys do not collide', async () => {
    const s = open();
    expect((await s.dedupe.firstSeen('slack:event:123'))).toBe(true);
    expect((await s.dedupe.firstSeen('discord:interaction:123'))).toBe(true);
  });
});

describe('RateLimiter', () => {
  // Each step: advance the fake clock by `at` ms from the start, then consume for `user`.
  type Step = [atMs: number, user: string, allowed: boolean, retryAfter: number];
  it.each<[string, number, Step[]]>([
    ['allows exactly N in a minute, then refuses (off-by-one would allow N+1)', 3, [
      [0, 'u', true, 0], [1000, 'u', true, 0], [2000, 'u', true, 58], [3000, 'u', false, 57],
    ]],
    ['frees a slot once the oldest hit leaves the window (a fixed window would reset all at once)', 2, [
      [0, 'u', true, 0], [30_000, 'u', true, 30], [59_999, 'u', false, 1], [60_000, 'u', true, 30], [60_001, 'u', false, 30],
    ]],
    ['counts each user separately (a global counter would block everyone)', 1, [
      [0, 'alice', true, 60], [1, 'bob', true, 60], [2, 'alice', false, 60],
    ]],
    ['0 disables the limit', 0, Array.from({ length: 50 }, (_, i): Step => [i, 'u', true, 0])],
    ['refused attempts do not extend the wait (counting refusals would lock a user out)', 1, [
      [0, 'u', true, 60], [10_000, 'u', false, 50], [50_000, 'u', false, 10], [60_000, 'u', true, 60],
    ]],
  ])('%s', async (_name, perMinute, steps) => {
    let t = 0;
    const rl = createRateLimiter({ perMinute, now: () => t });
    for (const [at, user, allowed, retryAfter] of steps) {
      t = at;
      expect({ at, allowed: (await rl.tryConsume(user)) }).toEqual({ at, allowed });
      expect({ at, retryAfter: (await rl.retryAfterSeconds(user)) }).toEqual({ at, retryAfter });
    }
  });

  it('openServices wires RATE_LIMIT_PER_MINUTE into the limiter', async () => {
    const s = open(undefined, () => 0, 2);
    expect([(await s.rateLimiter.tryConsume('slack:U1')), (await s.rateLimiter.tryConsume('slack:U1')), (await s.rateLimiter.tryConsume('slack:U1'))]).toEqual([true, true, false]);
  });
});

describe('AuditLog', () => {
  it('returns the newest entries first, honours the limit, and keeps ok/detail', async () => {
    let t = Date.parse('2025-03-01T10:00:00Z');
    const s = open(undefined, () => t);
    await s.audit.record({ platform: 'slack', user: 'U1', action: 'reload', ok: true, detail: 'added 1' });
    (await s.audit.record({ platform: 'discord', user: 'D1', action: 'status', ok: true })); // same millisecond: order by insertion
    t += 1000;
    await s.audit.record({ platform: 'slack', user: 'U2', action: 'reload', ok: false, detail: 'NOT_ADMIN' });
    expect((await s.audit.recent(2))).toEqual([
      { at: '2025-03-01T10:00:01.000Z', platform: 'slack', user: 'U2', action: 'reload', ok: false, detail: 'NOT_ADMIN' },
      { at: '2025-03-01T10:00:00.000Z', platform: 'discord', user: 'D1', action: 'status', ok: true },
    ]);
    expect((await s.audit.recent()).map((e) => e.user)).toEqual(['U2', 'D1', 'U1']);
  });

  it('keeps tokens out of stored details', async () => {
    const s = open();
    await s.audit.record({ platform: 'slack', user: 'U1', action: 'reload', ok: false, detail: 'auth failed for xoxb-1234-abcd' });
    expect((await s.audit.recent(1))[0].detail).not.toContain('xoxb-1234');
  });
});
