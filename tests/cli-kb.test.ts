// `npm run kb` and `npm run ask` as scripts use them: status is read-only and reports the last real
// reload, a reload that left files out exits 2, and usage errors are usage errors (exit 64).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli as run } from './helpers/cli';
import { cleanup, makeBot, SMALL_KB, tmpDir, writeSmallKb } from './fixtures/core/small-kb';

afterAll(cleanup);


/** Every path under a folder with its size and mtime: any write shows up as a difference. */
function snapshotOf(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const st = fs.statSync(p);
      out.push(`${path.relative(dir, p)} ${st.size} ${st.mtimeMs}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

describe('npm run kb', () => {
  it('reload with a file that cannot be read exits 2 (it used to exit 0) and lists the file', async () => {
    const env = { KNOWLEDGE_DIR: writeSmallKb({ ...SMALL_KB, 'broken.pdf': 'not a pdf at all' }), DATA_DIR: tmpDir('kb-data-') };
    const r = await run('src/cli/kb.ts', ['reload'], env);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toContain('broken.pdf');
  });

  it('status is read-only and shows the last real reload, not the moment status ran', async () => {
    const env = { KNOWLEDGE_DIR: writeSmallKb(), DATA_DIR: tmpDir('kb-data-') };
    const built = await run('src/cli/kb.ts', ['reload', '--json'], env);
    expect(built.code, built.stderr).toBe(0);
    const before = snapshotOf(env.DATA_DIR);
    const manifest = JSON.parse(fs.readFileSync(path.join(env.DATA_DIR, 'index', 'manifest.json'), 'utf8'));
    await new Promise((r) => setTimeout(r, 20));

    const r = await run('src/cli/kb.ts', ['status', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const status = JSON.parse(r.stdout);
    expect(status.lastReload).toMatchObject({ at: manifest.lastReload.at, ok: true, by: 'cli', summary: { added: expect.arrayContaining(['redfern.md']) } });
    expect(status).toMatchObject({ documents: 3, errors: [] });
    expect(snapshotOf(env.DATA_DIR)).toEqual(before);

    const text = await run('src/cli/kb.ts', ['status'], env);
    expect(text.stdout).toMatch(new RegExp(`last reload: ${manifest.lastReload.at} by cli ok \\(3 added, 0 changed, 0 removed, 0 failed\\)`));
  });

  it('status prints the romanized-term count and mined name pairs read from the saved index (it used to print neither)', async () => {
    const kb = { ...SMALL_KB, 'pairs.md': '# 카카오브레인\n\n카카오브레인(Kakao Brain)은 2017년 설립된 인공지능 연구 회사이다.\n' };
    const env = { KNOWLEDGE_DIR: writeSmallKb(kb), DATA_DIR: tmpDir('kb-data-') };
    expect((await run('src/cli/kb.ts', ['reload'], env)).code).toBe(0);
    const text = await run('src/cli/kb.ts', ['status'], env);
    expect(text.stdout).toMatch(/romanized: +\d+ of \d+ Hangul terms have a romanized form/);
    expect(text.stdout).toMatch(/name pairs: 1 name pairs mined from 1 documents: pairs\.md \(1\)/);
    const json = JSON.parse((await run('src/cli/kb.ts', ['status', '--json'], env)).stdout);
    expect(json.names.romanized).toBeGreaterThan(0);
    expect(json.names.romanized).toBeLessThanOrEqual(json.names.hangulTerms);
  });

  it('status without an index says how to build one instead of building it', async () => {
    const env = { KNOWLEDGE_DIR: writeSmallKb(), DATA_DIR: tmpDir('kb-data-') };
    const r = await run('src/cli/kb.ts', ['status'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('npm run kb -- reload');
    expect(fs.readdirSync(env.DATA_DIR)).toEqual([]);
  });
});

describe('usage errors', () => {
  it.each([
    ['an unknown ask flag taken as part of the question', 'src/cli/ask.ts', ['--jsn', 'hi'], 'Unknown option "--jsn"'],
    ['an unknown kb command labelled CONFIG_INVALID', 'src/cli/kb.ts', ['rebuild'], 'Unknown command "rebuild"'],
  ])('%s: exit 64 with USAGE', async (_bug, script, args, part) => {
    const r = await run(script, args, { KNOWLEDGE_DIR: writeSmallKb(), DATA_DIR: tmpDir('kb-data-') });
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/^error: USAGE: /);
    expect(r.stderr).toContain(part);
    expect(r.stdout).toBe('');
  });
});

describe('last reload across restarts', () => {
  it('a start-up that found nothing new keeps the last real reload (who and when)', async () => {
    const dir = writeSmallKb();
    const first = makeBot(dir);
    await first.ready;
    // A reload that changed something is saved with the index (one that changed nothing writes
    // nothing to disk: the running bot's status shows it, a restart shows the last change).
    fs.writeFileSync(path.join(dir, 'redfern.md'), SMALL_KB['redfern.md'].replace('$40 million', '$55 million'));
    await first.reload({ by: 'slack:UADMIN' });
    const last = first.status().lastReload!;
    expect(last.by).toBe('slack:UADMIN');
    const next = makeBot(dir, { dataDir: first.dataDir });
    await next.ready;
    expect(next.status().lastReload).toMatchObject({ at: last.at, by: 'slack:UADMIN' });
  });
});
