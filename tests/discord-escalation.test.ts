// "Ask a person" (issue 12 item 7) through the real discord.js client against the fake Discord: an
// abstention or a 👎 offers the button; a click pings DISCORD_ESCALATION_ROLE_ID once per thread,
// visibly, with the question and the bot's answer; that role is the only mention ever allowed.
import { afterEach, describe, expect, it } from 'vitest';
import { fakeAnswer } from './helpers/fake-bot';
import { askInteraction, bob, buttonInteraction } from './fakes/discord-events';
import { createHarness, settle, type Harness } from './fakes/discord-harness';
import type { RecordedRequest } from './fakes/discord-server';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ROLE = '777000000000000777';
const PINGS = 'Heads up @everyone @here <@123456789012345678> <@&222222222222222222>';
const isCallback = (id: string) => (r: RecordedRequest) => r.path.startsWith(`/interactions/${id}/`);
const isEdit = (id: string) => (r: RecordedRequest) => r.method === 'PATCH' && r.path.endsWith(`/itoken-${id}/messages/@original`);
const buttonsOf = (body: any) => (body.components ?? []).flatMap((row: any) => row.components);

/** Every allowed_mentions the bot sent with a message or interaction response. */
function allowedMentions(h: Harness): any[] {
  return h.fake.requests
    .map((r) => r.body?.data?.allowed_mentions ?? r.body?.allowed_mentions)
    .filter((a) => a !== undefined);
}

async function started(config: Partial<Harness['config']> = { escalationRoleId: ROLE }) {
  h = await createHarness({ config });
  await h.start();
  return h;
}

async function ask(h: Harness, question: string) {
  const i = askInteraction(question);
  h.fake.dispatch('INTERACTION_CREATE', i);
  return (await h.fake.waitForRequest(isEdit(i.id))).body;
}

describe('Discord "Ask a person"', () => {
  it('an abstention offers it; the click pings the role once, visibly, with question and answer; a second click in the thread does not ping again', async () => {
    const { fake, bot } = await started();
    bot.answerWith = () => fakeAnswer({ abstained: true, text: `The knowledge base does not say. ${PINGS}`, citations: [] });
    const answer = await ask(h!, `Who leads Acme's GPU team? ${PINGS}`);
    const person = buttonsOf(answer).find((b: any) => b.custom_id.startsWith('kbperson:'));
    expect(person?.label).toBe('Ask a person');

    const click = buttonInteraction(person.custom_id);
    fake.dispatch('INTERACTION_CREATE', click);
    const cb = (await fake.waitForRequest(isCallback(click.id))).body;
    expect(cb.data.flags ?? 0).toBe(0); // visible to the thread, not just the clicker
    expect(cb.data.content).toBe(`<@&${ROLE}> Someone here asked for a person: the bot could not answer this well.`);
    expect(cb.data.allowed_mentions).toEqual({ parse: [], roles: [ROLE], replied_user: false });
    const [question, said] = cb.data.embeds[0].fields;
    expect(question.value).toContain("Who leads Acme's GPU team?");
    expect(said.value).toContain('The knowledge base does not say.');

    const again = buttonInteraction(person.custom_id, { user: bob });
    fake.dispatch('INTERACTION_CREATE', again);
    const cb2 = (await fake.waitForRequest(isCallback(again.id))).body;
    expect(cb2.data.content).toMatch(/already asked/);
    expect(cb2.data.flags & 64).toBe(64);
    await settle(150);

    // One response allowed the role; every other message allowed nobody.
    const allowed = allowedMentions(h!);
    expect(allowed.filter((a) => a.roles?.length)).toEqual([{ parse: [], roles: [ROLE], replied_user: false }]);
    for (const a of allowed) {
      expect(a.parse).toEqual([]);
      expect(a.users ?? []).toEqual([]);
      expect(a.roles ?? []).toEqual(a.roles?.length ? [ROLE] : []);
    }
  });

  it('👎 offers it in the private thank-you; the click pings the role with the question and the answer', async () => {
    const { fake } = await started();
    const answer = await ask(h!, 'When was Mistral AI founded?');
    expect(buttonsOf(answer).map((b: any) => b.custom_id.split(':')[0])).toEqual(['kbvote', 'kbvote']);
    const down = buttonsOf(answer)[1].custom_id;

    const vote = buttonInteraction(down);
    fake.dispatch('INTERACTION_CREATE', vote);
    const thanks = (await fake.waitForRequest(isCallback(vote.id))).body;
    expect(thanks.data.content).toBe('Thanks for the feedback!');
    expect(thanks.data.flags & 64).toBe(64);
    const person = buttonsOf(thanks.data).find((b: any) => b.custom_id.startsWith('kbperson:'));
    expect(person?.label).toBe('Ask a person');

    const click = buttonInteraction(person.custom_id);
    fake.dispatch('INTERACTION_CREATE', click);
    const cb = (await fake.waitForRequest(isCallback(click.id))).body;
    expect(cb.data.content).toMatch(new RegExp(`^<@&${ROLE}> `));
    expect(cb.data.allowed_mentions).toEqual({ parse: [], roles: [ROLE], replied_user: false });
    expect(cb.data.embeds[0].fields.map((f: any) => f.value)).toEqual(['When was Mistral AI founded?', 'Mistral AI was founded in April 2023 in Paris [1].']);
  });

  it('without DISCORD_ESCALATION_ROLE_ID nothing offers a person and no role is ever allowed', async () => {
    const { fake, bot } = await started({});
    bot.answerWith = () => fakeAnswer({ abstained: true, text: 'The knowledge base does not say.', citations: [] });
    const answer = await ask(h!, 'Who leads Acme?');
    expect(buttonsOf(answer).map((b: any) => b.custom_id.split(':')[0])).toEqual(['kbvote', 'kbvote']);
    const vote = buttonInteraction(buttonsOf(answer)[1].custom_id);
    fake.dispatch('INTERACTION_CREATE', vote);
    const thanks = (await fake.waitForRequest(isCallback(vote.id))).body;
    expect(buttonsOf(thanks.data)).toEqual([]);
    for (const a of allowedMentions(h!)) expect(a.roles ?? []).toEqual([]);
  });
});
