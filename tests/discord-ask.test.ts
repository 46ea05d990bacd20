// /ask, feedback buttons and /kb through the real discord.js client against the fake Discord.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BotError } from '../src/errors';
import { userMessage } from '../src/user-messages';
import { fakeAnswer, fakeSummary } from './helpers/fake-bot';
import { ADMIN_ROLE_ID, CHANNEL_ID, MANAGE_GUILD, alice, askInteraction, bob, buttonInteraction, kbInteraction } from './fakes/discord-events';
import { createHarness, settle, type Harness } from './fakes/discord-harness';
import type { RecordedRequest } from './fakes/discord-server';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const isCallback = (id: string) => (r: RecordedRequest) => r.path.startsWith(`/interactions/${id}/`);
const isEdit = (id: string) => (r: RecordedRequest) => r.method === 'PATCH' && r.path.endsWith(`/itoken-${id}/messages/@original`);
const isFollowUp = (id: string) => (r: RecordedRequest) => r.method === 'POST' && r.path.endsWith(`/itoken-${id}`);

async function started(opts: Parameters<typeof createHarness>[0] = {}): Promise<Harness> {
  h = await createHarness(opts);
  await h.start();
  return h;
}

describe('/ask', () => {
  it('defers at once, then edits the original reply into the answer with a numbered source and the mode', async () => {
    const { fake, bot } = await started();
    const i = askInteraction('When was Mistral AI founded?');
    fake.dispatch('INTERACTION_CREATE', i);

    const edit = await fake.waitForRequest(isEdit(i.id));
    const callbacks = fake.requests.filter(isCallback(i.id));
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0].body.type).toBe(5); // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
    expect(fake.requests.indexOf(callbacks[0])).toBeLessThan(fake.requests.indexOf(edit));

    const [embed] = edit.body.embeds;
    expect(embed.description).toContain('Mistral AI was founded in April 2023 in Paris [1].');
    expect(embed.fields[0].name).toBe('[1] Mistral AI — Founding');
    expect(embed.fields[0].value).toContain('미스트랄AI는 2023년 4월 프랑스 파리에서 설립된');
    expect(embed.footer.text).toMatch(/offline/i);
    expect(edit.body.allowed_mentions.parse).toEqual([]);
    expect(bot.asked).toEqual([{ text: 'When was Mistral AI founded?', user: alice.id, channel: CHANNEL_ID, thread: undefined, platform: 'discord', channelKind: 'channel' }]);
  });

  it('acknowledges within 3 s while the core is still thinking (Discord would show "interaction failed")', async () => {
    const { fake, bot } = await started();
    let release!: () => void;
    bot.answerWith = () => new Promise((resolve) => (release = () => resolve(fakeAnswer())));
    const i = askInteraction('slow question?');
    const t0 = Date.now();
    fake.dispatch('INTERACTION_CREATE', i);
    const cb = await fake.waitForRequest(isCallback(i.id), 3_000);
    expect(cb.body.type).toBe(5);
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(fake.requests.some(isEdit(i.id))).toBe(false);
    await vi.waitFor(() => expect(bot.asked).toHaveLength(1));
    release();
    await fake.waitForRequest(isEdit(i.id));
  });

  it('shows the model name in the footer when an LLM wrote the answer', async () => {
    const { fake, bot } = await started();
    bot.answerWith = () => fakeAnswer({ mode: { kind: 'llm', model: 'openai:gpt-4o-mini' } });
    const i = askInteraction('q?');
    fake.dispatch('INTERACTION_CREATE', i);
    const edit = await fake.waitForRequest(isEdit(i.id));
    expect(edit.body.embeds.at(-1).footer.text).toContain('openai:gpt-4o-mini');
  });

  it('private:true keeps the deferred reply ephemeral (catches answers leaking to the channel)', async () => {
    const { fake } = await started();
    const i = askInteraction('q?', { private: true });
    fake.dispatch('INTERACTION_CREATE', i);
    await fake.waitForRequest(isEdit(i.id));
    const [cb] = fake.requests.filter(isCallback(i.id));
    expect(cb.body.data.flags & 64).toBe(64);
  });

  it('quotes a document containing @everyone, @here and a role mention without pinging anyone', async () => {
    const { fake, bot } = await started();
    const evil = 'Launch notes: @everyone @here <@&720000000000000009> <@600000000000000002> please read';
    bot.answerWith = () => {
      const a = fakeAnswer({ text: `The notes say: ${evil} [1]` });
      a.citations[0].quote = evil;
      return a;
    };
    const i = askInteraction('What do the launch notes say?');
    fake.dispatch('INTERACTION_CREATE', i);
    const edit = await fake.waitForRequest(isEdit(i.id));
    expect(edit.body.embeds[0].description).toContain(evil);
    expect(edit.body.embeds[0].fields[0].value).toContain(evil);
    expect(edit.body.allowed_mentions.parse).toEqual([]);
    expect(edit.body.allowed_mentions.users ?? []).toEqual([]);
    expect(edit.body.allowed_mentions.roles ?? []).toEqual([]);
  });

  it.each([
    ['an empty question (would waste a model call)', '   ', userMessage('EMPTY_QUESTION', 'en')],
    ['an over-long question (would blow the prompt budget)', 'x'.repeat(501), userMessage('QUESTION_TOO_LONG', 'en')],
  ])('refuses %s politely, ephemerally and without asking the core', async (_name, question, expected) => {
    const { fake, bot } = await started({ maxQuestionChars: 500 });
    const i = askInteraction(question);
    fake.dispatch('INTERACTION_CREATE', i);
    const cb = await fake.waitForRequest(isCallback(i.id));
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.content).toBe(expected);
    expect(cb.body.data.flags & 64).toBe(64);
    expect(bot.asked).toHaveLength(0);
  });

  it('rate-limits a user with a friendly message while others can still ask', async () => {
    const { fake, bot } = await started({ rateLimitPerMinute: 1 });
    const first = askInteraction('one?');
    fake.dispatch('INTERACTION_CREATE', first);
    await fake.waitForRequest(isEdit(first.id));
    const second = askInteraction('two?');
    fake.dispatch('INTERACTION_CREATE', second);
    const cb = await fake.waitForRequest(isCallback(second.id));
    expect(cb.body.data.content).toContain(userMessage('RATE_LIMITED', 'en'));
    expect(cb.body.data.flags & 64).toBe(64);
    const other = askInteraction('three?', { user: bob });
    fake.dispatch('INTERACTION_CREATE', other);
    await fake.waitForRequest(isEdit(other.id));
    expect(bot.asked.map((q) => q.text)).toEqual(['one?', 'three?']);
  });

  it.each([
    ['a BotError keeps its mapped message', new BotError('INDEX_NOT_READY', 'index loading'), userMessage('INDEX_NOT_READY', 'en')],
    ['a crash shows the generic apology, never the stack', new TypeError('Cannot read properties of undefined (reading "x")'), userMessage('INTERNAL', 'en')],
  ])('when the core fails, %s', async (_name, error, expected) => {
    const { fake, bot } = await started();
    bot.answerWith = () => {
      throw error;
    };
    const i = askInteraction('q?');
    fake.dispatch('INTERACTION_CREATE', i);
    const edit = await fake.waitForRequest(isEdit(i.id));
    expect(edit.body.content).toBe(expected);
    expect(JSON.stringify(edit.body)).not.toMatch(/TypeError|at .*\.ts|index loading/);
  });

  it('answers a duplicate INTERACTION_CREATE dispatch only once', async () => {
    const { fake, bot } = await started();
    const i = askInteraction('q?');
    fake.dispatch('INTERACTION_CREATE', i);
    fake.dispatch('INTERACTION_CREATE', i);
    await fake.waitForRequest(isEdit(i.id));
    await settle();
    expect(fake.requests.filter(isCallback(i.id))).toHaveLength(1);
    expect(fake.requests.filter(isEdit(i.id))).toHaveLength(1);
    expect(bot.asked).toHaveLength(1);
  });

  it('splits a long answer with many sources into messages that all fit Discord limits, losing no text', async () => {
    const { fake, bot } = await started();
    const paragraph = 'The AI market grew quickly as open-weight models spread across Europe and Korea. '.repeat(12);
    const text = Array.from({ length: 12 }, (_, k) => `Part ${k + 1}. ${paragraph}`).join('\n\n');
    const base = fakeAnswer();
    const citations = Array.from({ length: 40 }, (_, k) => ({ ...base.citations[0], n: k + 1, title: `Report ${k + 1} `.repeat(30), quote: 'q'.repeat(2000) }));
    bot.answerWith = () => ({ ...base, text, citations });
    const i = askInteraction('Tell me everything');
    fake.dispatch('INTERACTION_CREATE', i);
    await fake.waitForRequest(isEdit(i.id));
    await settle(500);
    const sent = [...fake.requests.filter(isEdit(i.id)), ...fake.requests.filter(isFollowUp(i.id))];
    expect(sent.length).toBeGreaterThan(1);
    for (const { body } of sent) {
      expect(body.embeds.length).toBeLessThanOrEqual(10);
      let total = 0;
      for (const e of body.embeds) {
        expect(e.description?.length ?? 0).toBeLessThanOrEqual(4096);
        expect(e.fields?.length ?? 0).toBeLessThanOrEqual(25);
        for (const f of e.fields ?? []) {
          expect(f.name.length).toBeLessThanOrEqual(256);
          expect(f.value.length).toBeLessThanOrEqual(1024);
          total += f.name.length + f.value.length;
        }
        total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0);
      }
      expect(total).toBeLessThanOrEqual(6000);
      expect(body.allowed_mentions.parse).toEqual([]);
    }
    const shown = sent.flatMap((r) => r.body.embeds.map((e: any) => e.description ?? '')).join(' ');
    expect(shown.replace(/\s+/g, ' ')).toContain(text.replace(/\s+/g, ' ').trim());
    const fieldCount = sent.flatMap((r) => r.body.embeds.flatMap((e: any) => e.fields ?? [])).length;
    expect(fieldCount).toBe(40);
    // The vote buttons sit under the last part only.
    expect(sent.filter((r) => r.body.components?.length)).toEqual([sent.at(-1)]);
  });
});

