import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startConsole, type RunningConsole } from '../adapters/console';
import { BotError } from '../src/errors';
import { silentLogger } from '../src/logger';
import type { AdapterServices } from '../src/services/types';
import { createRateLimiter } from '../src/services/rate-limiter';
import { userMessage } from '../src/user-messages';
import { createFakeBot, fakeAnswer, fakeSummary, type FakeBot } from './helpers/fake-bot';

// Services that record what the console stores; the console only writes to the audit log.
function recordingServices() {
  const audited: Parameters<AdapterServices['audit']['record']>[0][] = [];
  const services: AdapterServices = {
    feedback: { async recordAnswer() {}, vote: async () => false, shown: async () => undefined, votes: async () => [], close() {} },
    dedupe: { firstSeen: async () => true, close() {} },
    rateLimiter: createRateLimiter({ perMinute: 0 }),
    audit: { record: async (e) => void audited.push(e), recent: async () => [], close() {} },
  };
  return { services, audited };
}

const running: RunningConsole[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
});

async function session(opts: { bot?: FakeBot; maxQuestionChars?: number } = {}) {
  const bot = opts.bot ?? createFakeBot();
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (d: Buffer) => (text += d.toString('utf8')));
  const { services, audited } = recordingServices();
  const adapter = await startConsole({
    bot,
    services,
    logger: silentLogger,
    maxQuestionChars: opts.maxQuestionChars ?? 200,
    config: { input, output, user: 'tester' },
  });
  running.push(adapter);
  const out = () => text;
  /** Everything printed after `mark`, so each step looks only at its own output. */
  const since = (mark: number) => text.slice(mark);
  const send = (line: string) => input.write(`${line}\n`);
  const waitFor = async (pred: () => boolean, what: string) => {
    for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 10));
    if (!pred()) throw new Error(`timed out waiting for ${what}; output so far:\n${text}`);
  };
  return { bot, input, output, adapter, out, since, send, waitFor, audited };
}

