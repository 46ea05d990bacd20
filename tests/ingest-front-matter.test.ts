import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from '../src/ingest/front-matter';

describe('parseFrontMatter', () => {
  it('reads the YAML block and returns the body with its offset', () => {
    const input = '---\ntitle: "Hello: world"\nauthor: 심용운\ntags: [a, b]\n---\n# Body\n';
    const r = parseFrontMatter(input);
    expect(r.metadata).toEqual({ title: 'Hello: world', author: '심용운', tags: ['a', 'b'] });
    expect(r.body).toBe('# Body\n');
    expect(input.slice(r.bodyOffset)).toBe(r.body);
    expect(r.warning).toBeUndefined();
  });

  it.each([
    ['no front matter at all', '# Title\ntext', '# Title\ntext'],
    ['--- not on the first line is a Markdown rule, not front matter', 'text\n---\nmore', 'text\n---\nmore'],
    ['an unclosed --- block is kept as text instead of eating the document', '---\ntitle: x\nno end', '---\ntitle: x\nno end'],
  ])('%s', (_bug, input, body) => {
    const r = parseFrontMatter(input);
    expect(r).toEqual({ metadata: {}, body, bodyOffset: 0 });
  });

  it.each([
    ['invalid YAML (unclosed quote)', '---\ntitle: "oops\nauthor: x\n---\nBody text.'],
    ['invalid YAML (bad indentation)', '---\ntitle: a\n  - b\n c: d\n---\nBody text.'],
    ['YAML that is a list, not key/values', '---\n- a\n- b\n---\nBody text.'],
    ['YAML that is a bare string', '---\njust words\n---\nBody text.'],
  ])('malformed front matter never crashes and keeps the body: %s', (_bug, input) => {
    const r = parseFrontMatter(input);
    expect(r.metadata).toEqual({});
    expect(r.body).toBe('Body text.');
    expect(r.warning).toMatch(/front matter/);
  });

  it('an empty block gives empty metadata without a warning', () => {
    expect(parseFrontMatter('---\n---\nBody')).toEqual({ metadata: {}, body: 'Body', bodyOffset: 8 });
  });

  it('accepts CRLF line ends', () => {
    const r = parseFrontMatter('---\r\ntitle: T\r\n---\r\nBody');
    expect(r.metadata).toEqual({ title: 'T' });
    expect(r.body).toBe('Body');
  });
});
