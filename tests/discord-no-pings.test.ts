// Every path that puts text in front of Discord users (answers, follow-ups, refusals, rate-limit
// notes, apologies, admin replies, thank-yous) carries allowed_mentions that ping nobody, checked
// on the wire. Each row fails if both the call's allowedMentions and the client default are lost.
import { afterEach, describe, expect, it } from 'vitest';
import { BotError } from '../src/errors';
import { fakeAnswer } from './helpers/fake-bot';
import { BOT_USER, snowflake, type FakeDiscord, type RecordedRequest } from './fakes/discord-server';
import { MANAGE_GUILD, askInteraction, bob, buttonInteraction, guild, kbInteraction, mention, messageCreate, messageMenuInteraction, threadChannel } from './fakes/discord-events';
import { createHarness, settle, type Harness } from './fakes/discord-harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const THREAD = '740000000000000001';
const PINGS = 'Notes: @everyone @here <@&720000000000000009> <@600000000000000002> read this';

/** Requests that show text to users: posted or edited messages and immediate interaction replies. */
function visible(fake: FakeDiscord): { r: RecordedRequest; body: any }[] {
  const callbacks = fake.requests
    .filter((r) => r.method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(r.path) && r.body?.type === 4)
    .map((r) => ({ r, body: r.body.data }));
  return [...fake.messagesSent().map((r) => ({ r, body: r.body })), ...callbacks];
}

const slow = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Row = [
  string,
  {
    harness?: Parameters<typeof createHarness>[0];
    before?: (h: Harness) => void;
    act: (h: Harness) => Promise<void> | void;
    /** Text one of the visible requests must show, so the row exercised its path. */
    shows: RegExp;
  },
];

const askAndWait = (question: string, opts: Parameters<typeof askInteraction>[1] = {}) => (h: Harness) => {
  h.fake.dispatch('INTERACTION_CREATE', askInteraction(question, opts));
};

