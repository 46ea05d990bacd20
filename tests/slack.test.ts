// The real Bolt app, in both transports, against a fake Slack on 127.0.0.1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FEEDBACK_DOWN, FEEDBACK_UP } from '../adapters/slack/blocks';
import { BotError } from '../src/errors';
import { userMessage } from '../src/user-messages';
import { fakeAnswer } from './helpers/fake-bot';
import { startSlack } from '../adapters/slack/index';
import { openServices } from '../src/services/index';
import { silentLogger } from '../src/logger';
import { createFakeBot } from './helpers/fake-bot';
import { BOT_TOKEN, BOT_USER, FakeSlackApi, nextTs, type ApiCall } from './fakes/slack-api';
import { ADMIN, feedbackClick, mention, message, startHarness, type Harness, type Mode } from './fakes/slack-harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const allText = (c: ApiCall) => JSON.stringify([c.args.text, c.args.blocks]);
const blockTexts = (blocks: any[]): string[] =>
  blocks.flatMap((b) => [b.text?.text, ...(b.elements ?? []).map((e: any) => e.text?.text ?? e.text)]).filter((t): t is string => typeof t === 'string');

/** The chat.update that replaced the placeholder posted in `channel`, once it has happened. */
async function answerIn(h: Harness, channel: string, n = 1): Promise<ApiCall> {
  return h.api.waitFor(() => {
    const updates = h.api.of('chat.update').filter((c) => c.args.channel === channel);
    return updates.length >= n ? updates[n - 1] : undefined;
  }, 5000, `answer #${n} in ${channel}`);
}

const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

