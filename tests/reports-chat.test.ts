// /kb gaps through the real Bolt (both transports) and the real discord.js against the fakes:
// admins only, ephemeral, the top groups of the log; and questions asked through the adapters
// land in the question log with where they were asked.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../src/logger';
import { Glossary } from '../src/retrieval/glossary';
import { createCoverageReports } from '../src/reports';
import type { CoverageReports } from '../src/reports/types';
import { createQuestionLog, DB_FILE } from '../src/services';
import { withQuestionLog } from '../src/services/recording-bot';
import type { QuestionLog } from '../src/services/types';
import { userMessage } from '../src/user-messages';
import { fakeAnswer, createFakeBot } from './helpers/fake-bot';
import { MANAGE_GUILD, alice, kbInteraction, mention as discordMention } from './fakes/discord-events';
import { createHarness, type Harness as DiscordHarness } from './fakes/discord-harness';
import type { RecordedRequest } from './fakes/discord-server';
import { ADMIN, mention, message, startHarness, type Harness as SlackHarness, type Mode } from './fakes/slack-harness';
import { seedLog } from './fixtures/reports/seed';

const glossary = Glossary.load(path.resolve(__dirname, '../knowledge'));

/** A seeded log (plus one question that tries to ping everyone) and reports over it that count their calls. */
async function seededReports(): Promise<{ reports: CoverageReports & { calls: number }; log: QuestionLog }> {
  const clock = { t: Date.now() };
  const log = createQuestionLog(':memory:', { now: () => clock.t });
  seedLog(log, clock);
  for (let i = 0; i < 50; i++) {
    await log.record({ question: { text: '<!channel> @everyone where is the Greenline roadmap?', user: 'U9', channel: 'C1', platform: 'slack' }, answer: fakeAnswer({ abstained: true }) });
  }
  const inner = createCoverageReports({ log, glossary: () => glossary });
  const reports = {
    calls: 0,
    gaps: (o?: { days?: number; top?: number }) => {
      reports.calls += 1;
      return inner.gaps(o);
    },
    page: inner.page,
    recheck: inner.recheck,
  };
  return { reports, log };
}

let slack: SlackHarness | undefined;
let discord: DiscordHarness | undefined;
afterEach(async () => {
  await slack?.stop();
  await discord?.close();
  slack = undefined;
  discord = undefined;
});

const response = (h: SlackHarness, id: string) => h.api.waitFor(() => h.api.responses.find((r) => r.id === id), 5000, `response ${id}`);
const blockText = (body: any) => (body.blocks ?? []).map((b: any) => b.text?.text ?? '').join('\n');