describe('feedback buttons', () => {
  it('stores one vote per user per answer (a second click replaces the first) and thanks ephemerally', async () => {
    const { fake, services } = await started();
    const ask = askInteraction('q?');
    fake.dispatch('INTERACTION_CREATE', ask);
    const edit = await fake.waitForRequest(isEdit(ask.id));
    const [up, down] = edit.body.components[0].components.map((b: any) => b.custom_id);
    const answerId = up.split(':').at(-1);

    const click1 = buttonInteraction(up);
    fake.dispatch('INTERACTION_CREATE', click1);
    const cb1 = await fake.waitForRequest(isCallback(click1.id));
    expect(cb1.body.data.content).toBe('Thanks for the feedback!');
    expect(cb1.body.data.flags & 64).toBe(64);
    expect((await services.feedback.votes(answerId)).map((v) => [v.user, v.vote])).toEqual([[alice.id, 'up']]);

    const click2 = buttonInteraction(down);
    fake.dispatch('INTERACTION_CREATE', click2);
    await fake.waitForRequest(isCallback(click2.id));
    expect((await services.feedback.votes(answerId)).map((v) => [v.user, v.vote])).toEqual([[alice.id, 'down']]);
  });

  it('says so when the answer is unknown (e.g. older than the feedback store)', async () => {
    const { fake } = await started();
    const click = buttonInteraction('kbvote:up:en:ans-never-shown');
    fake.dispatch('INTERACTION_CREATE', click);
    const cb = await fake.waitForRequest(isCallback(click.id));
    expect(cb.body.data.content).toMatch(/no longer be rated/);
  });
});

