import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isBotError } from '../src/errors';
import { loadDocument, loadKnowledge } from '../src/ingest/loader';
import { makePdf } from './fixtures/ingest/make-pdf';

const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) {
    try { fs.chmodSync(path.join(d, 'kb', 'locked.md'), 0o644); } catch { /* only one case creates it */ }
    fs.rmSync(d, { recursive: true, force: true });
  }
});

/** A fresh knowledge folder (inside a temp parent, so "outside the folder" has somewhere to point). */
function kb(files: Record<string, string | Buffer> = {}): { dir: string; parent: string } {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-'));
  tmpDirs.push(parent);
  const dir = path.join(parent, 'kb');
  fs.mkdirSync(dir);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return { dir, parent };
}

const GOOD = '# Good\n\nMistral AI was founded in 2023.\n';
const isRoot = process.getuid?.() === 0;

describe('loadKnowledge: a bad file is reported and never blocks the others', () => {
  it.each<[string, (dir: string, parent: string) => void, string, RegExp, { maxBytes?: number }?]>([
    ['unsupported type (.docx) is not silently ignored', (d) => fs.writeFileSync(path.join(d, 'report.docx'), 'PK\x03\x04'), 'DOC_UNSUPPORTED', /\.docx files are not supported/],
    ['file without extension', (d) => fs.writeFileSync(path.join(d, 'LICENSE'), 'MIT'), 'DOC_UNSUPPORTED', /without an extension/],
    ['empty file', (d) => fs.writeFileSync(path.join(d, 'empty.md'), ''), 'DOC_EMPTY', /empty file/],
    ['whitespace-only file', (d) => fs.writeFileSync(path.join(d, 'blank.md'), '  \n\t\n  '), 'DOC_EMPTY', /only whitespace, no text/],
    ['front matter with no text after it', (d) => fs.writeFileSync(path.join(d, 'meta-only.md'), '---\ntitle: T\n---\n\n'), 'DOC_EMPTY', /no text after/],
    ['binary data named .txt (NUL bytes)', (d) => fs.writeFileSync(path.join(d, 'image.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d])), 'DOC_BINARY', /binary/],
    ['text that is not UTF-8 (Latin-1 bytes)', (d) => fs.writeFileSync(path.join(d, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b])), 'DOC_BINARY', /not valid UTF-8/],
    ['file larger than maxBytes', (d) => fs.writeFileSync(path.join(d, 'huge.md'), 'x'.repeat(5000)), 'DOC_TOO_LARGE', /4\.9 KB, over the 1000 bytes limit/, { maxBytes: 1000 }],
    ['broken PDF is a failure, not a crash', (d) => fs.writeFileSync(path.join(d, 'broken.pdf'), '%PDF-1.4\nthis is not a pdf'), 'DOC_UNREADABLE', /not a readable PDF/],
    ['PDF without any text (scanned)', (d) => fs.writeFileSync(path.join(d, 'scan.pdf'), makePdf([[]])), 'DOC_EMPTY', /no extractable text/],
    ['HTML with only scripts', (d) => fs.writeFileSync(path.join(d, 'app.html'), '<html><body><script>alert(1)</script></body></html>'), 'DOC_EMPTY', /no readable text/],
    ['symlinked file pointing outside the folder is not followed', (d, p) => {
      fs.writeFileSync(path.join(p, 'secret.md'), '# Secret\n\nSECRET_OUTSIDE');
      fs.symlinkSync(path.join(p, 'secret.md'), path.join(d, 'link.md'));
    }, 'DOC_OUTSIDE_DIR', /points outside the knowledge folder/],
    ['symlinked folder pointing outside the folder is not followed', (d, p) => {
      fs.mkdirSync(path.join(p, 'elsewhere'));
      fs.writeFileSync(path.join(p, 'elsewhere', 'x.md'), '# X\n\nSECRET_OUTSIDE');
      fs.symlinkSync(path.join(p, 'elsewhere'), path.join(d, 'linked-dir'));
    }, 'DOC_OUTSIDE_DIR', /points outside the knowledge folder/],
    ['broken symlink', (d) => fs.symlinkSync(path.join(d, 'nowhere.md'), path.join(d, 'dangling.md')), 'DOC_UNREADABLE', /broken symbolic link/],
    ['named pipe would block a naive reader forever', (d) => execFileSync('mkfifo', [path.join(d, 'pipe.md')]), 'DOC_UNREADABLE', /not a regular file/],
  ])('%s', async (_bug, setup, code, reason, opts) => {
    const { dir, parent } = kb({ 'good.md': GOOD });
    setup(dir, parent);
    const r = await loadKnowledge(dir, opts);
    expect(r.documents.map((d) => d.id)).toEqual(['good.md']);
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0].code).toBe(code);
    expect(r.failures[0].reason).toMatch(reason);
    expect(JSON.stringify(r)).not.toContain('SECRET_OUTSIDE');
  });

  it.skipIf(isRoot)('a file without read permission is reported (skipped as root: root can read anything; see ingest-unreadable.test.ts)', async () => {
    const { dir } = kb({ 'good.md': GOOD, 'locked.md': '# Locked\n\ntext' });
    fs.chmodSync(path.join(dir, 'locked.md'), 0o000);
    const r = await loadKnowledge(dir);
    expect(r.documents.map((d) => d.id)).toEqual(['good.md']);
    expect(r.failures).toEqual([{ file: 'locked.md', code: 'DOC_UNREADABLE', reason: expect.stringMatching(/permission denied/) }]);
  });

  it('several bad files at once are all reported, in file order', async () => {
    const { dir } = kb({ 'a.docx': 'x', 'b.md': '', 'c.md': GOOD, 'd/e.txt': Buffer.from([0, 1, 2]) });
    const r = await loadKnowledge(dir);
    expect(r.documents.map((d) => d.id)).toEqual(['c.md']);
    expect(r.failures.map((f) => [f.file, f.code])).toEqual([['a.docx', 'DOC_UNSUPPORTED'], ['b.md', 'DOC_EMPTY'], ['d/e.txt', 'DOC_BINARY']]);
  });
});

