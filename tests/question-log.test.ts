// The question log: what is kept (and what is not without LOG_USER_IDS), retention and its purge,
// vote tallies from the feedback store, recording through the core wrapper, and closing the loop
// (a reload re-asks the open gaps against the new index).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { silentLogger } from '../src/logger';
import { coverageReports, recordingBot } from '../src/reports';
import { isGap, LOW_CONFIDENCE } from '../src/reports/gaps';
import { createQuestionLog, openServices } from '../src/services';
import { withQuestionLog } from '../src/services/recording-bot';
import type { Answer, Question } from '../src/types';
import { cleanup, makeBot, q, SMALL_KB, tmpDir, writeSmallKb } from './fixtures/core/small-kb';
import { createFakeBot, fakeAnswer } from './helpers/fake-bot';

afterAll(cleanup);

const DAY = 24 * 60 * 60 * 1000;
const question = (over: Partial<Question> = {}): Question => ({ text: 'Where is Greenline based?', user: 'U42', channel: 'C1', platform: 'slack', channelKind: 'dm', ...over });

describe('question log', () => {
  it('keeps text, language, platform, channel kind, outcome, confidence, cited documents and time, but no user id by default', async () => {
    const log = createQuestionLog(':memory:', { now: () => 1_000 });
    await log.record({ question: question(), answer: fakeAnswer({ id: 'a1', confidence: 0.42, lang: 'en' }) });
    expect((await log.since(0))).toEqual([
      { id: 1, answerId: 'a1', at: 1_000, text: 'Where is Greenline based?', lang: 'en', platform: 'slack', channelKind: 'dm', abstained: false, confidence: 0.42, docs: ['mistral.md'], votesUp: 0, votesDown: 0 },
    ]);
  });

  it('stores who asked only with LOG_USER_IDS=true', async () => {
    const log = createQuestionLog(':memory:', { logUserIds: true });
    await log.record({ question: question(), answer: fakeAnswer() });
    expect((await log.since(0))[0].user).toBe('U42');
  });

  it('purges questions older than QUESTION_LOG_DAYS, at start and on the daily purge', async () => {
    const dir = tmpDir('qlog-');
    const file = path.join(dir, 'log.sqlite');
    const clock = { t: 100 * DAY };
    const log = createQuestionLog(file, { retentionDays: 90, now: () => clock.t });
    await log.record({ question: question({ text: 'old' }), answer: fakeAnswer() });
    clock.t += 50 * DAY;
    await log.record({ question: question({ text: 'recent' }), answer: fakeAnswer() });
    clock.t += 45 * DAY; // 'old' is 95 days old, 'recent' 45
    expect((await log.purge())).toBe(1);
    expect((await log.since(0)).map((r) => r.text)).toEqual(['recent']);
    log.close();
    // Reopened with a shorter retention, the next start purges what it no longer may keep.
    clock.t += 10 * DAY;
    const reopened = createQuestionLog(file, { retentionDays: 30, now: () => clock.t });
    expect((await reopened.since(0))).toEqual([]);
    reopened.close();
  });

  it('QUESTION_LOG_DAYS=0 keeps no questions, and deletes those an earlier setting kept', async () => {
    const dir = tmpDir('qlog-');
    const file = path.join(dir, 'log.sqlite');
    const before = createQuestionLog(file, { retentionDays: 90 });
    await before.record({ question: question(), answer: fakeAnswer() });
    before.close();
    const off = createQuestionLog(file, { retentionDays: 0 });
    expect((await off.since(0))).toEqual([]);
    await off.record({ question: question(), answer: fakeAnswer() });
    expect((await off.since(0))).toEqual([]);
    off.close();
  });

  it('reads back as gaps exactly the rows the report counts as gaps (SQL filter and isGap agree, ties and unknown confidence included)', async () => {
    const log = createQuestionLog(':memory:');
    const cases: [Partial<Answer>, number, number][] = [
      [{ abstained: true }, 0, 0],
      [{ confidence: 0.49 }, 0, 0],
      [{ confidence: 0.5 }, 0, 0],
      [{ confidence: undefined }, 0, 0],
      [{ confidence: 0.9 }, 1, 1],
      [{ confidence: 0.9 }, 2, 1],
      [{ confidence: 0.9 }, 0, 1],
      [{ confidence: 0.9 }, 1, 0],
    ];
    for (const [i, [over, up, down]] of cases.entries()) {
      await log.record({ question: question({ text: `q${i}` }), answer: fakeAnswer({ id: `g${i}`, ...over }) });
      await log.setVotes(`g${i}`, up, down);
    }
    const expected = (await log.since(0)).filter(isGap).map((r) => r.text);
    expect(expected).toEqual(['q0', 'q1', 'q4', 'q6']);
    expect((await log.gapsSince(0, LOW_CONFIDENCE)).map((r) => r.text)).toEqual(expected);
    expect((await log.countSince(0))).toBe(cases.length);
  });

  it('tallies votes from the feedback store, a changed vote replacing the earlier one', async () => {
    const dir = tmpDir('qlog-svc-');
    const services = openServices(dir, { rateLimitPerMinute: 0 });
    const answer = fakeAnswer({ id: 'a-vote' });
    await services.questions.record({ question: question(), answer });
    await services.feedback.recordAnswer({ answer, question: 'q', platform: 'slack', channel: 'C1', user: 'U42' });
    await services.feedback.vote({ answerId: 'a-vote', user: 'U1', platform: 'slack', vote: 'down' });
    await services.feedback.vote({ answerId: 'a-vote', user: 'U2', platform: 'slack', vote: 'down' });
    await services.feedback.vote({ answerId: 'a-vote', user: 'U1', platform: 'slack', vote: 'up' });
    expect((await services.questions.since(0))[0]).toMatchObject({ votesUp: 1, votesDown: 1 });
    services.close();
  });
});