describe('/kb', () => {
  it.each([
    ['a member without Manage Server is refused (catches relying on Discord defaults alone)', {}, false],
    ['Manage Server permission makes an admin', { perms: MANAGE_GUILD }, true],
    ['a DISCORD_ADMIN_ROLE_IDS role makes an admin without Manage Server', { roles: [ADMIN_ROLE_ID] }, true],
  ])('reload: %s', async (_name, who, allowed) => {
    const { fake, bot, services } = await started({ config: { adminRoleIds: [ADMIN_ROLE_ID] } });
    const i = kbInteraction('reload', who);
    fake.dispatch('INTERACTION_CREATE', i);
    if (!allowed) {
      const cb = await fake.waitForRequest(isCallback(i.id));
      expect(cb.body.data.content).toBe(userMessage('NOT_ADMIN', 'en'));
      expect(cb.body.data.flags & 64).toBe(64);
      expect(bot.reloads).toBe(0);
      expect((await services.audit.recent(1))[0]).toMatchObject({ action: 'kb reload', ok: false, user: alice.id });
      return;
    }
    const edit = await fake.waitForRequest(isEdit(i.id));
    expect(fake.requests.find(isCallback(i.id))!.body.data.flags & 64).toBe(64);
    expect(edit.body.content).toContain('2 documents, 10 chunks');
    expect(edit.body.content).toContain('Added 1');
    expect(edit.body.content).toContain('`new.md`');
    expect(bot.reloads).toBe(1);
    expect((await services.audit.recent(1))[0]).toMatchObject({ action: 'kb reload', ok: true });
  });

  it('reports a failed reload with the documented message and lists unreadable files of a partial one', async () => {
    const { fake, bot } = await started();
    bot.reloadWith = () => {
      throw new BotError('RELOAD_FAILED', 'disk on fire');
    };
    const i = kbInteraction('reload', { perms: MANAGE_GUILD });
    fake.dispatch('INTERACTION_CREATE', i);
    const edit = await fake.waitForRequest(isEdit(i.id));
    expect(edit.body.content).toBe(userMessage('RELOAD_FAILED', 'en'));

    bot.reloadWith = () => fakeSummary({ failed: [{ file: 'broken.pdf', reason: 'not a PDF' }] });
    const j = kbInteraction('reload', { perms: MANAGE_GUILD });
    fake.dispatch('INTERACTION_CREATE', j);
    const edit2 = await fake.waitForRequest(isEdit(j.id));
    expect(edit2.body.content).toContain('Failed `broken.pdf`: not a PDF');
  });

  it.each([
    ['status for an admin', 'status', { perms: MANAGE_GUILD }, /Documents: 2, chunks: 10/],
    ['status without the name lines kb status shows', 'status', { perms: MANAGE_GUILD }, /Romanized: 118 of 120 Hangul terms have a romanized form[^]*Name pairs: 3 name pairs mined from 2 documents: travel\.md \(2\), people\.md \(1\)/],
    ['status refused for a member', 'status', {}, /Only knowledge-base admins/],
    ['help for anyone', 'help', {}, /\/ask question/],
  ])('%s', async (_name, sub, who, expected) => {
    const { fake } = await started();
    const i = kbInteraction(sub, who);
    fake.dispatch('INTERACTION_CREATE', i);
    const cb = await fake.waitForRequest(isCallback(i.id));
    expect(cb.body.data.content).toMatch(expected);
    expect(cb.body.data.flags & 64).toBe(64);
  });
});
