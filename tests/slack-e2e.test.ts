// End to end: the real core answering from a small knowledge folder, through the real Bolt app and
// the fake Slack. Catches mismatches between what the core returns and what Slack is sent, and a
// document that says <!channel> reaching Slack as a live broadcast.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createBotFromConfig } from '../src/app';
import { loadConfig } from '../src/config';
import { silentLogger } from '../src/logger';
import { mention, startHarness, type Harness } from './fakes/slack-harness';

let h: Harness | undefined;
let dir: string | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it('answers a mention from the knowledge base with a citation, and quotes <!channel> from a document without pinging', async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-slack-e2e-'));
  const knowledge = path.join(dir, 'knowledge');
  fs.mkdirSync(knowledge);
  fs.writeFileSync(
    path.join(knowledge, 'mistral.md'),
    '# Mistral AI\n\n## Founding\n\nMistral AI was founded in April 2023 in Paris by Arthur Mensch, Guillaume Lample and Timothée Lacroix.\n\n' +
      '## Announcements\n\n<!channel> The Mistral licence must be read before using open-weight models.\n',
  );
  const config = loadConfig({ KNOWLEDGE_DIR: knowledge, DATA_DIR: path.join(dir, 'data') }, dir);
  const core = createBotFromConfig(config, silentLogger, { inMemory: true });
  await core.ready;
  h = await startHarness('http', { core });

  await h.sendEvent(mention('When was Mistral AI founded?'));
  const first = await h.api.waitFor(() => h!.api.of('chat.update')[0], 10_000, 'first answer');
  const firstText = JSON.stringify(first.args.blocks);
  expect(firstText).toContain('April 2023');
  expect(firstText).toMatch(/\[1\]/);
  expect(firstText).toContain('Founding');

  await h.sendEvent(mention('What must be read before using open-weight models?'));
  const second = await h.api.waitFor(() => h!.api.of('chat.update')[1], 10_000, 'second answer');
  const sent = JSON.stringify([second.args.text, second.args.blocks]);
  expect(sent).toContain('licence must be read');
  expect(sent).not.toContain('<!channel>');
  expect(sent).toContain('&lt;!channel&gt;');
});
