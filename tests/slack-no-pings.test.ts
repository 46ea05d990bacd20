// Every path that posts to Slack (answers, overflow, streaming edits, refusals, rate-limit notes,
// apologies, fallbacks, /kb output, thank-yous) reaches the wire with no live broadcast or mention,
// even when the answer, a file name or an error carries "<!channel>"; the reply-once and feedback
// stores failing does not cost the user their answer; an admin-lookup outage grants nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { BotError } from '../src/errors';
import { createLogger } from '../src/logger';
import type { KbStatus } from '../src/types';
import { userMessage } from '../src/user-messages';
import { fakeAnswer, fakeSummary } from './helpers/fake-bot';
import type { ApiCall } from './fakes/slack-api';
import { ADMIN, feedbackClick, mention, message, startHarness, type Harness } from './fakes/slack-harness';
import { SLACK_LIVE_MENTION, SLACK_PINGS } from './helpers/slack-pings';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));
const PINGS = SLACK_PINGS;
const LIVE = SLACK_LIVE_MENTION;

/** Everything the bot sent for users to read: chat.* calls and slash-command responses. */
function outgoing(h: Harness): { what: string; args: Record<string, any> }[] {
  const chat = h.api.calls.filter((c: ApiCall) => c.method.startsWith('chat.')).map((c) => ({ what: c.method, args: c.args }));
  return [...chat, ...h.api.responses.map((r) => ({ what: `response_url ${r.id}`, args: r.body }))];
}

const status = (over: Partial<KbStatus>): (() => KbStatus) => () => ({
  documents: 2, chunks: 10, embeddings: 'local:hash-v1', answerer: 'offline', analyzerVersion: 'test', reloading: false, errors: [], ...over,
});

type Row = [
  string,
  {
    opts?: Parameters<typeof startHarness>[1];
    before?: (h: Harness) => void;
    act: (h: Harness) => Promise<unknown>;
    /** The user-visible text this path must produce (so the row ran its path). */
    shows: RegExp;
  },
];

