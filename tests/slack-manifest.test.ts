// The manifest an admin pastes into "Create from manifest" must grant what the adapter uses,
// or the bot starts fine and then silently never hears mentions, DMs or follow-ups.
import { DEFAULT_PROMPTS } from '../adapters/slack/assistant';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const manifest = parse(fs.readFileSync(new URL('../adapters/slack/manifest.yml', import.meta.url), 'utf8'));

describe('Slack manifest', () => {
  it.each([
    ['app_mention', 'mentions in channels'],
    ['message.im', 'DMs'],
    ['message.channels', 'thread follow-ups and auto-answer channels'],
    ['message.groups', 'follow-ups in private channels'],
    ['app_home_opened', 'suggested prompts when someone opens the bot in the agent view'],
  ])('subscribes to %s (%s)', (event) => {
    expect(manifest.settings.event_subscriptions.bot_events).toContain(event);
  });

  it('declares the agent view (the only AI-app view Slack accepts for new apps) with the same suggested prompts the bot sets by default', () => {
    expect(manifest.features.agent_view.agent_description).toBeTruthy();
    expect(manifest.features.agent_view.suggested_prompts.map((p: { message: string }) => p.message)).toEqual(DEFAULT_PROMPTS);
    // agent_view replaces assistant_view; the manifest declares one.
    expect(manifest.features.assistant_view).toBeUndefined();
  });

  it.each([
    ['app_mentions:read'], ['chat:write'], ['chat:write.public'], ['commands'], ['im:history'], ['channels:history'], ['groups:history'], ['users:read'], ['assistant:write'],
  ])('requests the %s scope', (scope) => {
    expect(manifest.oauth_config.scopes.bot).toContain(scope);
  });

  it('declares /kb and /ask, interactivity for the feedback and share buttons, and Socket Mode by default', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/kb', '/ask']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });
});