describe('loadKnowledge: folder walking', () => {
  it('recurses into subfolders, skips dot and underscore names silently, and sorts by id', async () => {
    const { dir } = kb({
      'z.md': GOOD, 'a/b/deep.md': GOOD, 'a/first.txt': 'Plain text.', 'm.markdown': GOOD,
      '.hidden.md': GOOD, '_glossary.yml': 'ai: 인공지능', '_drafts/draft.md': GOOD, '.git/config': '[core]', 'a/.DS_Store': '\0',
    });
    const progress: [number, number][] = [];
    const r = await loadKnowledge(dir, { onProgress: (done, total) => progress.push([done, total]) });
    expect(r.documents.map((d) => d.id)).toEqual(['a/b/deep.md', 'a/first.txt', 'm.markdown', 'z.md']);
    expect(r.documents.every((d) => d.source === d.id)).toBe(true);
    expect(r.failures).toEqual([]);
    expect(progress).toEqual([[1, 4], [2, 4], [3, 4], [4, 4]]);
  });

  it('symlinks inside the folder are followed, and a link back to a parent does not loop', async () => {
    const { dir } = kb({ 'docs/a.md': GOOD });
    fs.symlinkSync(path.join(dir, 'docs', 'a.md'), path.join(dir, 'alias.md'));
    fs.symlinkSync(dir, path.join(dir, 'docs', 'loop'));
    const r = await loadKnowledge(dir);
    expect(r.documents.map((d) => d.id)).toEqual(['alias.md', 'docs/a.md']);
    expect(r.failures).toEqual([]);
  });

  it('a missing folder throws KNOWLEDGE_DIR_MISSING naming the path and the fix', async () => {
    const missing = path.join(os.tmpdir(), 'no-such-knowledge-folder-xyz');
    const err = await loadKnowledge(missing).catch((e) => e);
    expect(isBotError(err, 'KNOWLEDGE_DIR_MISSING')).toBe(true);
    expect(err.message).toContain(missing);
    expect(err.message).toMatch(/Create it/);
    expect(err.message).toContain('KNOWLEDGE_DIR');
  });

  it('loadDocument refuses a path that climbs out of the folder', async () => {
    const { dir, parent } = kb({ 'good.md': GOOD });
    fs.writeFileSync(path.join(parent, 'outside.md'), GOOD);
    const err = await loadDocument(dir, '../outside.md').catch((e) => e);
    expect(isBotError(err, 'DOC_OUTSIDE_DIR')).toBe(true);
  });

  it('hash is the sha256 of the raw bytes and changes when the file changes', async () => {
    const raw = '---\ntitle: T\n---\r\nBody.\r\n';
    const { dir } = kb({ 'a.md': raw });
    const doc = await loadDocument(dir, 'a.md');
    expect(doc.hash).toBe(createHash('sha256').update(raw).digest('hex'));
    fs.writeFileSync(path.join(dir, 'a.md'), raw + 'More.');
    expect((await loadDocument(dir, 'a.md')).hash).not.toBe(doc.hash);
  });
});

