// A question that also mentions someone else ("… cc @alice"), a channel or a custom emoji must reach
// the core as the question alone: the ids used to be taken as unknown names and the bot declined.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBotFromConfig } from '../src/app';
import { loadConfig } from '../src/config';
import { silentLogger } from '../src/logger';
import { BOT_ROLE_ID, CHANNEL_ID, alice, bob, mention } from './fakes/discord-events';
import { createHarness, type Harness } from './fakes/discord-harness';
import { slackToPlain } from '../adapters/slack/mrkdwn';

let h: Harness | undefined;
let dir: string | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const replyTo = (id: string) => (r: { body?: any }) => r.body?.message_reference?.message_id === id;

describe('Discord markup in a question', () => {
  it.each([
    ['another user mentioned (cc)', `When was Mistral AI founded? cc <@${bob.id}>`],
    ['a nickname mention and a role', `<@!${bob.id}> <@&${BOT_ROLE_ID}9> When was Mistral AI founded?`],
    ['a channel and a custom emoji', `When was Mistral AI founded? <#${CHANNEL_ID}> <:thinking_cat:123456789012345678>`],
    ['a timestamp', `When was Mistral AI founded? asked <t:1700000000:R>`],
  ])('%s: the core gets the question alone', async (_name, question) => {
    h = await createHarness();
    await h.start();
    const m = mention(question, { mentions: [{ ...h.fake.botUser }, bob] });
    h.fake.dispatch('MESSAGE_CREATE', m);
    await h.fake.waitForRequest(replyTo(m.id));
    expect(h.bot.asked[0].text.replace(/ asked$/, '')).toBe('When was Mistral AI founded?');
    expect(h.bot.asked[0].text).not.toMatch(/<|>|\d{15,}/);
  });

  // Threshold 0: a one-sentence folder's learned confidence is not the point; the ids taken for
  // unknown names made the rule decline whatever the threshold.
  it('the real core answers "… cc @alice" instead of declining', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-discord-cc-'));
    const knowledge = path.join(dir, 'knowledge');
    fs.mkdirSync(knowledge);
    fs.writeFileSync(path.join(knowledge, 'mistral.md'), '# Mistral AI\n\n## Funding\n\nMistral AI raised 600 million euros in June 2024 in a round led by General Catalyst.\n');
    const core = createBotFromConfig(loadConfig({ KNOWLEDGE_DIR: knowledge, DATA_DIR: path.join(dir, 'data'), ANSWER_MIN_CONFIDENCE: '0' }, dir), silentLogger, { inMemory: true });
    await core.ready;
    h = await createHarness({ core });
    await h.start();
    const m = mention(`what did Mistral raise? cc <@${alice.id}>`, { author: bob });
    h.fake.dispatch('MESSAGE_CREATE', m);
    const reply = await h.fake.waitForRequest(replyTo(m.id), 15_000);
    expect(reply.body.embeds[0].description).toContain('600 million euros');
  });
});

describe('Slack: "cc @someone" after a question', () => {
  it.each([
    ['<@UBOT> what did Mistral raise? cc <@U2>', 'what did Mistral raise?'],
    ['<@UBOT> what did Mistral raise? cc: <@U2> <@U3>', 'what did Mistral raise?'],
    ['<@UBOT> what did Mistral raise? fyi <@U2|alice>', 'what did Mistral raise?'],
    ['<@UBOT> who is the cc of <@U2>? ', 'who is the cc of ?'],
  ])('%s → %s', (input, out) => {
    expect(slackToPlain(input, 'UBOT')).toBe(out);
  });
});
