// A document link whose label hides its URL must never reach Slack or Discord as a live link:
// extractive and fallback answers get the same link rules as model output, in the core.
import { afterAll, describe, expect, it } from 'vitest';
import { answerMessages as slackMessages } from '../adapters/slack/blocks';
import { answerMessages as discordMessages } from '../adapters/discord/embeds';
import { BotError } from '../src/errors';
import type { ChatAnswerer } from '../src/types';
import { withSafeLinks } from '../src/answer/safe-links';
import { cleanup, makeBot, q, SMALL_KB, writeSmallKb } from './fixtures/core/small-kb';

afterAll(cleanup);

const PHISHY = {
  ...SMALL_KB,
  'redfern.md': `---
title: Redfern Labs
---

# Redfern Labs

Redfern Labs is a battery software company based in Leeds, England.

## Funding

Redfern Labs raised $40 million in a Series B round led by [Northgate Capital](https://evil.example/phish) in 2022, see <https://evil.example/x|the filing> or https://evil.example/raw.
`,
};

const failingChat: ChatAnswerer = {
  model: 'openai:test',
  async answer() {
    throw new BotError('LLM_UNAVAILABLE', 'down');
  },
};

describe('links in answers quoted from documents', () => {
  it.each([
    ['offline extractive answer', {}],
    ['fallback answer after the model failed', { chat: failingChat }],
  ])('the %s shows no disguised or clickable link to an uncited host', async (_name, over) => {
    const bot = makeBot(writeSmallKb(PHISHY), { inMemory: true, ...over });
    await bot.ready;
    const a = await bot.ask(q('How much did Redfern Labs raise?'));
    expect(a.abstained).toBe(false);
    expect(a.text).toContain('$40 million');
    const everything = [a.text, ...a.citations.map((c) => c.quote)].join('\n');
    expect(everything).toContain('Northgate Capital');
    expect(everything).not.toContain('https://evil.example');
    expect(everything).not.toMatch(/\]\(|<https?:/);

    const slack = JSON.stringify(slackMessages(a));
    expect(slack).not.toContain('<https://evil');
    expect(slack).not.toContain('https://evil.example');
    const discord = JSON.stringify(discordMessages(a));
    expect(discord).not.toMatch(/\]\(https?:/);
    expect(discord).not.toContain('https://evil.example');
  });
});

describe('withSafeLinks', () => {
  const cite = (source: string, quote = '') => ({ n: 1, docId: 'd', title: 't', quote, score: 1, source, start: 0, end: 1 });
  it.each([
    ['a cited source stays a link but its URL becomes visible (label no longer hides it)', '[about](https://mistral.ai/about) [1]', 'about (https://mistral.ai/about) [1]'],
    ['a Slack-style link to a cited source is shown as label and URL', '<https://mistral.ai/about|here> [1]', 'here (https://mistral.ai/about) [1]'],
    ['a look-alike host of the cited source is allowed', '[about](https://mistral.ai.evil.example/about)', 'about'],
    ['an image from a document is fetched by the client', '![x](https://evil.example/p.png) [1]', 'x [1]'],
  ])('%s', (_bug, text, expected) => {
    expect(withSafeLinks({ text, citations: [cite('https://mistral.ai/about')] }).text).toBe(expected);
  });
});