const rows: Row[] = [
  ['an answer quoting a document that says <!channel>', { before: (h) => (h.bot.answerWith = () => fakeAnswer({ text: `${PINGS} [1]`, citations: [{ ...fakeAnswer().citations[0], title: PINGS, quote: PINGS }] })), act: (h) => h.sendEvent(mention('news?')), shows: /Heads up/ }],
  ['the overflow messages of a huge answer', { before: (h) => (h.bot.answerWith = () => fakeAnswer({ text: `${PINGS} [1]`, citations: Array.from({ length: 60 }, (_, i) => ({ ...fakeAnswer().citations[0], n: i + 1, title: PINGS, quote: PINGS })) })), act: (h) => h.sendEvent(mention('everything?')), shows: /\(continued\)/ }],
  ['a DM answer', { before: (h) => (h.bot.answerWith = () => fakeAnswer({ text: `${PINGS} [1]` })), act: (h) => h.sendEvent(message('news?', { channel: 'D1', channel_type: 'im' })), shows: /Heads up/ }],
  [
    'the streaming edits of a growing answer',
    {
      opts: { partialEveryMs: 20 },
      before: (h) =>
        (h.bot.answerWith = async (_q, o) => {
          o?.onPartial?.(`${PINGS} part one`);
          await settle(80);
          return fakeAnswer();
        }),
      act: (h) => h.sendEvent(mention('news?')),
      shows: /part one/,
    },
  ],
  [
    'the native stream (chat.startStream/appendStream/stopStream) of a growing answer',
    {
      opts: { partialEveryMs: 20 },
      before: (h) => {
        h.api.streaming = 'on';
        h.bot.answerWith = async (_q, o) => {
          o?.onPartial?.(`${PINGS} part one`);
          await settle(60);
          o?.onPartial?.(`${PINGS} part one ${PINGS} part two`);
          await settle(60);
          return fakeAnswer({ text: `${PINGS} part one ${PINGS} part two ${PINGS} [1]` });
        };
      },
      act: (h) => h.sendEvent(mention('news?')),
      shows: /part two/,
    },
  ],
  ['the refusal of an empty mention', { act: (h) => h.sendEvent(mention('')), shows: /ask a question/i }],
  ['the refusal of an over-long question', { opts: { maxQuestionChars: 20 }, act: (h) => h.sendEvent(mention('x'.repeat(30))), shows: /too long/ }],
  [
    'the rate-limit note',
    {
      opts: { rateLimitPerMinute: 1 },
      act: async (h) => {
        await h.sendEvent(mention('one?'));
        await settle(200);
        await h.sendEvent(mention('two?'));
      },
      shows: new RegExp(userMessage('RATE_LIMITED').slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
    },
  ],
  ['a refusal posted visibly when ephemeral messages fail', { before: (h) => (h.api.failures['chat.postEphemeral'] = ['channel_not_found']), act: (h) => h.sendEvent(mention('')), shows: /ask a question/i }],
  ['the apology when the answerer throws an error quoting <!channel>', { before: (h) => (h.bot.answerWith = () => { throw new BotError('LLM_UNAVAILABLE', `upstream said ${PINGS}`); }), act: (h) => h.sendEvent(mention('q?')), shows: /./ }],
  ['the apology when the answerer never returns', { opts: { answerTimeoutMs: 150 }, before: (h) => (h.bot.answerWith = () => new Promise(() => undefined)), act: (h) => h.sendEvent(mention('q?')), shows: /./ }],
  ['an answer posted anew when the placeholder cannot be updated', { before: (h) => { h.api.failures['chat.update'] = ['message_not_found']; h.bot.answerWith = () => fakeAnswer({ text: `${PINGS} [1]` }); }, act: (h) => h.sendEvent(mention('q?')), shows: /Heads up/ }],
  ['/kb help', { act: (h) => h.sendCommand('help', 'U1'), shows: /\/kb reload/ }],
  ['/kb with an unknown subcommand that is a broadcast', { act: (h) => h.sendCommand('<!channel>', 'U1'), shows: /Unknown command/ }],
  ['/kb refused to a non-admin', { act: (h) => h.sendCommand('reload', 'U1'), shows: /admins/ }],
  ['/kb status naming a mined-pairs document <!channel>.md', { before: (h) => (h.bot.status = status({ names: { hangulTerms: 2, romanized: 2, minedPairs: 1, minedFrom: [{ doc: '<!channel>.md', pairs: 1 }] } })), act: (h) => h.sendCommand('status', ADMIN), shows: /name pairs mined/ }],
  ['/kb status listing a file named <!here>', { before: (h) => (h.bot.status = status({ errors: [{ file: '<!here>.md', reason: PINGS }] })), act: (h) => h.sendCommand('status', ADMIN), shows: /failed/ }],
  ['/kb reload listing files named <!channel>', { before: (h) => (h.bot.reloadWith = () => fakeSummary({ added: ['<!channel>.md'], failed: [{ file: '<!everyone>.pdf', reason: PINGS }] })), act: (h) => h.sendCommand('reload', ADMIN), shows: /Reload finished/ }],
  ['a failed /kb reload', { before: (h) => (h.bot.reloadWith = () => { throw new BotError('RELOAD_FAILED', PINGS); }), act: (h) => h.sendCommand('reload', ADMIN), shows: new RegExp(userMessage('RELOAD_FAILED').slice(0, 15)) }],
  ['the thank-you for a vote', { act: (h) => h.sendAction(feedbackClick({ user: 'U7', channel: 'C1', messageTs: '1.2', actionId: 'kb_feedback_up', value: 'unknown-answer' })), shows: /too old to rate/ }],
];

describe('no pings on any Slack message path', () => {
  it.each(rows)('%s', async (_name, row) => {
    h = await startHarness('http', row.opts);
    row.before?.(h);
    await row.act(h);
    const hh = h;
    await hh.api.waitFor(() => outgoing(hh).some((o) => row.shows.test(JSON.stringify([o.args.text, o.args.blocks, o.args.markdown_text]))), 5000, `a message matching ${row.shows}`);
    await settle(150);
    const sent = outgoing(hh);
    expect(sent.length).toBeGreaterThan(0);
    for (const o of sent) {
      expect(JSON.stringify([o.args.text, o.args.blocks, o.args.markdown_text]), o.what).not.toMatch(LIVE);
      expect(o.args.link_names, o.what).toBeFalsy();
      expect(o.args.parse, o.what).not.toBe('full');
    }
  });
});

describe('storage failures do not cost the user their answer', () => {
  it.each(['http', 'socket'] as const)('over %s: the reply-once store failing still answers the question, once, and logs why', async (mode) => {
    const logs: string[] = [];
    h = await startHarness(mode, { logger: createLogger('debug', (l) => logs.push(l)) });
    h.services.dedupe.firstSeen = () => {
      throw new Error('SQLITE_READONLY: attempt to write a readonly database');
    };
    await h.sendEvent(mention('When was Mistral AI founded?'));
    const hh = h;
    await hh.api.waitFor(() => hh.api.of('chat.update')[0], 5000, 'the answer');
    await settle();
    expect(h.bot.asked).toHaveLength(1);
    expect(h.api.of('chat.update')).toHaveLength(1);
    expect(JSON.stringify(h.api.of('chat.update')[0].args.blocks)).toContain('Mistral AI was founded');
    expect(logs.join('\n')).toMatch(/dedupe store failed/);
  });

  it('the feedback store failing still shows the answer', async () => {
    h = await startHarness('http');
    h.services.feedback.recordAnswer = () => {
      throw new Error('SQLITE_FULL: database or disk is full');
    };
    await h.sendEvent(mention('When was Mistral AI founded?'));
    const hh = h;
    const update = await hh.api.waitFor(() => hh.api.of('chat.update')[0], 5000, 'the answer');
    expect(JSON.stringify(update.args.blocks)).toContain('Mistral AI was founded');
  });
});

describe('an outage of the admin lookup fails closed', () => {
  it('users.info failing while workspace admins are admins: /kb reload is refused, not run', async () => {
    h = await startHarness('http', { config: { workspaceAdminsAreAdmins: true } });
    h.api.failures['users.info'] = ['ratelimited', 'ratelimited', 'ratelimited'];
    const { responseId } = await h.sendCommand('reload', 'UOWNER');
    const hh = h;
    const res = await hh.api.waitFor(() => hh.api.responses.find((r) => r.id === responseId), 10_000, 'the refusal');
    expect(res.body.text).toBe(userMessage('NOT_ADMIN'));
    expect(h.bot.reloads).toBe(0);
  });
});
