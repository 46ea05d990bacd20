// Bad configuration must stop the bot with every problem listed, each naming the variable, the
// value it had and a fix; an empty environment must give a working offline bot.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../src/config';
import { isBotError } from '../src/errors';

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env, '/srv/bot');
  } catch (err) {
    expect(isBotError(err, 'CONFIG_INVALID')).toBe(true);
    return (err as Error).message;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('defaults', () => {
  it('an empty environment is offline: local:hash-v1 embeddings, no chat model, no adapters', () => {
    const c: Config = loadConfig({}, '/srv/bot');
    expect(c.llm).toBeUndefined();
    expect(c.embeddings).toMatchObject({ provider: 'local', model: 'hash-v1' });
    expect(c.slack).toBeUndefined();
    expect(c.discord).toBeUndefined();
    expect(c.knowledgeDir).toBe(path.resolve('/srv/bot', 'knowledge'));
    expect(c.dataDir).toBe(path.resolve('/srv/bot', 'data'));
    expect(c.chunkOverlap).toBeLessThan(c.chunkSize);
    expect(c).toMatchObject({ logLevel: 'info', maxQuestionChars: 1000 });
  });

  it('blank values count as unset (an empty line in .env does not break start-up)', () => {
    expect(loadConfig({ CHUNK_SIZE: '  ', CHAT_MODEL: '', OPENAI_BASE_URL: '' }, '/srv/bot')).toMatchObject({ chunkSize: 700, llm: undefined });
  });

  it('an API key alone switches generated answers on with a default model', () => {
    expect(loadConfig({ OPENAI_API_KEY: 'sk-test-1234567890' }).llm).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini' });
  });

  it('CHAT_MODEL=none keeps answers offline even with a key', () => {
    expect(loadConfig({ OPENAI_API_KEY: 'sk-test-1234567890', CHAT_MODEL: 'none' }).llm).toBeUndefined();
  });

  it('a base URL alone is enough for a keyless local server (Ollama)', () => {
    const c = loadConfig({ CHAT_MODEL: 'openai:llama3', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1/' });
    expect(c.llm).toMatchObject({ model: 'llama3', baseUrl: 'http://127.0.0.1:11434/v1' });
  });
});

describe('bad values name the variable and the value', () => {
  it.each([
    ['a negative timeout is accepted', { CHAT_MODEL: 'openai:gpt-4o-mini', OPENAI_API_KEY: 'sk-test-1234567890', LLM_TIMEOUT_MS: '-1' }, ['LLM_TIMEOUT_MS="-1"']],
    ['a non-number chunk size is accepted', { CHUNK_SIZE: 'abc' }, ['CHUNK_SIZE="abc"']],
    ['a non-http base URL is accepted', { OPENAI_BASE_URL: 'ftp://x' }, ['OPENAI_BASE_URL="ftp://x"', 'http(s)']],
    ['an embeddings model without a provider is accepted', { EMBEDDINGS_MODEL: 'foo' }, ['EMBEDDINGS_MODEL="foo"', 'local:hash-v1']],
    ['an unknown local embedder is accepted', { EMBEDDINGS_MODEL: 'local:minilm' }, ['EMBEDDINGS_MODEL="local:minilm"']],
    ['openai embeddings without a key are accepted', { EMBEDDINGS_MODEL: 'openai:text-embedding-3-small' }, ['EMBEDDINGS_MODEL', 'OPENAI_API_KEY']],
    ['a chat model without a key or URL is accepted', { CHAT_MODEL: 'openai:x' }, ['CHAT_MODEL="openai:x"', 'OPENAI_API_KEY', 'CHAT_MODEL=none']],
    ['an unsupported chat provider is accepted', { CHAT_MODEL: 'anthropic:claude', OPENAI_API_KEY: 'sk-test-1234567890' }, ['CHAT_MODEL="anthropic:claude"']],
    ['a user token in SLACK_BOT_TOKEN is accepted', { SLACK_BOT_TOKEN: 'abc', SLACK_APP_TOKEN: 'xapp-1-abc' }, ['SLACK_BOT_TOKEN', 'xoxb-']],
    ['a Slack bot token without a way to receive events is accepted', { SLACK_BOT_TOKEN: 'xoxb-1-abc' }, ['SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET']],
    ['a Discord token without its application id is accepted', { DISCORD_TOKEN: 'some-token' }, ['DISCORD_APP_ID', 'DISCORD_TOKEN']],
    ['a non-numeric Discord application id is accepted', { DISCORD_TOKEN: 't', DISCORD_APP_ID: 'my-app' }, ['DISCORD_APP_ID="my-app"']],
    ['an overlap as large as the chunk is accepted', { CHUNK_SIZE: '500', CHUNK_OVERLAP: '500' }, ['CHUNK_OVERLAP="500"', 'CHUNK_SIZE (500)']],
    ['an overlap larger than the chunk is accepted', { CHUNK_SIZE: '300', CHUNK_OVERLAP: '400' }, ['CHUNK_OVERLAP="400"', 'CHUNK_SIZE (300)']],
    ['an unknown log level is accepted', { LOG_LEVEL: 'verbose' }, ['LOG_LEVEL="verbose"']],
    ['a non-boolean flag is accepted', { DISCORD_TOKEN: 't', DISCORD_APP_ID: '123456789012', DISCORD_ALLOW_DMS: 'maybe' }, ['DISCORD_ALLOW_DMS="maybe"']],
  ])('%s', (_bug, env, parts) => {
    const msg = problems(env);
    for (const p of parts) expect(msg).toContain(p);
  });

  it('every problem is reported together, one per line, so one restart fixes them all', () => {
    const msg = problems({ LLM_TIMEOUT_MS: '-1', OPENAI_API_KEY: 'sk-test-1234567890', OPENAI_BASE_URL: 'ftp://x', EMBEDDINGS_MODEL: 'foo', CHUNK_SIZE: '200', CHUNK_OVERLAP: '300', DISCORD_TOKEN: 't' });
    const items = msg.split('\n').filter((l) => l.startsWith('- '));
    for (const name of ['LLM_TIMEOUT_MS', 'OPENAI_BASE_URL', 'EMBEDDINGS_MODEL', 'CHUNK_OVERLAP', 'DISCORD_APP_ID']) {
      expect(items.some((l) => l.includes(name)), `${name} missing from:\n${msg}`).toBe(true);
    }
    expect(items.length).toBeGreaterThanOrEqual(5);
  });

  it('the message never echoes a secret it was given', () => {
    const msg = problems({ SLACK_BOT_TOKEN: 'xoxp-user-token-should-not-appear', SLACK_APP_TOKEN: 'xapp-1-abc' });
    expect(msg).not.toContain('xoxp-user-token-should-not-appear');
  });
});
