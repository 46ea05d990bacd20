// One behaviour, two engines: every case runs on the embedded SQLite stores and on the Postgres
// ones (DATABASE_URL), against the real server tests/global-postgres.ts started. A case that
// passes on one and fails on the other is a replica-only bug users would meet after moving.
import { afterEach, describe, expect, it } from 'vitest';
import { isGap, LOW_CONFIDENCE } from '../src/reports/gaps';
import type { Answer } from '../src/types';
import { fakeAnswer } from './helpers/fake-bot';
import { BACKENDS, type Backend } from './helpers/stores';

const backends: Backend[] = [];
afterEach(async () => {
  for (const b of backends.splice(0)) await b.dispose();
});

const clock = () => {
  const c = { t: Date.parse('2025-03-01T00:00:00Z') };
  return Object.assign(c, { now: () => c.t });
};

async function setup(make: () => Promise<Backend>, opts: { perMinute?: number; retentionDays?: number; dedupeTtlMs?: number; owner?: string } = {}) {
  const b = await make();
  backends.push(b);
  const c = clock();
  const s = await b.open({ now: c.now, ...opts });
  return { b, c, s };
}

const answer = (id: string, over: Partial<Answer> = {}) => fakeAnswer({ id, ...over });
const question = (text = 'When was Mistral AI founded?') => ({ text, user: 'U42', channel: 'C1', platform: 'slack' as const });

