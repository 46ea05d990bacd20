// End to end: the real core answering from a small knowledge folder, through the real discord.js
// client and the fake Discord. Catches mismatches between what the core returns and what the adapter shows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createBotFromConfig } from '../src/app';
import { loadConfig } from '../src/config';
import { silentLogger } from '../src/logger';
import { askInteraction, mention } from './fakes/discord-events';
import { createHarness, type Harness } from './fakes/discord-harness';

let h: Harness | undefined;
let dir: string | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it('answers /ask and a mention from the knowledge base with a citation, quoting @everyone without a ping', async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-discord-e2e-'));
  const knowledge = path.join(dir, 'knowledge');
  fs.mkdirSync(knowledge);
  fs.writeFileSync(
    path.join(knowledge, 'mistral.md'),
    '# Mistral AI\n\n## Founding\n\nMistral AI was founded in April 2023 in Paris by Arthur Mensch, Guillaume Lample and Timothée Lacroix.\n\n' +
      '## Announcements\n\nThe Mistral community rule is: @everyone must read the licence before using open-weight models.\n',
  );
  const config = loadConfig({ KNOWLEDGE_DIR: knowledge, DATA_DIR: path.join(dir, 'data') }, dir);
  const core = createBotFromConfig(config, silentLogger, { inMemory: true });
  await core.ready;

  h = await createHarness({ core });
  await h.start();
  const i = askInteraction('When was Mistral AI founded?');
  h.fake.dispatch('INTERACTION_CREATE', i);
  const edit = await h.fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(i.token), 15_000);
  const embed = edit.body.embeds[0];
  expect(embed.description).toMatch(/2023/);
  expect(embed.description).toMatch(/\[1\]/);
  expect(embed.fields[0].name).toMatch(/^\[1\] Mistral AI/);
  expect(edit.body.allowed_mentions.parse).toEqual([]);

  const m = mention('What must everyone read before using open-weight models?');
  h.fake.dispatch('MESSAGE_CREATE', m);
  const reply = await h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === m.id, 15_000);
  expect(JSON.stringify(reply.body.embeds)).toContain('@everyone must read the licence');
  expect(reply.body.allowed_mentions.parse).toEqual([]);
});