describe.each<Mode>(['http', 'socket'])('Slack adapter over %s', (mode) => {
  it('answers a mention with a placeholder in the thread, then the answer with a numbered citation in its place', async () => {
    h = await startHarness(mode);
    const ev = mention('When was Mistral AI founded?');
    await h.sendEvent(ev);
    const update = await answerIn(h, 'C1');

    const [placeholder] = h.api.of('chat.postMessage');
    expect(placeholder.args).toMatchObject({ channel: 'C1', thread_ts: ev.ts, text: 'Looking this up…', unfurl_links: false, unfurl_media: false });
    const placeholderTs = h.api.messages.find((m) => m.text === 'Looking this up…' || m.thread_ts === ev.ts && m.user === BOT_USER)!.ts;
    expect(update.args.ts).toBe(placeholderTs);
    expect(update.args).toMatchObject({ unfurl_links: false, unfurl_media: false });
    const texts = blockTexts(update.args.blocks).join('\n');
    expect(texts).toContain('Mistral AI was founded in April 2023 in Paris [1].');
    expect(texts).toMatch(/\*\[1\]\* \*Mistral AI\* · Founding\n>미스트랄AI는 2023년 4월/);
    expect(texts).toContain('Offline answer');
    expect(update.args.text).toContain('Mistral AI was founded');
    expect(h.bot.asked[0]).toMatchObject({ text: 'When was Mistral AI founded?', user: 'U1', channel: 'C1', thread: ev.ts, platform: 'slack' });
  });

  it('answers a DM in the DM itself, without opening a thread', async () => {
    h = await startHarness(mode);
    await h.sendEvent(message('미스트랄AI는 언제 설립됐어?', { channel: 'D1', channel_type: 'im' }));
    await answerIn(h, 'D1');
    const [placeholder] = h.api.of('chat.postMessage');
    expect(placeholder.args.thread_ts).toBeUndefined();
    expect(placeholder.args.text).toBe('찾아보는 중…');
    expect(h.bot.asked[0].text).toBe('미스트랄AI는 언제 설립됐어?');
  });

  it('answers a follow-up in its thread without a new mention and passes the thread as history', async () => {
    h = await startHarness(mode);
    const first = mention('When was Mistral AI founded?');
    await h.sendEvent(first);
    await answerIn(h, 'C1');
    await h.sendEvent(message('And who founded it?', { thread_ts: first.ts }));
    await answerIn(h, 'C1', 2);
    expect(h.bot.asked[1].text).toBe('And who founded it?');
    expect(h.bot.asked[1].history).toEqual([
      { role: 'user', text: 'When was Mistral AI founded?' },
      { role: 'assistant', text: 'Mistral AI was founded in April 2023 in Paris [1].' },
    ]);
    expect(h.api.of('chat.postMessage').at(-1)!.args.thread_ts).toBe(first.ts);
  });

  it('stays out of threads it never answered in and ignores channel chatter', async () => {
    h = await startHarness(mode);
    const parent = h.api.addUserMessage({ channel: 'C1', text: 'lunch?', user: 'U2' });
    await h.sendEvent(message('pizza', { thread_ts: parent.ts }));
    await h.sendEvent(message('anyone around?'));
    await settle();
    expect(h.bot.asked).toHaveLength(0);
    expect(h.api.of('chat.postMessage')).toHaveLength(0);
  });

  it('replies once when Slack retries a delivery while the first is still being answered', async () => {
    h = await startHarness(mode);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    h.bot.answerWith = async () => {
      await gate;
      return fakeAnswer();
    };
    const ev = mention('When was Mistral AI founded?');
    await h.sendEvent(ev, { eventId: 'EvRETRY1' });
    await h.api.waitFor(() => h!.api.of('chat.postMessage').length === 1, 5000, 'placeholder');
    await h.sendEvent(ev, { eventId: 'EvRETRY1', retryNum: 1 });
    await h.sendEvent(ev, { eventId: 'EvRETRY1', retryNum: 2 });
    release();
    await answerIn(h, 'C1');
    await settle();
    expect(h.bot.asked).toHaveLength(1);
    expect(h.api.of('chat.postMessage')).toHaveLength(1);
  });

  it('refuses /kb reload from a non-admin, ephemerally, and audits the attempt', async () => {
    h = await startHarness(mode);
    const { responseId } = await h.sendCommand('reload', 'U1');
    const res = await h.api.waitFor(() => h!.api.responses.find((r) => r.id === responseId), 5000, 'refusal');
    expect(res.body).toMatchObject({ response_type: 'ephemeral', text: userMessage('NOT_ADMIN') });
    expect(h.bot.reloads).toBe(0);
    expect((await h.services.audit.recent(5))).toEqual([expect.objectContaining({ platform: 'slack', user: 'U1', action: 'kb reload', ok: false })]);
  });

  it('runs /kb reload for an admin, shows progress and the summary, and audits it', async () => {
    h = await startHarness(mode);
    const { responseId } = await h.sendCommand('reload', ADMIN);
    await h.api.waitFor(() => h!.api.responses.some((r) => r.id === responseId && / added, /.test(r.body.text)), 5000, 'summary');
    const bodies = h.api.responses.filter((r) => r.id === responseId).map((r) => r.body);
    expect(bodies[0].text).toBe('Reloading the knowledge base…');
    expect(bodies.some((b) => /Reloading… load 1\/2/.test(b.text))).toBe(true);
    const summary = bodies.at(-1)!;
    expect(summary.response_type).toBe('ephemeral');
    expect(summary.text).toMatch(/1 added, 0 changed, 0 removed, 0 failed in 0\.0 s/);
    expect(blockTexts(summary.blocks).join('\n')).toContain('• new.md');
    expect(h.bot.reloads).toBe(1);
    expect((await h.services.audit.recent(5))[0]).toMatchObject({ user: ADMIN, action: 'kb reload', ok: true });
  });

  it('/kb status shows the name lines kb status shows (romanized Hangul terms, mined pairs by document)', async () => {
    h = await startHarness(mode);
    const { responseId } = await h.sendCommand('status', ADMIN);
    const res = await h.api.waitFor(() => h!.api.responses.find((r) => r.id === responseId), 5000, 'status');
    const text = blockTexts(res.body.blocks).join('\n');
    expect(text).toContain('Romanized: 118 of 120 Hangul terms have a romanized form');
    expect(text).toContain('Name pairs: 3 name pairs mined from 2 documents: travel.md (2), people.md (1)');
  });

  it('stores a feedback click, lets the same user change their vote, and thanks them ephemerally', async () => {
    h = await startHarness(mode);
    const ev = mention('When was Mistral AI founded?');
    await h.sendEvent(ev);
    const update = await answerIn(h, 'C1');
    const buttons = update.args.blocks.find((b: any) => b.type === 'actions').elements;
    const answerId = buttons[0].value as string;
    const click = (actionId: string) => feedbackClick({ user: 'U7', channel: 'C1', messageTs: update.args.ts, threadTs: ev.ts, actionId, value: answerId });

    await h.sendAction(click(FEEDBACK_UP));
    await h.api.waitFor(() => h!.api.of('chat.postEphemeral').length === 1, 5000, 'thank-you');
    expect((await h.services.feedback.votes(answerId))).toEqual([expect.objectContaining({ user: 'U7', vote: 'up' })]);
    expect(h.api.of('chat.postEphemeral')[0].args).toMatchObject({ channel: 'C1', user: 'U7', thread_ts: ev.ts });

    await h.sendAction(click(FEEDBACK_DOWN));
    await h.api.waitFor(() => h!.api.of('chat.postEphemeral').length === 2, 5000, 'second thank-you');
    expect((await h.services.feedback.votes(answerId))).toEqual([expect.objectContaining({ user: 'U7', vote: 'down' })]);
  });

  it('quotes a document containing <!channel> and mentions without pinging anyone', async () => {
    h = await startHarness(mode);
    h.bot.answerWith = () =>
      fakeAnswer({
        text: 'Heads up <!here> and <!everyone>: **Launch** is <@U999> & <!subteam^S1|ml-team> [1].',
        citations: [{ ...fakeAnswer().citations[0], title: 'Memo <!channel>', quote: 'Big news <!channel> from <@U123>, ask @here & <!date^1|x>' }],
      });
    await h.sendEvent(mention('what is new?'));
    const update = await answerIn(h, 'C1');
    for (const c of h.api.calls.filter((c) => c.method.startsWith('chat.'))) {
      expect(allText(c)).not.toMatch(/<!|<@|@here/);
    }
    const texts = blockTexts(update.args.blocks).join('\n');
    expect(texts).toContain('Heads up &lt;!here&gt; and &lt;!everyone&gt;: *Launch* is &lt;@U999&gt; &amp; &lt;!subteam^S1|ml-team&gt; [1].');
    expect(texts).toContain('Big news &lt;!channel&gt;');
  });

  it('tells a user who asks too fast to wait, without asking the core', async () => {
    h = await startHarness(mode, { rateLimitPerMinute: 1 });
    await h.sendEvent(mention('first question'));
    await answerIn(h, 'C1');
    await h.sendEvent(mention('second question'));
    const eph = await h.api.waitFor(() => h!.api.of('chat.postEphemeral')[0], 5000, 'rate-limit message');
    expect(eph.args).toMatchObject({ channel: 'C1', user: 'U1', text: userMessage('RATE_LIMITED') });
    expect(h.bot.asked).toHaveLength(1);
  });

  it('turns the placeholder into an apology without internals when the answerer throws', async () => {
    h = await startHarness(mode);
    h.bot.answerWith = () => {
      throw new BotError('LLM_UNAVAILABLE', 'upstream 502 from https://internal.example with key xoxb-secret-123', { cause: new Error('ECONNRESET') });
    };
    await h.sendEvent(mention('When was Mistral AI founded?'));
    const update = await answerIn(h, 'C1');
    expect(update.args.text).toBe(userMessage('LLM_UNAVAILABLE'));
    expect(allText(update)).not.toMatch(/xoxb|internal|502|ECONNRESET/);
  });
});

