// Slack's AI-app surface through the real Bolt Assistant against the fake Slack: what a user sees on
// opening the bot (suggested prompts), while it searches (title and status line), and the answer in
// the assistant thread, once.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PROMPTS } from '../adapters/slack/assistant';
import { loadConfig } from '../src/config';
import { nextTs, TEAM } from './fakes/slack-api';
import { message, startHarness, type Harness } from './fakes/slack-harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const threadStarted = (threadTs: string) => ({
  type: 'assistant_thread_started',
  assistant_thread: { user_id: 'U5', context: { channel_id: 'C1', team_id: TEAM, enterprise_id: null }, channel_id: 'D1', thread_ts: threadTs },
  event_ts: nextTs(),
});

describe('Slack assistant view', () => {
  it.each([
    ['the three default questions (bug: no prompts on opening the bot)', undefined, DEFAULT_PROMPTS],
    ['the configured prompts instead (bug: SLACK_SUGGESTED_PROMPTS ignored)', ['What is sovereign AI?', 'Who leads the EU AI race, and why?'], ['What is sovereign AI?', 'Who leads the EU AI race, and why?']],
  ])('opening the bot shows %s as suggested prompts', async (_name, configured, expected) => {
    h = await startHarness('http', { config: configured ? { suggestedPrompts: configured } : {} });
    const threadTs = nextTs();
    await h.sendEvent(threadStarted(threadTs));
    const call = await h.api.waitFor(() => h!.api.of('assistant.threads.setSuggestedPrompts')[0], 5000, 'suggested prompts');
    expect(call.args).toMatchObject({ channel_id: 'D1', thread_ts: threadTs });
    expect(call.args.prompts.map((p: { message: string }) => p.message)).toEqual(expected);
    expect(DEFAULT_PROMPTS).toHaveLength(3);
  });

  it('a question in the assistant thread gets a title, "Searching N documents…" before the answer, and one answer in that thread', async () => {
    h = await startHarness('http');
    const threadTs = nextTs();
    await h.sendEvent(threadStarted(threadTs));
    const ev = message('When was Mistral AI founded?', { channel: 'D1', channel_type: 'im', thread_ts: threadTs, user: 'U5' });
    await h.sendEvent(ev);
    const answer = await h.api.waitFor(() => h!.api.of('chat.update')[0], 5000, 'answer');

    expect(h.api.of('assistant.threads.setTitle')[0]?.args).toMatchObject({ channel_id: 'D1', thread_ts: threadTs, title: 'When was Mistral AI founded?' });
    const n = h.bot.status().documents;
    const status = h.api.of('assistant.threads.setStatus')[0];
    expect(status?.args).toMatchObject({ channel_id: 'D1', thread_ts: threadTs, status: `Searching ${n} documents…` });
    // The status shows while searching: it is set before the placeholder and the answer.
    const order = h.api.calls.map((c) => c.method);
    expect(order.indexOf('assistant.threads.setStatus')).toBeLessThan(order.indexOf('chat.postMessage'));
    expect(JSON.stringify(answer.args.blocks)).toContain('Mistral AI was founded');
    expect(h.api.of('chat.postMessage').filter((c) => c.args.channel === 'D1')).toHaveLength(1);
    expect(h.api.of('chat.postMessage')[0].args.thread_ts).toBe(threadTs);
    expect(h.bot.asked).toHaveLength(1);
  });
});

const homeOpened = (tab: 'home' | 'messages') => ({ type: 'app_home_opened', user: 'U5', channel: 'D1', tab, event_ts: nextTs() });

describe('Slack agent view (features.agent_view, SLACK_AGENT_VIEW=true)', () => {
  it('opening the Messages tab shows the suggested prompts for the whole conversation (no thread); the Home tab shows none', async () => {
    h = await startHarness('http', { config: { agentView: true } });
    await h.sendEvent(homeOpened('home'));
    await h.sendEvent(homeOpened('messages'));
    const call = await h.api.waitFor(() => h!.api.of('assistant.threads.setSuggestedPrompts')[0], 5000, 'suggested prompts');
    expect(call.args.channel_id).toBe('D1');
    expect(call.args.thread_ts).toBeUndefined();
    expect(call.args.prompts.map((p: { message: string }) => p.message)).toEqual(DEFAULT_PROMPTS);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.api.of('assistant.threads.setSuggestedPrompts')).toHaveLength(1);
  });

  it.each(['http', 'socket'] as const)('over %s, a top-level DM opens its own thread: title and "Searching N documents…" on it, then one answer in it; a follow-up there is answered in the same thread with the history', async (mode) => {
    h = await startHarness(mode, { config: { agentView: true } });
    const ev = message('When was Mistral AI founded?', { channel: 'D1', channel_type: 'im', user: 'U5' });
    await h.sendEvent(ev);
    const answer = await h.api.waitFor(() => h!.api.of('chat.update')[0], 5000, 'answer');

    expect(h.api.of('assistant.threads.setTitle')[0]?.args).toMatchObject({ channel_id: 'D1', thread_ts: ev.ts, title: 'When was Mistral AI founded?' });
    const n = h.bot.status().documents;
    expect(h.api.of('assistant.threads.setStatus')[0]?.args).toMatchObject({ channel_id: 'D1', thread_ts: ev.ts, status: `Searching ${n} documents…` });
    const order = h.api.calls.map((c) => c.method);
    expect(order.indexOf('assistant.threads.setStatus')).toBeLessThan(order.indexOf('chat.postMessage'));
    expect(h.api.of('chat.postMessage')).toHaveLength(1);
    expect(h.api.of('chat.postMessage')[0].args).toMatchObject({ channel: 'D1', thread_ts: ev.ts });
    expect(JSON.stringify(answer.args.blocks)).toContain('Mistral AI was founded');

    const follow = message('Who founded it?', { channel: 'D1', channel_type: 'im', user: 'U5', thread_ts: ev.ts });
    await h.sendEvent(follow);
    await h.api.waitFor(() => h!.api.of('chat.update')[1], 5000, 'the follow-up answer');
    expect(h.api.of('chat.postMessage').map((c) => c.args.thread_ts)).toEqual([ev.ts, ev.ts]);
    expect(h.bot.asked).toHaveLength(2);
    expect(h.bot.asked[1].history?.map((t) => t.role)).toEqual(['user', 'assistant']);
  });

  it('without SLACK_AGENT_VIEW a top-level DM is still answered in the DM itself, and app_home_opened sets no prompts', async () => {
    h = await startHarness('http');
    await h.sendEvent(homeOpened('messages'));
    const ev = message('When was Mistral AI founded?', { channel: 'D1', channel_type: 'im', user: 'U5' });
    await h.sendEvent(ev);
    await h.api.waitFor(() => h!.api.of('chat.update')[0], 5000, 'answer');
    expect(h.api.of('chat.postMessage')[0].args.thread_ts).toBeUndefined();
    expect(h.api.of('assistant.threads.setSuggestedPrompts')).toEqual([]);
    expect(h.api.of('assistant.threads.setTitle')).toEqual([]);
  });
});

describe('SLACK_AGENT_VIEW', () => {
  it.each([
    [undefined, false],
    ['true', true],
  ])('SLACK_AGENT_VIEW=%s → agentView %s', (value, expected) => {
    const c = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', ...(value ? { SLACK_AGENT_VIEW: value } : {}) }, process.cwd());
    expect(c.slack?.agentView).toBe(expected);
  });

  it('a value that is not a boolean stops start-up naming the variable', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_AGENT_VIEW: 'agent' }, process.cwd())).toThrow(/SLACK_AGENT_VIEW/);
  });
});
