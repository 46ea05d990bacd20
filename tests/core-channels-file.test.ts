// channels.yml (issue 12 item 6): validated with errors naming the line and the fix, read with the
// glossary's safeguards, re-read by a reload (a broken file fails the reload and the old settings
// keep serving), and the core's auto-mode gates: question-like messages, the confidence floor.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHANNELS_MAX_BYTES } from '../src/channels/channels-file';
import { autoAnswerPasses, ChannelSettings, looksLikeQuestion } from '../src/channels/settings';
import { cleanup, makeBot, tmpDir, writeSmallKb } from './fixtures/core/small-kb';
import { rejectionOf } from './helpers/errors';

afterAll(cleanup);

describe('channels.yml validation names the line', () => {
  it.each([
    ['a misspelt mode (it would silently stay "mention")', 'C0123ABCD:\n  mode: autoo\n', /channels\.yml line 2: mode "autoo" is not one of mention, auto, off/],
    ['a confidence of 60 meant as 60 % (nothing would ever pass)', 'C0123ABCD:\n  mode: auto\n  min_confidence: 60\n', /line 3: min_confidence "60" is not a number from 0 to 1/],
    ['an unknown key (a typo would be ignored)', 'C0123ABCD:\n  mode: auto\n  privat: true\n', /line 3: unknown setting "privat"/],
    ['private as a string', 'C0123ABCD:\n  private: "yes"\n', /line 2: private must be true or false/],
    ['a channel name instead of an id (it would match nothing)', 'C0123ABCD: { mode: auto }\n\n#general: { mode: off }\ngeneral: { mode: off }\n', /line 4: "general" is not a Slack channel id/],
    ['min_confidence outside auto mode (it would do nothing)', 'C0123ABCD:\n  mode: mention\n  min_confidence: 0.5\n', /line 1: min_confidence only applies to mode: auto/],
    ['broken YAML', 'C0123ABCD:\n  mode: [auto\n', /channels\.yml line \d+: not valid YAML/],
    ['a channel listed twice (which one wins?)', 'C0123ABCD: { mode: auto }\nC0123ABCD: { mode: off }\n', /line \d+: not valid YAML/],
  ])('%s', (_bug, text, message) => {
    expect(() => ChannelSettings.parse(text)).toThrow(message);
  });

  it('reads modes, private and min_confidence per id; unknown channels answer mentions only', () => {
    const s = ChannelSettings.parse('C0123ABCD: { mode: auto, min_confidence: 0.6 }\n"1100000000000000001":\n  mode: off\nC0999ZZZZ: { private: true }\n');
    expect(s.policy('C0123ABCD')).toEqual({ mode: 'auto', private: false, minConfidence: 0.6 });
    expect(s.policy('1100000000000000001')).toEqual({ mode: 'off', private: false });
    expect(s.policy('C0999ZZZZ')).toEqual({ mode: 'mention', private: true });
    expect(s.policy('CNOTLISTED')).toEqual({ mode: 'mention', private: false });
  });
});

describe('auto-mode gates', () => {
  it.each([
    ['When was Mistral AI founded?', true],
    ['how much did Redfern raise', true],
    ['미스트랄은 언제 설립됐나요', true],
    ['thanks, that helped!', false],
    ['lunch at noon', false],
  ])('looksLikeQuestion(%j) = %s (auto mode must not answer chatter)', (text, expected) => {
    expect(looksLikeQuestion(text)).toBe(expected);
  });

  it.each([
    ['below min_confidence stays silent', { abstained: false, confidence: 0.4 }, false],
    ['at min_confidence answers', { abstained: false, confidence: 0.6 }, true],
    ['an abstention stays silent whatever the floor', { abstained: true, confidence: 0.9 }, false],
    ['no confidence given cannot pass a floor', { abstained: false }, false],
  ])('%s', (_name, answer, expected) => {
    expect(autoAnswerPasses({ mode: 'auto', private: false, minConfidence: 0.6 }, answer)).toBe(expected);
  });
});

describe('channels.yml in the knowledge folder', () => {
  it('is read at start and re-read by a reload; a broken file fails the reload naming the line and the old settings keep serving', async () => {
    const dir = writeSmallKb();
    fs.writeFileSync(path.join(dir, 'channels.yml'), 'C0123ABCD: { mode: auto }\n');
    const bot = makeBot(dir, { inMemory: true });
    await bot.ready;
    expect(bot.channelPolicy!('C0123ABCD').mode).toBe('auto');

    fs.writeFileSync(path.join(dir, 'channels.yml'), 'C0123ABCD: { mode: off }\n');
    await bot.reload();
    expect(bot.channelPolicy!('C0123ABCD').mode).toBe('off');

    fs.writeFileSync(path.join(dir, 'channels.yml'), 'C0123ABCD:\n  mode: offf\n');
    const err = await rejectionOf(bot.reload());
    expect(err.code).toBe('RELOAD_FAILED');
    expect(err.message).toMatch(/channels\.yml line 2: mode "offf"/);
    expect(bot.channelPolicy!('C0123ABCD').mode).toBe('off');
  });

  it.each([
    ['a FIFO (a blocking read would freeze the reload)', (dir: string) => execFileSync('mkfifo', [path.join(dir, 'channels.yml')]), /not a regular file/],
    ['a link to a file outside the folder', (dir: string) => {
      const outside = path.join(tmpDir('outside-'), 'channels.yml');
      fs.writeFileSync(outside, 'C0123ABCD: { mode: auto }\n');
      fs.symlinkSync(outside, path.join(dir, 'channels.yml'));
    }, /outside the knowledge folder/],
    ['a file over the size limit', (dir: string) => fs.writeFileSync(path.join(dir, 'channels.yml'), '#'.repeat(CHANNELS_MAX_BYTES + 1)), /over the \d+-byte limit/],
  ])('%s fails the reload with a message naming channels.yml', async (_bug, plant, message) => {
    const dir = writeSmallKb();
    const bot = makeBot(dir, { inMemory: true });
    await bot.ready;
    plant(dir);
    const err = await rejectionOf(bot.reload());
    expect(err.code).toBe('RELOAD_FAILED');
    expect(err.message).toContain('channels.yml');
    expect(err.message).toMatch(message);
  });
});
