// The command-line tools as a user runs them: a real process, real config from the environment,
// a copy of the small knowledge folder. Output formats are what scripts depend on.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli';
import { cleanup, tmpDir, writeSmallKb } from './fixtures/core/small-kb';

let knowledgeDir: string;
let dataDir: string;

/** Runs a CLI with only the variables given, plus the test's knowledge and data folders. */
const run = (script: string, args: string[], env: Record<string, string> = {}, stdin?: string) =>
  runCli(script, args, { KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: dataDir, ...env }, stdin ?? '');

const lines = (s: string) => s.split('\n').filter((l) => l.trim());

beforeAll(() => {
  knowledgeDir = writeSmallKb();
  dataDir = tmpDir('cli-data-');
});
afterAll(cleanup);

describe('npm run ask', () => {
  it('--json prints one JSON object with the answer fields', async () => {
    const r = await run('src/cli/ask.ts', ['--json', 'How much did Redfern Labs raise?']);
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(a).toMatchObject({ abstained: false, lang: 'en', mode: { kind: 'offline' } });
    expect(a.id).toEqual(expect.any(String));
    expect(a.text).toContain('$40 million');
    expect(a.citations[0]).toMatchObject({ n: 1, docId: 'redfern.md', title: 'Redfern Labs', section: 'Funding' });
    expect(a.timings).toEqual(expect.objectContaining({ totalMs: expect.any(Number) }));
  });

  it('the readable form shows the answer, the cited source and the mode', async () => {
    const r = await run('src/cli/ask.ts', ['블루웨이브는', '언제', '설립됐어?']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('2019');
    expect(r.stdout).toContain('[1] 블루웨이브 회사 소개');
    expect(r.stdout).toContain('(bluewave.md)');
    expect(r.stdout).toContain('offline, extractive');
    // The quoted sentence is the answer: printing it again under the source doubled every answer.
    expect(r.stdout.split('2019년').length - 1).toBe(1);
    expect(r.stdout).toMatch(/confidence: 0\.\d\d/);
  });

  it('--jsonl answers each line with id/answer/citations/abstained and reports bad lines without stopping', async () => {
    const input = [
      JSON.stringify({ id: 'a', question: 'How much did Redfern Labs raise?' }),
      JSON.stringify({ id: 'b', question: 'Who founded Greenfield AI?' }),
      '',
      'this is not json',
      JSON.stringify({ id: 'c', question: '' }),
      JSON.stringify({ question: 'When was Bluewave founded?' }),
    ].join('\n');
    const r = await run('src/cli/ask.ts', ['--jsonl'], {}, input + '\n');
    expect(r.code, r.stderr).toBe(0);
    const out = lines(r.stdout).map((l) => JSON.parse(l));
    expect(out).toHaveLength(5);
    expect(out[0]).toMatchObject({ id: 'a', abstained: false });
    expect(out[0].answer).toContain('$40 million');
    expect(out[0].citations[0].docId).toBe('redfern.md');
    expect(out[1]).toMatchObject({ id: 'b', abstained: true, citations: [] });
    expect(out[2]).toMatchObject({ id: null, error: 'line 4 is not JSON' });
    expect(out[3]).toMatchObject({ id: 'c', code: 'EMPTY_QUESTION' });
    // Without an id, the line number stands in, so answers can still be matched to questions.
    expect(out[4]).toMatchObject({ id: 6, abstained: false });
    expect(out[4].answer).toContain('2019');
  });

  it('an empty question exits non-zero with one line naming the problem', async () => {
    const r = await run('src/cli/ask.ts', ['   ']);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: EMPTY_QUESTION: No question given/);
  });

  it.each([
    ['a non-number CHUNK_SIZE', { CHUNK_SIZE: 'abc' }, ['CHUNK_SIZE="abc"']],
    ['an unknown embedder', { EMBEDDINGS_MODEL: 'local:bert' }, ['EMBEDDINGS_MODEL', 'local:bert']],
  ])('invalid config (%s) exits non-zero naming the variable', async (_bug, env, parts) => {
    const r = await run('src/cli/ask.ts', ['How much did Redfern Labs raise?'], env);
    expect(r.code).toBe(78);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('CONFIG_INVALID');
    for (const p of parts) expect(r.stderr).toContain(p);
  });
});

describe('npm run kb', () => {
  it('status prints documents and chunks', async () => {
    const r = await run('src/cli/kb.ts', ['status']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/documents:\s+3/);
    expect(r.stdout).toMatch(/chunks:\s+\d+/);
    expect(r.stdout).toMatch(/embeddings: local:hash-v1/);
    expect(r.stdout).toMatch(/last reload: .* ok/);
  });

  it('status --json is machine-readable', async () => {
    const r = await run('src/cli/kb.ts', ['status', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ documents: 3, embeddings: 'local:hash-v1', answerer: 'offline (extractive)', errors: [] });
  });

  it('reload prints the summary; a second run re-embeds nothing (the index persisted in DATA_DIR)', async () => {
    const env = { DATA_DIR: tmpDir('cli-data-reload-') };
    const first = await run('src/cli/kb.ts', ['reload', '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    const s1 = JSON.parse(first.stdout);
    expect(s1.added.sort()).toEqual(['bluewave.md', 'cooking.md', 'redfern.md']);
    expect(s1.indexed).toBe(s1.chunks); // offline: analysed for BM25; no vector index, so nothing embedded
    expect(s1.embedded).toBe(0);
    const second = await run('src/cli/kb.ts', ['reload'], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/3 documents, \d+ chunks \(0 embedded now\)/);
    expect(second.stdout).toMatch(/unchanged: 3/);
  });

  it('reload on a missing KNOWLEDGE_DIR exits non-zero naming KNOWLEDGE_DIR', async () => {
    const missing = path.join(tmpDir('cli-missing-'), 'nope');
    const r = await run('src/cli/kb.ts', ['reload'], { KNOWLEDGE_DIR: missing, DATA_DIR: tmpDir('cli-data2-') });
    // A start-up (configuration) error since issue 9: exit 78 like every other bad setting.
    expect(r.code).toBe(78);
    const last = lines(r.stderr).at(-1)!;
    expect(last).toContain('KNOWLEDGE_DIR');
    expect(last).toContain(missing);
  });

  it('an unknown command exits non-zero with the usage', async () => {
    const r = await run('src/cli/kb.ts', ['rebuild']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Unknown command "rebuild"');
    expect(r.stderr).toContain('usage: npm run kb');
  });
});