describe.each(BACKENDS)('store contract on %s', (_name, make) => {
  it('reply-once: a key is claimed once, again only after its TTL (a retry after a day would be answered twice otherwise)', async () => {
    const { s, c } = await setup(make, { dedupeTtlMs: 60_000 });
    expect(await s.dedupe.firstSeen('slack:event:Ev1')).toBe(true);
    expect(await s.dedupe.firstSeen('slack:event:Ev1')).toBe(false);
    c.t += 61_000;
    expect(await s.dedupe.firstSeen('slack:event:Ev1')).toBe(true);
    expect(await s.dedupe.firstSeen('slack:event:Ev1')).toBe(false);
  });

  it('reply-once: 20 concurrent claims of one key from two handles, exactly one wins (a read-then-write claim lets two replicas answer)', async () => {
    const { b, c, s } = await setup(make);
    const other = await b.open({ now: c.now });
    const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? s : other).dedupe.firstSeen('slack:event:Race')));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it('votes: unknown answers are refused, a second click replaces the first, two users are two votes', async () => {
    const { s, c } = await setup(make);
    expect(await s.feedback.vote({ answerId: 'nope', user: 'U1', platform: 'slack', vote: 'up' })).toBe(false);
    await s.feedback.recordAnswer({ answer: answer('a1'), question: 'When?', platform: 'slack', channel: 'C1', user: 'U1' });
    expect(await s.feedback.vote({ answerId: 'a1', user: 'U2', platform: 'slack', vote: 'up' })).toBe(true);
    c.t += 5000;
    expect(await s.feedback.vote({ answerId: 'a1', user: 'U2', platform: 'slack', vote: 'down' })).toBe(true);
    await s.feedback.vote({ answerId: 'a1', user: 'U3', platform: 'slack', vote: 'up' });
    expect((await s.feedback.votes('a1')).map((v) => [v.user, v.vote, v.at])).toEqual([
      ['U2', 'down', '2025-03-01T00:00:05.000Z'],
      ['U3', 'up', '2025-03-01T00:00:05.000Z'],
    ]);
    expect(await s.feedback.shown('a1')).toEqual({ question: 'When?', answer: answer('a1').text, channel: 'C1', platform: 'slack' });
    expect(await s.feedback.shown('nope')).toBeUndefined();
  });

  it('rate limit: N per minute, the next one refused with a wait of at most a minute, allowed again after it', async () => {
    const { s, c } = await setup(make, { perMinute: 3 });
    const got = [];
    for (let i = 0; i < 4; i++) got.push(await s.rateLimiter.tryConsume('slack:U1'));
    expect(got).toEqual([true, true, true, false]);
    expect(await s.rateLimiter.tryConsume('slack:U2')).toBe(true);
    const wait = await s.rateLimiter.retryAfterSeconds('slack:U1');
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    c.t += 60_000;
    expect(await s.rateLimiter.retryAfterSeconds('slack:U1')).toBe(0);
    expect(await s.rateLimiter.tryConsume('slack:U1')).toBe(true);
  });

  it('rate limit: 0 disables it', async () => {
    const { s } = await setup(make, { perMinute: 0 });
    for (let i = 0; i < 20; i++) expect(await s.rateLimiter.tryConsume('slack:U1')).toBe(true);
  });

  it('audit: newest first in insertion order within one millisecond, secrets redacted', async () => {
    const { s } = await setup(make);
    await s.audit.record({ platform: 'slack', user: 'U1', action: 'reload', ok: true, detail: 'added 1' });
    await s.audit.record({ platform: 'discord', user: 'D1', action: 'status', ok: true });
    await s.audit.record({ platform: 'slack', user: 'U2', action: 'reload', ok: false, detail: 'auth failed for xoxb-1234-abcdefghij' });
    const recent = await s.audit.recent(2);
    expect(recent.map((e) => [e.user, e.ok])).toEqual([['U2', false], ['D1', true]]);
    expect(recent[0].detail).not.toContain('xoxb-1234');
    expect(recent[1]).not.toHaveProperty('detail');
  });

  it('question log: the SQL gap filter returns exactly the rows isGap picks (ties and unknown confidence included)', async () => {
    const { s } = await setup(make);
    const cases: [Partial<Answer>, number, number][] = [
      [{ abstained: true }, 0, 0], [{ confidence: 0.49 }, 0, 0], [{ confidence: 0.5 }, 0, 0], [{ confidence: undefined }, 0, 0],
      [{ confidence: 0.9 }, 1, 1], [{ confidence: 0.9 }, 2, 1], [{ confidence: 0.9 }, 0, 1], [{ confidence: 0.9 }, 1, 0],
    ];
    for (const [i, [over, up, down]] of cases.entries()) {
      await s.questions.record({ question: question(`q${i}`), answer: answer(`g${i}`, over) });
      await s.questions.setVotes(`g${i}`, up, down);
    }
    const all = await s.questions.since(0);
    expect(all.map((r) => r.text)).toEqual(cases.map((_, i) => `q${i}`));
    expect((await s.questions.gapsSince(0, LOW_CONFIDENCE)).map((r) => r.text)).toEqual(all.filter(isGap).map((r) => r.text));
    expect(await s.questions.countSince(0)).toBe(cases.length);
  });

  it('question log: rows past the retention are purged, re-checks are stored, a re-recorded answer id is one row', async () => {
    const { s, c } = await setup(make, { retentionDays: 1 });
    await s.questions.record({ question: question('old'), answer: answer('o1', { abstained: true }) });
    c.t += 2 * 86_400_000;
    await s.questions.record({ question: question('new'), answer: answer('n1', { abstained: true }) });
    await s.questions.record({ question: question('new again'), answer: answer('n1', { abstained: true }) });
    expect(await s.questions.purge()).toBe(1);
    const [row] = await s.questions.since(0);
    expect(row).toMatchObject({ text: 'new', abstained: true, platform: 'slack', channelKind: 'channel', docs: ['mistral.md'] });
    expect(row).not.toHaveProperty('user');
    await s.questions.markRechecked([{ ids: [row.id], answered: true }]);
    expect((await s.questions.since(0))[0].recheck).toEqual({ at: c.t, answered: true });
  });

  it('pending answers: an entry left by a dead owner is adopted once, with its placeholder (a second adopt would answer twice)', async () => {
    const { b, c, s } = await setup(make, { owner: 'dead' });
    await s.pending.start({ key: 'slack:msg:C1:1.0', platform: 'slack', channel: 'C1', user: 'U1', question: 'q?' });
    await s.pending.placeholder('slack:msg:C1:1.0', '1.5');
    const a = await b.open({ now: c.now, owner: 'a' });
    const z = await b.open({ now: c.now, owner: 'z' });
    expect(await a.pending.orphans('slack')).toEqual(['slack:msg:C1:1.0']);
    expect(await a.pending.orphans('discord')).toEqual([]);
    expect(await a.pending.adopt('slack:msg:C1:1.0')).toEqual(expect.objectContaining({ channel: 'C1', question: 'q?', placeholder: '1.5' }));
    expect(await a.pending.adopt('slack:msg:C1:1.0')).toBeUndefined();
    await a.pending.finish('slack:msg:C1:1.0');
    expect(await z.pending.orphans('slack')).toEqual([]);
  });

  it('digests and "Ask a person": the last digest time is kept and claimed by one replica, a thread pings once per hour', async () => {
    const { b, s, c } = await setup(make);
    expect(await s.digests.last('slack:C1')).toBeUndefined();
    await s.digests.mark('slack:C1', 1234);
    expect(await s.digests.last('slack:C1')).toBe(1234);
    // Two replicas due at once: one claim wins, so one digest is posted.
    const claims = await Promise.all([s.digests.claim('slack:C1', 1234, 5000), s.digests.claim('slack:C1', 1234, 5001)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await s.digests.last('slack:C1')).toBe(claims[0] ? 5000 : 5001);
    expect(await s.escalations.tryEscalate('slack:C1:1.0')).toBe(true);
    expect(await s.escalations.tryEscalate('slack:C1:1.0')).toBe(false);
    // Another replica (or this one after a restart) does not ping the same thread again.
    expect(await (await b.open({ now: c.now })).escalations.tryEscalate('slack:C1:1.0')).toBe(false);
    c.t += 60 * 60 * 1000;
    expect(await s.escalations.tryEscalate('slack:C1:1.0')).toBe(true);
  });
});
