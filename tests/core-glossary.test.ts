// The glossary is how an English question finds a Korean passage without a model. A broken file
// must fail loudly with the file and entry named, and matching must pick the name the user meant.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Glossary, GLOSSARY_FILE } from '../src/retrieval/glossary';

const tmpDirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'core-glossary-'));
  tmpDirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('parsing', () => {
  it('reads sections and gives each entry the kind its section names', () => {
    const g = Glossary.parse(
      ['people:', '  - [Arthur Mensch, 아서 멘시]', 'organizations:', '  - [Mistral AI, 미스트랄AI]', 'places:', '  - [Paris, 파리]', 'terms:', '  - [founded, 설립]'].join('\n'),
    );
    expect(g.entries.map((e) => [e.names[0], e.kind])).toEqual([
      ['Arthur Mensch', 'person'],
      ['Mistral AI', 'organization'],
      ['Paris', 'place'],
      ['founded', 'term'],
    ]);
  });

  it('reads a plain list of name lists as terms (the simple format still works)', () => {
    const g = Glossary.parse('- [Mistral AI, 미스트랄AI]\n- [seed, 시드]\n');
    expect(g.entries).toEqual([
      { names: ['Mistral AI', '미스트랄AI'], kind: 'term' },
      { names: ['seed', '시드'], kind: 'term' },
    ]);
  });

  it('numbers in a name list become strings (a YAML 2024 is not dropped)', () => {
    const g = Glossary.parse('- [2024, 이천이십사]\n');
    expect(g.entries[0].names).toEqual(['2024', '이천이십사']);
  });

  it('an empty file is an empty glossary, not an error', () => {
    expect(Glossary.parse('').entries).toEqual([]);
    expect(Glossary.parse('# only a comment\n').entries).toEqual([]);
  });

  it.each([
    ['broken YAML is reported without the file name', 'people: [a, b\n', [GLOSSARY_FILE, 'not valid YAML']],
    ['an unknown section is silently ignored', 'companys:\n  - [A, B]\n', [GLOSSARY_FILE, 'unknown section "companys"']],
    ['an entry with one name is silently kept', 'people:\n  - [Mensch, 멘시]\n  - [Lonely]\n', [GLOSSARY_FILE, 'entry 2 of "people"']],
    ['a section that is not a list is accepted', 'places: Paris\n', [GLOSSARY_FILE, 'section "places"']],
    ['an entry that is a map is accepted', 'terms:\n  - {a: b}\n', [GLOSSARY_FILE, 'entry 1 of "terms"']],
    ['a scalar file is accepted', 'just words\n', [GLOSSARY_FILE]],
  ])('errors name the file and the entry: %s', (_bug, text, parts) => {
    let message = '';
    try {
      Glossary.parse(text);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).not.toBe('');
    for (const p of parts) expect(message).toContain(p);
  });

  it('Glossary.load on a folder without the file is an empty glossary', () => {
    expect(Glossary.load(tmpDir()).entries).toEqual([]);
    expect(Glossary.load(path.join(os.tmpdir(), 'no-such-knowledge-dir-' + process.pid)).entries).toEqual([]);
  });

  it('Glossary.load on a broken file throws naming _glossary.yml', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, GLOSSARY_FILE), 'people:\n  - [Solo]\n');
    expect(() => Glossary.load(dir)).toThrow(/_glossary\.yml: entry 1 of "people"/);
  });
});

describe('matching', () => {
  const g = Glossary.parse(
    [
      'organizations:',
      '  - [Mistral AI, Mistral, 미스트랄AI, 미스트랄]',
      'terms:',
      '  - [company, companies, firm, 기업, 회사]',
      '  - [valuation, worth, 기업가치, 가치]',
      '  - [seed, seed money, seed round, 시드, 시드 자금]',
      '  - [founded, founder, 설립]',
      '  - [data center, 데이터센터]',
    ].join('\n'),
  );
  const matched = (text: string) => g.match(text).map((m) => m.matched);

  it.each([
    ['기업가치 also counts as a company (기업)', '미스트랄 기업가치는 얼마야?', ['미스트랄', '기업가치']],
    ['a plain 기업 is not found', '기업이 몇 개야?', ['기업']],
    ['Hangul names are not found across spaces in the question', '미스트랄 AI는 데이터 센터가 있어?', ['미스트랄AI', '데이터센터']],
  ])('longest Hangul match wins: %s', (_bug, text, expected) => {
    expect(matched(text).sort()).toEqual(expected.sort());
  });

  it.each([
    ['the longer phrase loses to its first word', 'How much seed money did they get?', ['seed money']],
    ['a multi-word name is not matched case-insensitively', 'when was MISTRAL AI founded?', ['Mistral AI', 'founded']],
    ['a stemmed form (founders) does not match the entry (founded)', 'Who are the founders?', ['founded']],
    ['"data" alone matches the two-word name', 'Where is the data stored?', []],
    ['a word inside another word matches (firmware ≠ firm)', 'Update the firmware', []],
  ])('English phrase match: %s', (_bug, text, expected) => {
    expect(matched(text).sort()).toEqual(expected.sort());
  });

  it('expansions give the other names of the entry, so an English question searches Korean terms', () => {
    const ex = g.expansions('When was Mistral founded?');
    const all = ex.flatMap((e) => e.terms);
    expect(all).toContain('미스트랄ai');
    expect(all).toContain('설립');
    expect(ex.map((e) => e.matched).sort()).toEqual(['Mistral', 'founded']);
  });
});