describe('console adapter', () => {
  it('prints the answer, then its numbered sources and a footer', async () => {
    const s = await session();
    s.send('When was Mistral AI founded?');
    await s.waitFor(() => s.out().includes('offline · 2 ms'), 'the footer');
    expect(s.out()).toContain('Mistral AI was founded in April 2023 in Paris [1].');
    expect(s.out()).toContain('[1] Mistral AI — Founding: “미스트랄AI는 2023년 4월 프랑스 파리에서 설립된 생성형 AI 스타트업이다.”');
    expect(s.out().indexOf('[1] Mistral AI —')).toBeGreaterThan(s.out().indexOf('founded in April 2023 in Paris'));
    expect(s.bot.asked[0]).toMatchObject({ text: 'When was Mistral AI founded?', user: 'tester', channel: 'console', platform: 'console', history: [] });
    expect(s.out()).not.toMatch(/\x1b\[/); // no colour codes when output is not a terminal
  });

  it('shows the model and the notice when the answer degraded', async () => {
    const s = await session();
    s.bot.answerWith = () => fakeAnswer({ mode: { kind: 'llm', model: 'openai:gpt-4o-mini' }, notice: 'The AI model did not answer; this is the offline answer.', timings: { retrieveMs: 3, answerMs: 400, totalMs: 403 } });
    s.send('Who funds Mistral?');
    await s.waitFor(() => s.out().includes('offline answer.'), 'the notice');
    expect(s.out()).toContain('openai:gpt-4o-mini · 403 ms');
  });

  it('sends earlier turns as history, bounded to the last six', async () => {
    const s = await session();
    for (let i = 1; i <= 5; i++) {
      s.send(`question ${i}`);
      await s.waitFor(() => s.bot.asked.length === i && s.out().split('offline · 2 ms').length === i + 1, `answer ${i}`);
    }
    expect(s.bot.asked[1].history).toEqual([
      { role: 'user', text: 'question 1' },
      { role: 'assistant', text: 'Mistral AI was founded in April 2023 in Paris [1].' },
    ]);
    const last = s.bot.asked[4].history!;
    expect(last).toHaveLength(6);
    expect(last[0]).toEqual({ role: 'user', text: 'question 2' });
    expect(last[4]).toEqual({ role: 'user', text: 'question 4' });
  });

  it('/reload prints progress and the summary with failures and their reasons', async () => {
    const s = await session();
    s.bot.reloadWith = () => fakeSummary({ added: ['new.md'], changed: ['openai.md'], removed: ['old.md'], failed: [{ file: 'scan.pdf', reason: 'no text layer' }], ms: 42 });
    s.send('/reload');
    await s.waitFor(() => s.out().includes('scan.pdf'), 'the summary');
    expect(s.bot.reloads).toBe(1);
    expect(s.out()).toContain('Reloading the knowledge base…');
    expect(s.out()).toContain('Reloaded in 42 ms');
    expect(s.out()).toMatch(/added:\s+new\.md/);
    expect(s.out()).toMatch(/changed:\s+openai\.md/);
    expect(s.out()).toMatch(/removed:\s+old\.md/);
    expect(s.out()).toContain('scan.pdf: no text layer');
    expect(s.audited).toEqual([expect.objectContaining({ platform: 'console', user: 'tester', action: 'reload', ok: true })]);
  });

  it('a failed /reload says the old knowledge base keeps answering, and the chat goes on', async () => {
    const s = await session();
    s.bot.reloadWith = () => {
      throw new BotError('RELOAD_FAILED', 'knowledge folder missing');
    };
    s.send('/reload');
    await s.waitFor(() => s.out().includes(userMessage('RELOAD_FAILED')), 'the failure message');
    expect(s.out()).toContain('knowledge folder missing');
    expect(s.audited[0]).toMatchObject({ action: 'reload', ok: false });
    const mark = s.out().length;
    s.send('still there?');
    await s.waitFor(() => s.since(mark).includes('[1] Mistral AI'), 'the next answer');
  });

  it('an answerer failure prints an apology, and the next question still works', async () => {
    const s = await session();
    s.bot.answerWith = () => {
      throw new Error('socket hang up at 10.0.0.3');
    };
    s.send('first question');
    await s.waitFor(() => s.out().includes(userMessage('INTERNAL')), 'the apology');
    expect(s.out()).not.toContain('socket hang up'); // no internal detail in the reply
    s.bot.answerWith = () => fakeAnswer();
    const mark = s.out().length;
    s.send('second question');
    await s.waitFor(() => s.since(mark).includes('[1] Mistral AI'), 'the second answer');
    expect(s.bot.asked.map((q) => q.text)).toEqual(['first question', 'second question']);
    expect(s.bot.asked[1].history).toEqual([]); // the failed turn is not history
  });

  it.each([
    ['a Korean question gets the Korean message', '질문'.repeat(60), userMessage('QUESTION_TOO_LONG', 'ko')],
    ['an English question gets the English message', 'why '.repeat(60), userMessage('QUESTION_TOO_LONG', 'en')],
  ])('an over-long line is refused without asking the bot: %s', async (_name, line, message) => {
    const s = await session({ maxQuestionChars: 100 });
    s.send(line);
    await s.waitFor(() => s.out().includes(message), 'the too-long message');
    expect(s.bot.asked).toHaveLength(0);
  });

  it('empty and blank lines are ignored rather than sent as questions', async () => {
    const s = await session();
    s.send('');
    s.send('   ');
    s.send('real question');
    await s.waitFor(() => s.bot.asked.length === 1, 'the real question');
    expect(s.bot.asked.map((q) => q.text)).toEqual(['real question']);
  });

  it('/status and /help print without asking the bot', async () => {
    const s = await session();
    s.send('/status');
    s.send('/help');
    await s.waitFor(() => s.out().includes('/quit'), 'the help');
    expect(s.out()).toContain('2 documents, 10 chunks');
    expect(s.out()).toContain('local:hash-v1');
    // The name lines `kb status` prints.
    expect(s.out()).toContain('romanized: 118 of 120 Hangul terms have a romanized form');
    expect(s.out()).toContain('name pairs: 3 name pairs mined from 2 documents: travel.md (2), people.md (1)');
    expect(s.bot.asked).toHaveLength(0);
  });

  it('streams partial text and prints the final answer exactly once', async () => {
    const s = await session();
    s.bot.answerWith = (_q, opts) => {
      opts?.onPartial?.('Mistral AI was');
      opts?.onPartial?.('Mistral AI was founded in April 2023');
      return fakeAnswer();
    };
    s.send('when?');
    await s.waitFor(() => s.out().includes('offline · 2 ms'), 'the footer');
    expect(s.out().split('Mistral AI was founded').length - 1).toBe(1);
    expect(s.out()).toContain('Mistral AI was founded in April 2023 in Paris [1].');
  });

  it('end of input answers what was already typed, then ends the session', async () => {
    const s = await session();
    s.input.end('last question\n');
    await s.adapter.closed;
    expect(s.bot.asked.map((q) => q.text)).toEqual(['last question']);
    expect(s.out()).toContain('[1] Mistral AI');
  });

  it('/quit ends the session and later lines are not asked', async () => {
    const s = await session();
    s.send('/quit');
    s.send('too late');
    await s.adapter.closed;
    await new Promise((r) => setTimeout(r, 20));
    expect(s.bot.asked).toHaveLength(0);
  });
});