describe.each<Mode>(['http', 'socket'])('Slack /kb gaps over %s', (mode) => {
  it('refuses a non-admin ephemerally, without reading the log, and audits the attempt', async () => {
    const { reports } = await seededReports();
    slack = await startHarness(mode, { reports });
    const { responseId } = await slack.sendCommand('gaps', 'U1');
    const res = await response(slack, responseId);
    expect(res.body).toMatchObject({ response_type: 'ephemeral', text: userMessage('NOT_ADMIN') });
    expect(reports.calls).toBe(0);
    expect((await slack.services.audit.recent(1))[0]).toMatchObject({ user: 'U1', action: 'kb gaps', ok: false });
  });

  it('shows an admin the top 10 groups of the given days, ephemerally, with mentions in questions neutralised', async () => {
    const { reports } = await seededReports();
    slack = await startHarness(mode, { reports });
    const { responseId } = await slack.sendCommand('gaps 7', ADMIN);
    const res = await response(slack, responseId);
    expect(res.body.response_type).toBe('ephemeral');
    const text = blockText(res.body);
    expect(text).toContain('*Coverage gaps, last 7 days*');
    expect(text.match(/^\d+\. /gm)).toHaveLength(7); // 7 groups in the seed, all within 10
    expect(text).toMatch(/^1\. .*\(50 asked/m);
    expect(text).toContain('Greenline roadmap');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toMatch(/(^|[^\w])@everyone/);
    expect(reports.calls).toBe(1);
  });

  it('says what is wrong with a bad number of days', async () => {
    const { reports } = await seededReports();
    slack = await startHarness(mode, { reports });
    const { responseId } = await slack.sendCommand('gaps lots', ADMIN);
    const res = await response(slack, responseId);
    expect(blockText(res.body)).toContain('is not a number of days from 1 to 3650');
    expect(reports.calls).toBe(0);
  });
});

describe('Slack questions reach the question log', () => {
  it('records a channel mention and a DM with their channel kind and no user id', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slack-qlog-'));
    const log = createQuestionLog(path.join(dataDir, DB_FILE));
    const core = withQuestionLog(createFakeBot(), log, silentLogger);
    slack = await startHarness('http', { core, dataDir });
    const h = slack;
    await h.sendEvent(mention('When was Mistral AI founded?'));
    await h.sendEvent(message('미스트랄AI는 언제 설립됐어?', { channel: 'D1', channel_type: 'im' }));
    await vi.waitFor(async () => expect(await log.since(0)).toHaveLength(2), { timeout: 5000 });
    const rows = (await log.since(0));
    expect(rows.map((r) => [r.text, r.platform, r.channelKind])).toEqual([
      ['When was Mistral AI founded?', 'slack', 'channel'],
      ['미스트랄AI는 언제 설립됐어?', 'slack', 'dm'],
    ]);
    expect(rows[0].user).toBeUndefined();
    await h.stop();
    slack = undefined;
    log.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});

const isCallback = (id: string) => (r: RecordedRequest) => r.path.startsWith(`/interactions/${id}/`);
const isEdit = (id: string) => (r: RecordedRequest) => r.method === 'PATCH' && r.path.endsWith(`/itoken-${id}/messages/@original`);

function gapsInteraction(who: { perms?: bigint; roles?: string[] }, days?: number) {
  const i = kbInteraction('gaps', who);
  if (days !== undefined) i.data.options[0].options = [{ name: 'days', type: 4, value: days }];
  return i;
}

describe('Discord /kb gaps', () => {
  it('refuses a member without Manage Server ephemerally, without reading the log', async () => {
    const { reports } = await seededReports();
    discord = await createHarness({ reports });
    await discord.start();
    const i = gapsInteraction({});
    discord.fake.dispatch('INTERACTION_CREATE', i);
    const cb = await discord.fake.waitForRequest(isCallback(i.id));
    expect(cb.body.data.content).toBe(userMessage('NOT_ADMIN', 'en'));
    expect(cb.body.data.flags & 64).toBe(64);
    expect(reports.calls).toBe(0);
    expect((await discord.services.audit.recent(1))[0]).toMatchObject({ action: 'kb gaps', ok: false, user: alice.id });
  });

  it('defers ephemerally, then shows an admin the groups of the given days with no pings', async () => {
    const { reports } = await seededReports();
    discord = await createHarness({ reports });
    await discord.start();
    const i = gapsInteraction({ perms: MANAGE_GUILD }, 7);
    discord.fake.dispatch('INTERACTION_CREATE', i);
    const edit = await discord.fake.waitForRequest(isEdit(i.id));
    expect(discord.fake.requests.find(isCallback(i.id))!.body.data.flags & 64).toBe(64);
    expect(edit.body.content).toContain('**Coverage gaps, last 7 days**');
    expect(edit.body.content).toMatch(/^1\. .*\(50 asked/m);
    expect(edit.body.content).toContain('Does Mistral have an office in Korea?');
    expect(edit.body.content).not.toMatch(/(^|[^\w])@everyone/);
    expect(edit.body.allowed_mentions.parse).toEqual([]);
    expect((await discord.services.audit.recent(1))[0]).toMatchObject({ action: 'kb gaps', ok: true });
  });

  it('records a mention in the question log as asked in a channel', async () => {
    const log = createQuestionLog(':memory:');
    discord = await createHarness({ core: withQuestionLog(createFakeBot(), log, silentLogger) });
    await discord.start();
    const m = discordMention('When was Mistral AI founded?');
    discord.fake.dispatch('MESSAGE_CREATE', m);
    await discord.fake.waitForRequest((r) => r.method === 'POST' && r.body?.message_reference?.message_id === m.id);
    expect((await log.since(0)).map((r) => [r.text, r.platform, r.channelKind])).toEqual([['When was Mistral AI founded?', 'discord', 'channel']]);
  });
});
