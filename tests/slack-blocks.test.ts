// Answer → Block Kit, Slack text ↔ plain text, and the message filters, without a network.
import { describe, expect, it } from 'vitest';
import { answerMessages, BLOCKS_MAX, SECTION_MAX } from '../adapters/slack/blocks';
import { classifyMessage, skipReason, threadHistory, type SlackMessageEvent } from '../adapters/slack/events';
import { markdownToMrkdwn, slackToPlain, splitText } from '../adapters/slack/mrkdwn';
import type { Citation } from '../src/types';
import { fakeAnswer } from './helpers/fake-bot';

const citation = (n: number, quote = `Quote number ${n}.`): Citation => ({
  n, docId: `d${n}.md`, title: `Doc ${n}`, section: 'S', quote, score: 1, source: `d${n}.md`, start: 0, end: 10,
});

const textsOf = (blocks: any[]): string[] =>
  blocks.flatMap((b) => [b.text?.text, ...(b.elements ?? []).map((e: any) => e.text?.text ?? e.text)]).filter((t) => typeof t === 'string');

describe('answerMessages', () => {
  it('splits a huge answer with many sources within Slack limits instead of failing', () => {
    const para = 'The AI market grew quickly & widely. '.repeat(60); // ~2,200 chars per paragraph
    const answer = fakeAnswer({ text: Array.from({ length: 30 }, () => para).join('\n\n'), citations: Array.from({ length: 60 }, (_, i) => citation(i + 1)) });
    const messages = answerMessages(answer);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.blocks.length).toBeLessThanOrEqual(BLOCKS_MAX);
      for (const t of textsOf(m.blocks)) expect(t.length).toBeLessThanOrEqual(SECTION_MAX);
    }
    const all = messages.flatMap((m) => textsOf(m.blocks)).join('\n');
    expect(all).toContain('*[60]* *Doc 60*');
    expect(all).not.toMatch(/&am(?!p;)|&amp(?!;)/); // no entity cut in half at a split
    // Feedback buttons once, at the very end.
    expect(messages.flatMap((m) => m.blocks).filter((b) => b.type === 'actions')).toHaveLength(1);
    expect(messages.at(-1)!.blocks.at(-1)!.type).toBe('actions');
    expect(messages[0].text.length).toBeLessThanOrEqual(3000);
  });

  it.each([
    ['offline mode', { kind: 'offline' } as const, 'en' as const, 'Offline answer from the knowledge base'],
    ['the model name', { kind: 'llm', model: 'openai:gpt-4o-mini' } as const, 'en' as const, 'Answered by openai:gpt-4o-mini'],
    ['Korean offline', { kind: 'offline' } as const, 'ko' as const, '오프라인 답변'],
  ])('footer says %s', (_name, mode, lang, expected) => {
    const [m] = answerMessages(fakeAnswer({ mode, lang }));
    expect(textsOf(m.blocks).join('\n')).toContain(expected);
  });

  it('shows a degraded-answer notice as a context block', () => {
    const [m] = answerMessages(fakeAnswer({ notice: 'The model failed; this is the offline answer.' }));
    expect(m.blocks.some((b) => b.type === 'context' && JSON.stringify(b).includes('The model failed'))).toBe(true);
  });

  it('shows no sources heading for an abstention without citations', () => {
    const [m] = answerMessages(fakeAnswer({ text: 'I do not know.', citations: [], abstained: true }));
    expect(textsOf(m.blocks).join('\n')).not.toContain('Sources');
  });

  it('shortens long quotes so sources stay readable', () => {
    const [m] = answerMessages(fakeAnswer({ citations: [citation(1, 'word '.repeat(500))] }));
    const src = textsOf(m.blocks).find((t) => t.startsWith('*[1]*'))!;
    expect(src.length).toBeLessThan(400);
    expect(src.endsWith('…')).toBe(true);
  });
});

