// `_glossary.yml` is read with the document loader's safeguards: a FIFO must not freeze start-up,
// a link out of the knowledge folder is not followed, an oversized file is refused with the limit,
// and the same file is parsed once at start-up (it used to be parsed twice, synchronously).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { GLOSSARY_MAX_BYTES } from '../src/kb/glossary-file';
import { Glossary } from '../src/retrieval/glossary';
import { cleanup, makeBot, q, SMALL_KB, tmpDir, writeSmallKb } from './fixtures/core/small-kb';
import { rejectionOf } from './helpers/errors';

afterAll(cleanup);

const { '_glossary.yml': GLOSSARY, ...DOCS } = SMALL_KB;

describe('a hostile _glossary.yml', () => {
  it.each([
    ['a FIFO (readFileSync blocked the process forever)', (dir: string) => execFileSync('mkfifo', [path.join(dir, '_glossary.yml')]), /not a regular file/],
    ['a link to a file outside the folder (it was followed)', (dir: string) => {
      const outside = path.join(tmpDir('outside-'), 'secret.yml');
      fs.writeFileSync(outside, GLOSSARY);
      fs.symlinkSync(outside, path.join(dir, '_glossary.yml'));
    }, /outside the knowledge folder/],
    ['a file over the size limit (100k entries blocked the event loop for seconds)', (dir: string) => {
      const line = '  - [Company Number Something, 회사 이름 무엇]\n';
      fs.writeFileSync(path.join(dir, '_glossary.yml'), 'organizations:\n' + line.repeat(Math.ceil(GLOSSARY_MAX_BYTES / Buffer.byteLength(line)) + 1));
    }, /over the \d+-byte limit/],
  ])('%s fails the reload with a message naming the file, and the old index keeps serving', async (_bug, plant, message) => {
    const dir = writeSmallKb();
    const bot = makeBot(dir, { inMemory: true });
    await bot.ready;
    fs.rmSync(path.join(dir, '_glossary.yml'));
    plant(dir);
    const err = await rejectionOf(bot.reload());
    expect(err.code).toBe('RELOAD_FAILED');
    expect(err.message).toContain('_glossary.yml');
    expect(err.message).toMatch(message);
    expect((await bot.ask(q('How much did Redfern Labs raise?'))).text).toContain('$40 million');
  });

  it('start-up with a FIFO glossary finishes (with an error) instead of hanging', async () => {
    const dir = writeSmallKb(DOCS);
    execFileSync('mkfifo', [path.join(dir, '_glossary.yml')]);
    const err = await rejectionOf(makeBot(dir).ready);
    expect(err.message).toMatch(/_glossary.yml is not a regular file/);
  });
});

describe('start-up', () => {
  it('parses an unchanged glossary once, not once for the saved index and again for the reload', async () => {
    const dir = writeSmallKb();
    const first = makeBot(dir);
    await first.ready;
    const parse = vi.spyOn(Glossary, 'parse');
    try {
      const restarted = makeBot(dir, { dataDir: first.dataDir });
      await restarted.ready;
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });
});
