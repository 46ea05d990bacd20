// A crash between "question claimed" and "answer posted" must not lose the question: the next run
// finishes the answer in the placeholder the user is looking at, exactly once, and Slack's retry of
// the same event still gets no second answer. The crashed run is a second adapter on the same data
// dir and workspace whose answer never returns (a process that died mid-answer says nothing more).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BotError } from '../src/errors';
import { FakeSlackApi } from './fakes/slack-api';
import { mention, startHarness, type Harness, type Mode } from './fakes/slack-harness';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

async function crashedMidAnswer(mode: Mode, api: FakeSlackApi, dataDir: string, ev: Record<string, unknown>, eventId: string): Promise<{ dead: Harness; placeholderTs: string }> {
  const dead = await startHarness(mode, { api, dataDir });
  let fail!: (err: Error) => void;
  dead.bot.answerWith = () => new Promise((_resolve, reject) => (fail = reject));
  cleanups.push(async () => {
    fail(new BotError('INTERNAL', 'the process is gone'));
    await dead.stop();
  });
  await dead.sendEvent(ev, { eventId });
  const placeholder = await api.waitFor(() => api.of('chat.postMessage').find((c) => c.args.thread_ts === ev.ts), 5000, 'placeholder');
  await api.waitFor(() => dead.bot.asked.length === 1 || undefined, 5000, 'question reached the core');
  const placeholderTs = api.messages.find((m) => m.channel === 'C1' && m.thread_ts === ev.ts && m.text === placeholder.args.text)!.ts;
  return { dead, placeholderTs };
}

describe.each<Mode>(['http', 'socket'])('Slack over %s: an answer interrupted by a crash', (mode) => {
  it('is finished in its placeholder after a restart (it used to say "Looking this up…" forever), once, and the retry gets nothing more', async () => {
    const api = await new FakeSlackApi().start();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slack-resume-'));
    cleanups.push(async () => {
      await api.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    const ev = mention('When was Mistral AI founded?');
    const { placeholderTs } = await crashedMidAnswer(mode, api, dataDir, ev, 'EvCRASH1');

    const next = await startHarness(mode, { api, dataDir });
    cleanups.push(() => next.stop());
    const update = await api.waitFor(() => api.of('chat.update').find((c) => c.args.ts === placeholderTs), 5000, 'the placeholder finished');
    expect(JSON.stringify(update.args.blocks)).toContain('Mistral AI was founded in April 2023');
    expect(next.bot.asked).toHaveLength(1);
    expect(next.bot.asked[0]).toMatchObject({ text: 'When was Mistral AI founded?', channel: 'C1', thread: ev.ts, user: 'U1' });

    // Slack's retry of the event the dead run claimed, and a second restart: neither answers again.
    await next.sendEvent(ev, { eventId: 'EvCRASH1', retryNum: 1 });
    const again = await startHarness(mode, { api, dataDir });
    cleanups.push(() => again.stop());
    await settle();
    expect(next.bot.asked).toHaveLength(1);
    expect(again.bot.asked).toHaveLength(0);
    expect(api.of('chat.update').filter((c) => c.args.ts === placeholderTs)).toHaveLength(1);
    expect(api.of('chat.postMessage').filter((c) => c.args.thread_ts === ev.ts)).toHaveLength(1);
  });
});

describe.each<Mode>(['http', 'socket'])('Slack over %s: a streamed answer cut off by a crash', (mode) => {
  it('is finished in the half-streamed message after a restart (it used to stay half-written while a second answer was posted)', async () => {
    const api = await new FakeSlackApi().start();
    api.streaming = 'on';
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slack-resume-'));
    cleanups.push(async () => {
      await api.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    const ev = mention('When was Mistral AI founded?');
    // The dead run: its model wrote half a sentence into a native stream, then the process died.
    const dead = await startHarness(mode, { api, dataDir });
    let fail!: (err: Error) => void;
    dead.bot.answerWith = (_q, opts) => {
      opts?.onPartial?.('Mistral AI was founded ');
      return new Promise((_resolve, reject) => (fail = reject));
    };
    cleanups.push(async () => {
      fail(new BotError('INTERNAL', 'the process is gone'));
      await dead.stop();
    });
    await dead.sendEvent(ev, { eventId: 'EvCRASH2' });
    // The placeholder made way for the stream: the user sees half an answer.
    await api.waitFor(() => api.of('chat.delete')[0], 5000, 'placeholder removed');
    const botMessages = () => api.messages.filter((m) => m.channel === 'C1' && m.thread_ts === ev.ts && m.bot_id);
    expect(botMessages()).toMatchObject([{ text: 'Mistral AI was founded ', streaming: true }]);

    const next = await startHarness(mode, { api, dataDir });
    cleanups.push(() => next.stop());
    await api.waitFor(() => botMessages()[0]?.blocks && JSON.stringify(botMessages()[0].blocks).includes('Mistral AI was founded in April 2023') || undefined, 5000, 'the stream finished as the answer');
    // One message in the thread: the streamed one, ended and holding the whole answer with its buttons.
    expect(botMessages()).toHaveLength(1);
    expect(botMessages()[0].streaming).toBe(false);
    expect(JSON.stringify(botMessages()[0].blocks)).toContain('kb_feedback');
    expect(next.bot.asked).toHaveLength(1);
  });
});

describe('an answer that finished', () => {
  it('is not answered again after a restart', async () => {
    const api = await new FakeSlackApi().start();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slack-resume-'));
    cleanups.push(async () => {
      await api.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    const first = await startHarness('http', { api, dataDir });
    await first.sendEvent(mention('When was Mistral AI founded?'));
    await api.waitFor(() => api.of('chat.update')[0], 5000, 'answer');
    await first.stop();
    const next = await startHarness('http', { api, dataDir });
    cleanups.push(() => next.stop());
    await settle();
    expect(next.bot.asked).toHaveLength(0);
    expect(api.of('chat.update')).toHaveLength(1);
  });
});