describe('mrkdwn', () => {
  it.each([
    ['bold', '**Mistral** raised', '*Mistral* raised'],
    ['heading', '## Funding', '*Funding*'],
    ['list item', '- one', '• one'],
    ['http link', 'see [site](https://mistral.ai/x?a=1&b=2)', 'see <https://mistral.ai/x?a=1&amp;b=2|site>'],
    ['javascript link stays text (not clickable)', '[x](javascript:alert(1))', '[x](javascript:alert(1))'],
    ['broadcast escaped', '<!channel> hi', '&lt;!channel&gt; hi'],
    ['user mention escaped', '<@U123>', '&lt;@U123&gt;'],
    ['plain @here broken', 'ping @here now', 'ping @\u2060here now'],
  ])('converts %s', (_n, input, out) => {
    expect(markdownToMrkdwn(input)).toBe(out);
  });

  it.each([
    ['bot mention removed', '<@UBOT> when?', 'when?'],
    ['labelled link to label', 'read <https://x.io|this>', 'read this'],
    ['channel ref to name', 'in <#C1|general>', 'in #general'],
    ['broadcast dropped', '<!here> hi', 'hi'],
    ['entities decoded', 'A &amp; B &lt;3', 'A & B <3'],
  ])('reads Slack text: %s', (_n, input, out) => {
    expect(slackToPlain(input, 'UBOT')).toBe(out);
  });

  it('splits on word boundaries and keeps every character', () => {
    const text = 'alpha beta gamma delta '.repeat(300);
    const parts = splitText(text, 500);
    expect(parts.every((p) => p.length <= 500)).toBe(true);
    expect(parts.join(' ').replace(/\s+/g, ' ').trim()).toBe(text.replace(/\s+/g, ' ').trim());
  });
});

describe('message filters', () => {
  const me = { botUserId: 'UBOT', botId: 'BBOT' };
  const base: SlackMessageEvent = { type: 'message', user: 'U1', text: 'hi', ts: '2.0', channel: 'C1', channel_type: 'channel' };

  it.each([
    ['own message (self-loop)', { user: 'UBOT', bot_id: 'BBOT' }, 'own message'],
    ['other bot (bot loops)', { bot_id: 'B2', subtype: 'bot_message', user: undefined }, 'other bot'],
    ['edit (answered once already)', { subtype: 'message_changed' }, 'subtype message_changed'],
    ['deletion', { subtype: 'message_deleted' }, 'subtype message_deleted'],
    ['thread broadcast is a real question', { subtype: 'thread_broadcast' }, undefined],
    ['a person', {}, undefined],
  ])('%s', (_n, extra, why) => {
    expect(skipReason({ ...base, ...extra } as SlackMessageEvent, me)).toBe(why);
  });

  it.each([
    ['DM', { channel_type: 'im', channel: 'D1' }, 'dm'],
    ['channel mention is left to app_mention', { text: '<@UBOT> hi' }, undefined],
    ['thread reply needs a thread check', { thread_ts: '1.0' }, 'maybe-thread'],
    ['top-level in auto channel', { channel: 'CAUTO' }, 'auto'],
    ['top-level chatter elsewhere', {}, undefined],
  ])('classifies %s', (_n, extra, kind) => {
    expect(classifyMessage({ ...base, ...extra }, { botUserId: 'UBOT', autoAnswerChannels: ['CAUTO'] })).toBe(kind);
  });

  it('keeps the last turns of a thread, skipping other bots, later messages and the placeholder', () => {
    const turns = threadHistory(
      [
        { ts: '1.0', user: 'U1', text: '<@UBOT> first?' },
        { ts: '1.1', user: 'UBOT', bot_id: 'BBOT', text: 'First answer &amp; more' },
        { ts: '1.2', bot_id: 'B9', text: 'other bot' },
        { ts: '1.3', user: 'UBOT', bot_id: 'BBOT', text: 'Looking this up…' },
        { ts: '2.0', user: 'U1', text: 'current' },
      ],
      { ...me, beforeTs: '2.0', placeholders: ['Looking this up…'] },
    );
    expect(turns).toEqual([
      { role: 'user', text: 'first?' },
      { role: 'assistant', text: 'First answer & more' },
    ]);
    const many = Array.from({ length: 30 }, (_, i) => ({ ts: `1.${String(i).padStart(2, '0')}`, user: 'U1', text: `q${i}` }));
    expect(threadHistory(many, { ...me, beforeTs: '9', placeholders: [] })).toHaveLength(10);
  });
});
