// The weekly digest: due once a week from the last one kept in SQLite (so restarts neither repeat
// nor skip it), retried after a failed post, and posted through the real Bolt and discord.js.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger';
import { Glossary } from '../src/retrieval/glossary';
import { createCoverageReports } from '../src/reports';
import { DIGEST_EVERY_MS, startDigest, type RunningDigest } from '../src/reports/digest';
import type { GapReport } from '../src/reports/types';
import { createQuestionLog, openServices } from '../src/services';
import { createDigestState } from '../src/services/digest-state';
import { CHANNEL_ID } from './fakes/discord-events';
import { createHarness, type Harness as DiscordHarness } from './fakes/discord-harness';
import { FakeSlackApi } from './fakes/slack-api';
import { startHarness, type Harness as SlackHarness } from './fakes/slack-harness';
import { seedLog } from './fixtures/reports/seed';

const DAY = 24 * 60 * 60 * 1000;
const glossary = Glossary.load(path.resolve(__dirname, '../knowledge'));

function seededReports() {
  const clock = { t: Date.now() };
  const log = createQuestionLog(':memory:', { now: () => clock.t });
  seedLog(log, clock, { days: 5 });
  return createCoverageReports({ log, glossary: () => glossary });
}

let digest: RunningDigest | undefined;
let slack: SlackHarness | undefined;
let discord: DiscordHarness | undefined;
afterEach(async () => {
  await digest?.stop();
  await slack?.stop();
  await discord?.close();
  digest = slack = discord = undefined;
});

describe('when a digest is due', () => {
  it('starts the clock on first run, posts a week later, once, and not again until the next week', async () => {
    const clock = { t: 1_000 * DAY };
    const state = createDigestState(':memory:');
    const posted: GapReport[] = [];
    digest = startDigest({ reports: seededReports(), state, target: 'slack:C1', logger: silentLogger, now: () => clock.t, post: async (r) => void posted.push(r) });
    expect(await digest.tick()).toBe(false); // first check: no digest yet, nothing posted on install
    clock.t += 6 * DAY;
    expect(await digest.tick()).toBe(false);
    clock.t += DAY;
    const [a, b] = await Promise.all([digest.tick(), digest.tick()]);
    expect([a, b]).toEqual([true, true]); // the same check, shared: one post
    expect(posted).toHaveLength(1);
    expect(posted[0].days).toBe(DIGEST_EVERY_MS / DAY);
    clock.t += DAY;
    expect(await digest.tick()).toBe(false);
  });

  it('retries a failed post at the next check instead of skipping the week', async () => {
    const clock = { t: 1_000 * DAY };
    const state = createDigestState(':memory:');
    await state.mark('discord:1', clock.t - 8 * DAY);
    let fail = true;
    let posts = 0;
    digest = startDigest({
      reports: seededReports(), state, target: 'discord:1', logger: silentLogger, now: () => clock.t,
      post: async () => {
        if (fail) throw new Error('Discord is down');
        posts += 1;
      },
    });
    expect(await digest.tick()).toBe(false);
    fail = false;
    expect(await digest.tick()).toBe(true);
    expect(posts).toBe(1);
  });
});

describe('posted through the adapters', () => {
  it('Slack: posts the top gaps to SLACK_DIGEST_CHANNEL when due, and not again after a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'digest-slack-'));
    const pre = openServices(dataDir, { rateLimitPerMinute: 0 });
    await pre.digests.mark('slack:CDIGEST', Date.now() - 8 * DAY);
    pre.close();
    const api = await new FakeSlackApi().start();
    const reports = seededReports();
    const toDigest = () => api.of('chat.postMessage').filter((c) => c.args.channel === 'CDIGEST');
    slack = await startHarness('http', { api, dataDir, reports, config: { digestChannel: 'CDIGEST' } });
    const post = await api.waitFor(() => toDigest()[0], 5000, 'digest post');
    expect(JSON.stringify(post.args.blocks)).toContain('*Coverage gaps, last 7 days*');
    expect(JSON.stringify(post.args.blocks)).toContain('Does Mistral have an office in Korea?');
    await slack.stop();
    slack = await startHarness('http', { api, dataDir, reports, config: { digestChannel: 'CDIGEST' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(toDigest()).toHaveLength(1);
    await slack.stop();
    slack = undefined;
    await api.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('Discord: posts the top gaps to DISCORD_DIGEST_CHANNEL_ID when due, pinging nobody', async () => {
    discord = await createHarness({ reports: seededReports(), config: { digestChannelId: CHANNEL_ID } });
    await discord.services.digests!.mark(`discord:${CHANNEL_ID}`, Date.now() - 8 * DAY);
    await discord.start();
    const post = await discord.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages`);
    expect(post.body.content).toContain('**Coverage gaps, last 7 days**');
    expect(post.body.allowed_mentions.parse).toEqual([]);
  });
});