describe('loadKnowledge: Markdown and text', () => {
  it.each([
    ['front matter title wins over the heading', '---\ntitle: From FM\n---\n# From Heading\n\nText.', 'From FM'],
    ['first # heading when there is no front matter title', '---\nauthor: X\n---\n## Sub first\n\n# From Heading\n\nText.', 'From Heading'],
    ['file name when there is neither', 'Just text.', 'market notes'],
  ])('title: %s', async (_bug, content, title) => {
    const { dir } = kb({ 'market-notes.md': content });
    expect((await loadDocument(dir, 'market-notes.md')).title).toBe(title);
  });

  it.each([
    ['front matter language wins over the text', '---\nlanguage: en\n---\n한국어로 쓴 문서입니다.', 'en'],
    ['front matter "ko-KR" means Korean', '---\nlang: ko-KR\n---\nWritten in English.', 'ko'],
    ['Hangul text is detected as Korean', '미스트랄AI는 2023년 4월 프랑스 파리에서 설립된 생성형 AI 스타트업이다.', 'ko'],
    ['English text is detected as English', 'Mistral AI is a French start-up founded in 2023.', 'en'],
  ])('language: %s', async (_bug, content, lang) => {
    const { dir } = kb({ 'doc.md': content });
    expect((await loadDocument(dir, 'doc.md')).lang).toBe(lang);
  });

  it('malformed front matter still loads the document, with empty metadata and a warning', async () => {
    const { dir } = kb({ 'bad.md': '---\ntitle: "unclosed\n---\n# Heading\n\nText.' });
    const r = await loadKnowledge(dir);
    expect(r.failures).toEqual([]);
    expect(r.documents[0].metadata).toEqual({});
    expect(r.documents[0].title).toBe('Heading');
    expect(r.warnings).toEqual([{ file: 'bad.md', reason: expect.stringMatching(/not valid YAML/) }]);
  });

  it('sections come from #, ## and ### headings (not from code fences), with exact offsets', async () => {
    const md = '---\ntitle: T\n---\r\nIntro.\r\n\r\n# One\r\ntext\r\n\r\n## Two ##\r\n```sh\r\n# not a heading\r\n```\r\n### Three\r\nend\r\n#### Four\r\n';
    const { dir } = kb({ 'a.md': md });
    const doc = await loadDocument(dir, 'a.md');
    expect(doc.text).not.toContain('\r');
    expect(doc.text.startsWith('Intro.')).toBe(true);
    expect(doc.sections.map((s) => s.title)).toEqual(['One', 'Two', 'Three', 'Four']);
    for (const s of doc.sections) expect(doc.text.slice(s.start, s.end)).toMatch(new RegExp(`^#+ ${s.title}`));
    for (let i = 1; i < doc.sections.length; i++) expect(doc.sections[i].start).toBe(doc.sections[i - 1].end);
    expect(doc.sections.at(-1)!.end).toBe(doc.text.length);
  });

  it('a .txt file keeps its text as-is and has no sections', async () => {
    const { dir } = kb({ 'notes.txt': '# not markdown here\nPlain.' });
    const doc = await loadDocument(dir, 'notes.txt');
    expect(doc.text).toBe('# not markdown here\nPlain.');
    expect(doc.sections).toEqual([]);
    expect(doc.title).toBe('notes');
  });

  it('a UTF-16 text file with a byte-order mark (Windows Notepad) is read, not called binary', async () => {
    const { dir } = kb({ 'win.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('미스트랄AI 문서', 'utf16le')]) });
    const doc = await loadDocument(dir, 'win.txt');
    expect(doc.text).toBe('미스트랄AI 문서');
  });
});

describe('loadKnowledge: HTML and PDF', () => {
  it('HTML: scripts, styles and navigation are dropped, entities decoded, headings become sections', async () => {
    const html = fs.readFileSync(path.join(__dirname, 'fixtures/ingest/page.html'));
    const { dir } = kb({ 'page.html': html });
    const doc = await loadDocument(dir, 'page.html');
    expect(doc.title).toBe('Mistral AI & Europe');
    expect(doc.text).not.toMatch(/SCRIPT_SHOULD_NOT_APPEAR|NAV_SHOULD_NOT_APPEAR|color: red|tracking/);
    expect(doc.text).toContain('founded in Paris in 2023 – by former');
    expect(doc.text).toContain('raised €105 million <seed> in its first month.');
    // &nbsp; becomes a plain space, so a search for "reached 2 billion" matches.
    expect(doc.text).toContain('Its valuation reached 2 billion euros.');
    expect(doc.text).toMatch(/Andreessen Horowitz\nGeneral Catalyst/);
    expect(doc.sections.map((s) => s.title)).toEqual(['Sovereign AI in Europe', 'Funding']);
    for (const s of doc.sections) expect(doc.text.slice(s.start).startsWith(s.title)).toBe(true);
    expect(doc.lang).toBe('en');
  });

  it('HTML without <title> takes its title from the first h1', async () => {
    const { dir } = kb({ 'a.htm': '<body><h2>Sub</h2><h1>Main &amp; Title</h1><p>Text.</p></body>' });
    expect((await loadDocument(dir, 'a.htm')).title).toBe('Main & Title');
  });

  it('PDF: pdfjs extracts the text of a hand-written PDF, one "p. N" section per page', async () => {
    const pdf = makePdf([['Mistral AI was founded in 2023.', 'It is based in Paris.'], ['Page two (with parens).']], { title: 'Market notes', author: 'Kim' });
    const { dir } = kb({ 'report.pdf': pdf });
    const doc = await loadDocument(dir, 'report.pdf');
    expect(doc.title).toBe('Market notes');
    expect(doc.metadata).toMatchObject({ author: 'Kim' });
    expect(doc.sections.map((s) => s.title)).toEqual(['p. 1', 'p. 2']);
    expect(doc.text.slice(doc.sections[0].start, doc.sections[0].end)).toBe('Mistral AI was founded in 2023.\nIt is based in Paris.');
    expect(doc.text.slice(doc.sections[1].start, doc.sections[1].end)).toBe('Page two (with parens).');
    expect(doc.hash).toBe(createHash('sha256').update(pdf).digest('hex'));
  });

  it('PDF without a document title uses the file name', async () => {
    const { dir } = kb({ 'q1-update.pdf': makePdf([['Some text.']]) });
    expect((await loadDocument(dir, 'q1-update.pdf')).title).toBe('q1 update');
  });
});

describe('the real knowledge folder', () => {
  it('loads the article with its title, author, publisher, language and sections', async () => {
    const r = await loadKnowledge(path.resolve(__dirname, '../knowledge'));
    expect(r.failures).toEqual([]);
    expect(r.warnings).toEqual([]);
    const doc = r.documents.find((d) => d.id === 'ai-market-sovereign-ai.md')!;
    expect(doc.title).toBe('美 주도 생성형 AI 시장에 유럽 스타트업 도전장…AI 주권 논쟁 촉발');
    expect(doc.metadata).toMatchObject({ author: '심용운', publisher: 'SK경영경제연구소', language: 'ko' });
    expect(doc.lang).toBe('ko');
    expect(doc.sections.map((s) => s.title)).toEqual([
      '美 주도 생성형 AI 시장에 유럽 스타트업 도전장…AI 주권 논쟁 촉발',
      '소버린 AI 주창한 유럽 스타트업 부상',
      '유럽 AI 기술의 자존심 ‘미스트랄 AI’',
      '실험대에 오른 미스트랄AI',
    ]);
    // Headings were unglued from the paragraphs, glued sentences split by a line break only.
    expect(doc.text).toContain('양상이다.\n하지만 영원한 승자는 없는 법.');
    expect(doc.text).toContain('## 실험대에 오른 미스트랄AI\n\n이처럼 설립된 지 1년밖에');
    expect(doc.text).not.toContain('title:');
    expect(doc.text).not.toContain('수석연구원');
  });
});