describe('question log settings', () => {
  it('defaults to 90 days without user ids, and reads QUESTION_LOG_DAYS and LOG_USER_IDS', () => {
    expect(loadConfig({}).questionLog).toEqual({ days: 90, logUserIds: false });
    expect(loadConfig({ QUESTION_LOG_DAYS: '0', LOG_USER_IDS: 'true' }).questionLog).toEqual({ days: 0, logUserIds: true });
    const digests = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_DIGEST_CHANNEL: 'C0DIGEST', DISCORD_TOKEN: 't', DISCORD_APP_ID: '123456789012', DISCORD_DIGEST_CHANNEL_ID: '710000000000000001' });
    expect([digests.slack?.digestChannel, digests.discord?.digestChannelId]).toEqual(['C0DIGEST', '710000000000000001']);
  });

  it.each([
    ['a negative retention is accepted', { QUESTION_LOG_DAYS: '-5' }, 'QUESTION_LOG_DAYS="-5"'],
    ['a retention in words is accepted', { QUESTION_LOG_DAYS: 'forever' }, 'QUESTION_LOG_DAYS="forever"'],
    ['a non-boolean LOG_USER_IDS is accepted', { LOG_USER_IDS: 'sometimes' }, 'LOG_USER_IDS="sometimes"'],
    ['a channel name as DISCORD_DIGEST_CHANNEL_ID is accepted', { DISCORD_TOKEN: 't', DISCORD_APP_ID: '123456789012', DISCORD_DIGEST_CHANNEL_ID: '#general' }, 'DISCORD_DIGEST_CHANNEL_ID="#general"'],
  ])('%s', (_bug, env, part) => {
    expect(() => loadConfig(env)).toThrow(part);
  });
});

describe('recording through the core wrapper', () => {
  it('logs each answered question once and still answers when the log cannot be written', async () => {
    const log = createQuestionLog(':memory:');
    const bot = withQuestionLog(createFakeBot(), log, silentLogger);
    await bot.ask(question());
    expect((await log.since(0))).toHaveLength(1);
    log.close(); // writes now fail
    const answer: Answer = await bot.ask(question());
    expect(answer.text).toContain('Mistral');
  });

  it('does not log a question the core refused (nothing was answered)', async () => {
    const log = createQuestionLog(':memory:');
    const fake = createFakeBot();
    fake.answerWith = () => {
      throw new Error('index not ready');
    };
    await expect(withQuestionLog(fake, log, silentLogger).ask(question())).rejects.toThrow();
    expect((await log.since(0))).toEqual([]);
  });
});

describe('closing the loop', () => {
  it('after an admin adds a document and reloads, kb gaps marks the group the new index answers, and only that one', async () => {
    const dir = writeSmallKb();
    const core = makeBot(dir);
    await core.ready;
    const log = createQuestionLog(':memory:');
    const reports = coverageReports(core, log);
    const bot = recordingBot(core, log, reports, silentLogger);
    const asks = ['Where is Greenline headquartered?', 'In which city is Greenline headquartered?', 'Where is Greenline headquartered?', 'Who founded Kestrel Robotics?'];
    for (const text of asks) expect((await bot.ask(q(text))).abstained, text).toBe(true);

    const before = await reports.gaps();
    expect(before.groups.map((g) => g.answeredSince)).toEqual([undefined, undefined]);

    fs.writeFileSync(path.join(dir, 'greenline.md'), '# Greenline\n\nGreenline is a solar start-up. Greenline is headquartered in Lisbon, Portugal, since 2021.\n');
    const summary = await bot.reload();
    expect(summary.added).toEqual(['greenline.md']);

    const after = await reports.gaps();
    const greenline = after.groups.find((g) => g.example.includes('Greenline'))!;
    const kestrel = after.groups.find((g) => g.example.includes('Kestrel'))!;
    expect(greenline.answeredSince).toBeTypeOf('number');
    expect(greenline.closest).toContain('greenline.md');
    expect(kestrel.answeredSince).toBeUndefined();
    expect(Object.keys(SMALL_KB)).not.toContain('greenline.md');
  });
});
