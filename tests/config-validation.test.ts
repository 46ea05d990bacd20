// Every setting is validated on every start, whatever else is configured, and a missing knowledge
// folder stops start-up with the fix (exit 78), instead of defaults and an empty bot, silently.
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { isBotError } from '../src/errors';
import { runCli as run } from './helpers/cli';
import { cleanup, tmpDir, writeSmallKb } from './fixtures/core/small-kb';

afterAll(cleanup);

function problems(env: Record<string, string>, opts = {}): string {
  try {
    loadConfig(env, '/srv/bot', opts);
  } catch (err) {
    expect(isBotError(err, 'CONFIG_INVALID')).toBe(true);
    return (err as Error).message;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('settings that used to fall back to their defaults silently', () => {
  it.each([
    ['MAX_QUESTION_CHARS=abc (read after the check)', { MAX_QUESTION_CHARS: 'abc' }, 'MAX_QUESTION_CHARS="abc"'],
    ['MAX_QUESTION_CHARS=0', { MAX_QUESTION_CHARS: '0' }, 'MAX_QUESTION_CHARS="0"'],
    ['RATE_LIMIT_PER_MINUTE=-5', { RATE_LIMIT_PER_MINUTE: '-5' }, 'RATE_LIMIT_PER_MINUTE="-5"'],
    ['RATE_LIMIT_PER_MINUTE=six', { RATE_LIMIT_PER_MINUTE: 'six' }, 'RATE_LIMIT_PER_MINUTE="six"'],
    ['LLM_TEMPERATURE=hot without a chat model (read only with a provider)', { LLM_TEMPERATURE: 'hot' }, 'LLM_TEMPERATURE="hot"'],
    ['LLM_TIMEOUT_MS=-1 without a chat model', { LLM_TIMEOUT_MS: '-1' }, 'LLM_TIMEOUT_MS="-1"'],
    ['PORT=http while Slack is off', { PORT: 'http' }, 'PORT="http"'],
    ['DISCORD_ALLOW_DMS=maybe while Discord is off', { DISCORD_ALLOW_DMS: 'maybe' }, 'DISCORD_ALLOW_DMS="maybe"'],
  ])('%s is reported', (_bug, env, part) => {
    expect(problems(env)).toContain(part);
  });

  it('all of them are reported together, one per line', () => {
    const msg = problems({ MAX_QUESTION_CHARS: 'abc', RATE_LIMIT_PER_MINUTE: '-5', LLM_TEMPERATURE: 'hot', LLM_TIMEOUT_MS: '-1' });
    expect(msg.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(4);
  });

  it('a missing knowledge folder is a problem with the fix when start-up asks for it', () => {
    const msg = problems({ KNOWLEDGE_DIR: 'nope' }, { requireKnowledgeDir: true });
    expect(msg).toContain('KNOWLEDGE_DIR="nope" (/srv/bot/nope) does not exist');
    expect(msg).toContain('set KNOWLEDGE_DIR to the folder');
  });
});


describe('the CLI with KNOWLEDGE_DIR=nope', () => {
  it('exits 78 naming the folder, even with an index built earlier (it used to answer from the old index, exit 0)', async () => {
    const dataDir = tmpDir('cfg-data-');
    const built = await run('src/cli/kb.ts', ['reload'], { KNOWLEDGE_DIR: writeSmallKb(), DATA_DIR: dataDir });
    expect(built.code, built.stderr).toBe(0);
    const r = await run('src/cli/ask.ts', ['How much did Redfern Labs raise?'], { KNOWLEDGE_DIR: 'nope', DATA_DIR: dataDir });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('KNOWLEDGE_DIR="nope"');
    expect(r.stdout).toBe('');
  });

  it('MAX_QUESTION_CHARS=abc stops the CLI with exit 78 instead of using the default', async () => {
    const r = await run('src/cli/ask.ts', ['hi'], { KNOWLEDGE_DIR: writeSmallKb(), DATA_DIR: tmpDir('cfg-data-'), MAX_QUESTION_CHARS: 'abc' });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('MAX_QUESTION_CHARS="abc"');
  });
});