describe('Slack adapter, HTTP specifics', () => {
  it('rejects a badly signed request with 401 and posts nothing', async () => {
    h = await startHarness('http');
    const body = JSON.stringify({ type: 'event_callback', event_id: 'EvBAD', team_id: 'T0001', event: mention('hi') });
    const res = await fetch(`http://127.0.0.1:${h.adapter.port}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-slack-signature': 'v0=deadbeef', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)) },
      body,
    });
    expect(res.status).toBe(401);
    await settle();
    expect(h.bot.asked).toHaveLength(0);
    expect(h.api.calls.filter((c) => c.method.startsWith('chat.'))).toHaveLength(0);
  });

  it('still replies once after a restart when Slack redelivers an event already answered', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slack-restart-'));
    const api = await new FakeSlackApi().start();
    try {
      const ev = mention('When was Mistral AI founded?');
      h = await startHarness('http', { dataDir, api });
      await h.sendEvent(ev, { eventId: 'EvRESTART' });
      await answerIn(h, 'C1');
      await h.stop();
      h = await startHarness('http', { dataDir, api });
      await h.sendEvent(ev, { eventId: 'EvRESTART', retryNum: 1 });
      await settle();
      expect(h.bot.asked).toHaveLength(0);
      expect(api.of('chat.postMessage')).toHaveLength(1);
    } finally {
      await h?.stop();
      h = undefined;
      await api.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.each([
    ['its own answer (would loop)', { user: BOT_USER, bot_id: 'BBOT' }],
    ['another bot (bots answering bots loop)', { bot_id: 'B999', subtype: 'bot_message' }],
    ['an edit (already answered once)', { subtype: 'message_changed' }],
    ['a channel join (not a question)', { subtype: 'channel_join' }],
  ])('does not answer %s in a DM', async (_why, extra) => {
    h = await startHarness('http');
    await h.sendEvent(message('When was Mistral AI founded?', { channel: 'D1', channel_type: 'im', ...extra }));
    await settle();
    expect(h.bot.asked).toHaveLength(0);
    expect(h.api.of('chat.postMessage')).toHaveLength(0);
  });

  it('answers one message once even when it arrives as both a DM message and an app_mention', async () => {
    h = await startHarness('http');
    const ts = nextTs();
    await h.sendEvent(message('<@UBOT> When was Mistral AI founded?', { channel: 'D1', channel_type: 'im', ts }));
    await h.sendEvent({ ...mention('When was Mistral AI founded?', { channel: 'D1', ts }) });
    await answerIn(h, 'D1');
    await settle();
    expect(h.bot.asked).toHaveLength(1);
  });

  it('answers top-level messages in an auto-answer channel, in a thread', async () => {
    h = await startHarness('http', { config: { autoAnswerChannels: ['CAUTO'] } });
    const ev = message('When was Mistral AI founded?', { channel: 'CAUTO' });
    await h.sendEvent(ev);
    await answerIn(h, 'CAUTO');
    expect(h.api.of('chat.postMessage')[0].args.thread_ts).toBe(ev.ts);
  });

  it('refuses an over-long question politely instead of asking the core', async () => {
    h = await startHarness('http', { maxQuestionChars: 50 });
    await h.sendEvent(mention('x'.repeat(51)));
    const eph = await h.api.waitFor(() => h!.api.of('chat.postEphemeral')[0], 5000, 'refusal');
    expect(eph.args.text).toBe(userMessage('QUESTION_TOO_LONG'));
    expect(h.bot.asked).toHaveLength(0);
  });

  it('never leaves the placeholder hanging when the answerer does not return', async () => {
    h = await startHarness('http', { answerTimeoutMs: 200 });
    h.bot.answerWith = () => new Promise(() => undefined);
    await h.sendEvent(mention('When was Mistral AI founded?'));
    const update = await answerIn(h, 'C1');
    expect(update.args.text).toBe(userMessage('LLM_TIMEOUT'));
  });

  it('shows a streaming answer growing in the placeholder, and the final answer last', async () => {
    h = await startHarness('http', { partialEveryMs: 30 });
    h.bot.answerWith = async (_q, opts) => {
      opts?.onPartial?.('Mistral AI was');
      await settle(120);
      opts?.onPartial?.('Mistral AI was founded');
      opts?.onPartial?.('Mistral AI was founded in 2023');
      return fakeAnswer();
    };
    await h.sendEvent(mention('When was Mistral AI founded?'));
    await h.api.waitFor(() => h!.api.of('chat.update').some((c) => c.args.blocks?.some((b: any) => b.type === 'actions')), 5000, 'final answer');
    await settle(200);
    const updates = h.api.of('chat.update');
    expect(updates[0].args.blocks[0].text.text).toBe('Mistral AI was …');
    expect(updates.length).toBeLessThanOrEqual(3); // throttled: the two quick partials became one edit
    expect(updates.at(-1)!.args.blocks.at(-1).type).toBe('actions');
  });

  it('posts the answer as a new message when the placeholder cannot be updated', async () => {
    h = await startHarness('http');
    h.api.failures['chat.update'] = ['message_not_found'];
    const ev = mention('When was Mistral AI founded?');
    await h.sendEvent(ev);
    await h.api.waitFor(() => h!.api.of('chat.postMessage').length === 2, 5000, 'fallback post');
    const posted = h.api.of('chat.postMessage')[1];
    expect(posted.args.thread_ts).toBe(ev.ts);
    expect(blockTexts(posted.args.blocks).join('\n')).toContain('[1]');
  });

  it('treats workspace admins as admins when configured (users.info)', async () => {
    h = await startHarness('http', { config: { workspaceAdminsAreAdmins: true } });
    h.api.users = { UOWNER: { is_owner: true }, UPLAIN: {} };
    const plain = await h.sendCommand('status', 'UPLAIN');
    const owner = await h.sendCommand('status', 'UOWNER');
    await h.api.waitFor(() => h!.api.responses.some((r) => r.id === owner.responseId) && h!.api.responses.some((r) => r.id === plain.responseId), 5000, 'status');
    expect(h.api.responses.find((r) => r.id === owner.responseId)!.body.text).toBe('Knowledge-base status');
    expect(h.api.responses.find((r) => r.id === plain.responseId)!.body.text).toBe(userMessage('NOT_ADMIN'));
  });

  it('shows help to anyone', async () => {
    h = await startHarness('http');
    const { responseId } = await h.sendCommand('', 'U1');
    const res = await h.api.waitFor(() => h!.api.responses.find((r) => r.id === responseId), 5000, 'help');
    expect(blockTexts(res.body.blocks).join('\n')).toContain('/kb reload');
  });
});

describe('Slack adapter, Socket Mode specifics', () => {
  it('acks every envelope and, with auto-reconnect on, stops without reconnecting', async () => {
    h = await startHarness('socket', { autoReconnect: true });
    await h.sendEvent(mention('When was Mistral AI founded?'));
    await answerIn(h, 'C1');
    expect(h.socket!.acks.map((a) => a.envelope_id)).toContain('env-1');
    await h.adapter.stop();
    await settle(800);
    expect(h.api.of('apps.connections.open')).toHaveLength(1);
    expect(h.socket!.connections).toBe(1);
  });
});

describe('Slack adapter start-up', () => {
  it.each([
    ['a revoked bot token', { botToken: 'xoxb-revoked', signingSecret: 's3cret-value' }, /SLACK_BOT_TOKEN.*invalid_auth/],
    ['a bad app token (Socket Mode)', { botToken: BOT_TOKEN, appToken: 'xapp-revoked' }, /invalid_auth.*SLACK_APP_TOKEN/],
  ])('fails with a message naming the variable for %s', async (_n, tokens, message) => {
    const api = await new FakeSlackApi().start();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slack-start-'));
    const services = openServices(dataDir, { rateLimitPerMinute: 5 });
    try {
      const config = { port: 0, apiUrl: api.apiUrl, adminUserIds: [], workspaceAdminsAreAdmins: false, autoAnswerChannels: [], nativeStreaming: true, ...tokens };
      const start = startSlack({ bot: createFakeBot(), services, config, logger: silentLogger, maxQuestionChars: 100 }, { host: '127.0.0.1' });
      await expect(start).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(message) });
    } finally {
      services.close();
      await api.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