const rows: Row[] = [
  ['a mention answer quoting @everyone', { before: (h) => (h.bot.answerWith = () => fakeAnswer({ text: `${PINGS} [1]` })), act: (h) => h.fake.dispatch('MESSAGE_CREATE', mention('what do the notes say?')), shows: /@everyone/ }],
  ['the follow-up posts of a long mention answer', { before: (h) => (h.bot.answerWith = () => fakeAnswer({ text: `${PINGS}. `.repeat(120) })), act: (h) => h.fake.dispatch('MESSAGE_CREATE', mention('everything?')), shows: /@here/ }],
  ['an answer inside a thread opened on the mention', { harness: { config: { mentionThreads: true } }, act: (h) => h.fake.dispatch('MESSAGE_CREATE', mention('Who are the main AI labs?')), shows: /Mistral/ }],
  [
    'a follow-up answer in a bot thread',
    {
      harness: { fake: { guilds: [guild({ threads: [threadChannel(THREAD, BOT_USER.id)] })] } },
      act: (h) => h.fake.dispatch('MESSAGE_CREATE', messageCreate('And who founded it?', { channelId: THREAD })),
      shows: /Mistral/,
    },
  ],
  ['a DM answer', { harness: { config: { allowDms: true } }, act: (h) => h.fake.dispatch('MESSAGE_CREATE', messageCreate('What is Upstage?', { dm: true })), shows: /Mistral/ }],
  ['the refusal of an empty mention', { act: (h) => h.fake.dispatch('MESSAGE_CREATE', mention('')), shows: /Please ask a question/ }],
  ['the refusal of an over-long mention', { harness: { maxQuestionChars: 20 }, act: (h) => h.fake.dispatch('MESSAGE_CREATE', mention('y'.repeat(30))), shows: /too long/ }],
  [
    'the rate-limit note on a mention',
    {
      harness: { rateLimitPerMinute: 1 },
      act: async (h) => {
        h.fake.dispatch('MESSAGE_CREATE', mention('one?'));
        await slow(200);
        h.fake.dispatch('MESSAGE_CREATE', mention('two?'));
      },
      shows: /too many|wait|again/i,
    },
  ],
  ['the apology when the core crashes on a mention', { before: (h) => (h.bot.answerWith = () => { throw new Error('boom'); }), act: (h) => h.fake.dispatch('MESSAGE_CREATE', mention('q?')), shows: /Sorry/ }],
  ['an /ask answer quoting @everyone', { before: (h) => (h.bot.answerWith = () => fakeAnswer({ text: `${PINGS} [1]` })), act: askAndWait('what do the notes say?'), shows: /@everyone/ }],
  ['the follow-ups of a long /ask answer', { before: (h) => (h.bot.answerWith = () => fakeAnswer({ text: `${PINGS}. `.repeat(120) })), act: askAndWait('everything?'), shows: /@here/ }],
  ['the refusal of an empty /ask', { act: askAndWait('   '), shows: /Please ask a question/ }],
  ['the refusal of an over-long /ask', { harness: { maxQuestionChars: 20 }, act: askAndWait('x'.repeat(30)), shows: /too long/ }],
  [
    'the rate-limit note on /ask',
    {
      harness: { rateLimitPerMinute: 1 },
      act: async (h) => {
        askAndWait('one?')(h);
        await slow(200);
        askAndWait('two?')(h);
      },
      shows: /too many|wait|again/i,
    },
  ],
  ['/ask in a DM while DMs are off', { act: askAndWait('q?', { dm: true }), shows: /DM/ }],
  ['the apology when the core fails on /ask', { before: (h) => (h.bot.answerWith = () => { throw new BotError('INDEX_NOT_READY', 'loading'); }), act: askAndWait('q?'), shows: /./ }],
  [
    'the last-resort apology when the handler itself fails after deferring',
    {
      before: (h) => {
        h.services.feedback.recordAnswer = () => {
          throw new Error('feedback store is read-only');
        };
      },
      act: askAndWait('q?'),
      shows: /Sorry/,
    },
  ],
  ['an "Ask about this message" answer quoting @everyone', { before: (h) => (h.bot.answerWith = () => fakeAnswer({ text: `${PINGS} [1]` })), act: (h) => h.fake.dispatch('INTERACTION_CREATE', messageMenuInteraction(messageCreate(`${PINGS}?`, { author: bob }))), shows: /@everyone/ }],
  ['the follow-ups of a long "Ask about this message" answer', { before: (h) => (h.bot.answerWith = () => fakeAnswer({ text: `${PINGS}. `.repeat(120) })), act: (h) => h.fake.dispatch('INTERACTION_CREATE', messageMenuInteraction(messageCreate('everything?', { author: bob }))), shows: /@here/ }],
  ['"Ask about this message" on a message with no text', { act: (h) => h.fake.dispatch('INTERACTION_CREATE', messageMenuInteraction(messageCreate('<@600000000000000002>', { author: bob }))), shows: /no text/ }],
  ['a user-install /ask in a group DM quoting @everyone', { before: (h) => (h.bot.answerWith = () => fakeAnswer({ text: `${PINGS} [1]` })), act: askAndWait('notes?', { surface: 'user-install-group-dm' }), shows: /@everyone/ }],
  ['a user-install /ask in a server the bot is not in', { before: (h) => (h.bot.answerWith = () => fakeAnswer({ text: `${PINGS} [1]` })), act: askAndWait('notes?', { surface: 'user-install-guild' }), shows: /@everyone/ }],
  ['/kb help', { act: (h) => h.fake.dispatch('INTERACTION_CREATE', kbInteraction('help')), shows: /\/ask/ }],
  ['/kb refused to a member', { act: (h) => h.fake.dispatch('INTERACTION_CREATE', kbInteraction('status')), shows: /admins/ }],
  ['/kb status', { act: (h) => h.fake.dispatch('INTERACTION_CREATE', kbInteraction('status', { perms: MANAGE_GUILD })), shows: /Documents: 2/ }],
  [
    '/kb reload listing a file named @everyone',
    {
      before: (h) => (h.bot.reloadWith = () => ({ added: ['@everyone.md'], changed: [], removed: [], failed: [{ file: '@here.pdf', reason: 'broken <@&720000000000000009>' }], unchanged: 0, documents: 1, chunks: 1, embedded: 1, ms: 1 })),
      act: (h) => h.fake.dispatch('INTERACTION_CREATE', kbInteraction('reload', { perms: MANAGE_GUILD })),
      shows: /@everyone\.md/,
    },
  ],
  ['a failed /kb reload', { before: (h) => (h.bot.reloadWith = () => { throw new BotError('RELOAD_FAILED', 'disk'); }), act: (h) => h.fake.dispatch('INTERACTION_CREATE', kbInteraction('reload', { perms: MANAGE_GUILD })), shows: /reload/i }],
  ['the thank-you for a vote', { act: (h) => h.fake.dispatch('INTERACTION_CREATE', buttonInteraction(`kbvote:up:en:${snowflake()}`)), shows: /no longer be rated|Thanks/ }],
];

describe('no pings on any Discord message path', () => {
  it.each(rows)('%s', async (_name, row) => {
    h = await createHarness(row.harness);
    if (row.harness?.fake?.guilds) {
      const q1 = messageCreate(`<@${BOT_USER.id}> When was Mistral founded?`, { channelId: THREAD, id: snowflake() });
      h.fake.channelMessages.set(THREAD, [q1]);
    }
    row.before?.(h);
    await h.start();
    await row.act(h);
    const fake = h.fake;
    await fake.waitForRequest((r) => visible(fake).some((v) => v.r === r && JSON.stringify(v.body).match(row.shows) !== null), 5_000);
    await settle(200);
    const sent = visible(fake);
    expect(sent.length).toBeGreaterThan(0);
    for (const { r, body } of sent) {
      const where = `${r.method} ${r.path}`;
      expect(body.allowed_mentions, where).toBeDefined();
      expect(body.allowed_mentions.parse, where).toEqual([]);
      expect(body.allowed_mentions.users ?? [], where).toEqual([]);
      expect(body.allowed_mentions.roles ?? [], where).toEqual([]);
      if (body.message_reference) expect(body.allowed_mentions.replied_user, where).toBe(false);
    }
  });
});
