// A Discord question whose answer was interrupted by a crash must not be lost: Discord never
// redelivers the message, so the next run takes the question over (exactly once) and answers it.
// The crashed run is an adapter whose answer never returns, on the same data dir and fake Discord.
import { afterEach, expect, it } from 'vitest';
import { startDiscord } from '../adapters/discord';
import type { RunningAdapter } from '../adapters/types';
import { BotError } from '../src/errors';
import { silentLogger } from '../src/logger';
import { openServices } from '../src/services';
import { CHANNEL_ID, askInteraction, mention } from './fakes/discord-events';
import type { RecordedRequest } from './fakes/discord-server';
import { createHarness, settle, type Harness } from './fakes/discord-harness';
import { createFakeBot } from './helpers/fake-bot';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function restart(h: Harness) {
  const services = openServices(h.dataDir, { rateLimitPerMinute: 100, logger: silentLogger });
  const bot = createFakeBot();
  const adapter: RunningAdapter = await startDiscord({ bot, services, config: h.config, logger: silentLogger, maxQuestionChars: 500 });
  cleanups.push(async () => {
    await adapter.stop();
    services.close();
  });
  return bot;
}

it('a mention whose answer was cut off by a crash is answered after the restart, once', async () => {
  const h = await createHarness();
  cleanups.push(() => h.close());
  await h.start();
  let fail!: (err: Error) => void;
  h.bot.answerWith = () => new Promise((_resolve, reject) => (fail = reject));
  cleanups.push(() => fail?.(new BotError('INTERNAL', 'the process is gone')));

  const m = mention('When was Mistral AI founded?');
  h.fake.channelMessages.set(CHANNEL_ID, [m]);
  h.fake.dispatch('MESSAGE_CREATE', m);
  await h.fake.waitForRequest((r) => r.path === `/channels/${CHANNEL_ID}/typing`);
  const replies = () => h.fake.requests.filter((r) => r.method === 'POST' && r.body?.message_reference?.message_id === m.id);

  const next = await restart(h);
  const reply = await h.fake.waitForRequest((r) => r.method === 'POST' && r.body?.message_reference?.message_id === m.id);
  expect(reply.body.embeds[0].description).toContain('founded in April 2023');
  expect(next.asked).toHaveLength(1);
  expect(next.asked[0]).toMatchObject({ text: 'When was Mistral AI founded?', channel: CHANNEL_ID });

  const again = await restart(h);
  await settle(500);
  expect(again.asked).toHaveLength(0);
  expect(replies()).toHaveLength(1);
});

it('an /ask whose answer was cut off by a crash has its "thinking…" reply edited into the answer by the next run, once', async () => {
  const h = await createHarness();
  cleanups.push(() => h.close());
  await h.start();
  let fail!: (err: Error) => void;
  h.bot.answerWith = () => new Promise((_resolve, reject) => (fail = reject));
  cleanups.push(() => fail?.(new BotError('INTERNAL', 'the process is gone')));

  const i = askInteraction('When was Mistral AI founded?');
  const isEdit = (r: RecordedRequest) => r.method === 'PATCH' && r.path.endsWith(`/itoken-${i.id}/messages/@original`);
  h.fake.dispatch('INTERACTION_CREATE', i);
  await h.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${i.id}/`));
  await settle(100);
  expect(h.fake.requests.some(isEdit)).toBe(false);

  const next = await restart(h);
  const edit = await h.fake.waitForRequest(isEdit);
  expect(edit.body.embeds[0].description).toContain('founded in April 2023');
  expect(edit.body.allowed_mentions).toEqual({ parse: [] });
  expect(next.asked[0]).toMatchObject({ text: 'When was Mistral AI founded?' });

  const again = await restart(h);
  await settle(500);
  expect(again.asked).toHaveLength(0);
  expect(h.fake.requests.filter(isEdit)).toHaveLength(1);
});
