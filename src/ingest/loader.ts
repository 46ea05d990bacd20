// Reads the knowledge folder into plain-text documents. One bad file never blocks the rest: it is
// reported in `failures` with a reason an admin can act on, and every other file still loads.
// Nothing outside the folder is ever read, even through symlinks.
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { BotError, type ErrorCode, isBotError } from '../errors';
import type { DocumentFailure, Lang } from '../types';
import { guessLang } from '../user-messages';
import { parseFrontMatter } from './front-matter';
import { markdownStructure } from './markdown';
import { pdfToText } from './pdf';
import { startScanner, type Scanned } from './scan-worker';
import type { KnowledgeDocument, LoadResult, Section } from './types';

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
export const SUPPORTED_EXTENSIONS = ['.md', '.markdown', '.txt', '.html', '.htm', '.pdf'] as const;
const CONCURRENCY = 4;
/** Longest run of loading work between two pauses for queued questions (see loadKnowledge). */
const SLICE_MS = 8;

export interface LoadOptions {
  /** Files larger than this are reported, not read. Default 20 MB. */
  maxBytes?: number;
  /** Called after each file, loaded or failed. */
  onProgress?: (done: number, total: number) => void;
  /**
   * True when the caller already has this exact file (same path and sha256) indexed: it is read and
   * hashed but not parsed, and listed in `unchanged` instead of `documents` (a no-change reload of
   * 2,000 files spent most of its time parsing text it then threw away).
   */
  isUnchanged?: (id: string, hash: string) => boolean;
  /**
   * Streams the documents instead of returning them: each is handed over in id order as soon as it
   * is parsed, and the next file waits for the promise, so only a few documents are ever in memory
   * (a 1M-chunk folder is ~1 GB of text). `documents` is then empty and `delivered` lists them.
   */
  onDocument?: (doc: KnowledgeDocument) => Promise<void> | void;
  /**
   * What the last load saw of each file (kept by the caller between loads, updated here): a file
   * whose size, inode and times are as then is not read again for isUnchanged(); a no-change reload
   * of 1M chunks read and hashed 1 GB for nothing.
   */
  stamps?: Map<string, FileStamp>;
}

export interface FileStamp {
  size: number;
  ino: number;
  mtimeMs: number;
  ctimeMs: number;
  hash: string;
  /**
   * The file changed at least STAMP_MARGIN_MS before it was looked at. A write in the same clock
   * tick as the look could leave size and times as they were (file times are coarse, like git's
   * "racy" index entries), so a stamp taken that close is not trusted: the file is read next time.
   */
  settled: boolean;
}

/** See FileStamp.settled. */
export const STAMP_MARGIN_MS = 2000;

/**
 * A failure with its stable code (DOC_*), for callers that want more than the reason text. Reasons are
 * short phrases that read well after the file name: "notes.md: empty file (0 bytes)".
 */
export interface LoadFailure extends DocumentFailure {
  code: ErrorCode;
}

/** `warnings` lists documents that loaded but lost something (e.g. front matter that is not valid YAML). */
export interface KnowledgeLoad extends LoadResult {
  failures: LoadFailure[];
  warnings: DocumentFailure[];
  /** Files isUnchanged() recognised, not parsed. */
  unchanged: { id: string; hash: string }[];
  /** With onDocument: the documents handed to it, in order. */
  delivered: { id: string; hash: string }[];
}

export async function loadKnowledge(dir: string, opts: LoadOptions = {}): Promise<KnowledgeLoad> {
  const root = await realRoot(dir);
  const failures: LoadFailure[] = [];
  const files: string[] = [];
  await walk(root, '', new Set([root]), files, failures);

  // In id order, so that a streamed load hands documents over in the order a returned one lists them.
  files.sort(compare);
  const documents: KnowledgeDocument[] = [];
  const delivered: { id: string; hash: string }[] = [];
  const unchanged: { id: string; hash: string }[] = [];
  const warnings: DocumentFailure[] = [];
  const deliver = opts.onDocument;
  // turn[i] resolves when file i may hand its document over (files before it have): parsing runs
  // CONCURRENCY files ahead, delivery stays in order, and a worker holds one document at most.
  const turns: (() => void)[] = [];
  const turn = files.map((_, i) => (i === 0 ? Promise.resolve() : new Promise<void>((r) => (turns[i] = r))));
  let failed: unknown;
  let done = 0;
  let next = 0;
  const { look, close } = lookAhead(root, files);
  // Files the scan worker already looked at are settled without I/O, in one run of microtasks:
  // a window of them held the event loop for ~35 ms. A pause every few ms lets questions in.
  let sliceStart = performance.now();
  const pauseIfDue = async () => {
    if (performance.now() - sliceStart < SLICE_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  };
  const worker = async () => {
    for (;;) {
      await pauseIfDue();
      // Checked after the pause: another worker may have taken the last file meanwhile.
      if (next >= files.length) break;
      const i = next++;
      const rel = files[i];
      let doc: Awaited<ReturnType<typeof loadDocumentAt>> | undefined;
      try {
        doc = await loadDocumentAt(root, rel, opts.maxBytes, (reason) => warnings.push({ file: rel, reason }), opts.isUnchanged, opts.stamps, look(i));
      } catch (err) {
        failures.push(toFailure(rel, err));
      }
      await turn[i];
      try {
        if (failed === undefined && doc && !('unchanged' in doc) && deliver) {
          await deliver(doc);
          delivered.push({ id: doc.id, hash: doc.hash });
        }
      } catch (err) {
        failed ??= err;
      } finally {
        turns[i + 1]?.();
      }
      if (doc && 'unchanged' in doc) unchanged.push({ id: doc.id, hash: doc.hash });
      else if (doc && !deliver) documents.push(doc);
      opts.onProgress?.(++done, files.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker));
  } finally {
    close();
  }
  if (opts.stamps) {
    const now = new Set(files);
    for (const id of opts.stamps.keys()) if (!now.has(id)) opts.stamps.delete(id);
  }
  // The consumer's error (a failed build) is the load's: nothing after it was handed over.
  if (failed !== undefined) throw failed;

  const byFile = (a: { file: string }, b: { file: string }) => compare(a.file, b.file);
  return {
    documents: documents.sort((a, b) => compare(a.id, b.id)),
    failures: failures.sort(byFile),
    warnings: warnings.sort(byFile),
    unchanged: unchanged.sort((a, b) => compare(a.id, b.id)),
    delivered,
  };
}

/**
 * Loads one file of the knowledge folder (`relPath` relative to `dir`, either slash).
 * Throws BotError with a DOC_* code and an admin-readable message when the file cannot be used.
 */
export async function loadDocument(
  dir: string,
  relPath: string,
  opts: { maxBytes?: number; onWarning?: (reason: string) => void } = {},
): Promise<KnowledgeDocument> {
  return loadDocumentAt(await realRoot(dir), relPath.split(path.sep).join('/'), opts.maxBytes, opts.onWarning) as Promise<KnowledgeDocument>;
}

async function realRoot(dir: string): Promise<string> {
  const abs = path.resolve(dir);
  const fix = `Create it and put .md, .txt, .html or .pdf files in it, or set KNOWLEDGE_DIR to the folder that holds them.`;
  try {
    const real = await fs.realpath(abs);
    if ((await fs.stat(real)).isDirectory()) return real;
  } catch (err) {
    throw new BotError('KNOWLEDGE_DIR_MISSING', `The knowledge folder ${abs} does not exist. ${fix}`, { cause: err });
  }
  throw new BotError('KNOWLEDGE_DIR_MISSING', `The knowledge folder ${abs} is not a folder. ${fix}`);
}

// Names starting with "." (editor and VCS files) or "_" (admin files such as _glossary.yml) are not documents.
function isSkippedName(name: string): boolean {
  return name.startsWith('.') || name.startsWith('_');
}

function inside(root: string, real: string): boolean {
  return real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

// Each real folder is walked once (`seen` holds real paths), so a symlink back up the tree cannot loop
// and a symlinked alias of a folder does not load its files twice.
async function walk(root: string, relDir: string, seen: Set<string>, files: string[], failures: LoadFailure[]): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(path.join(root, relDir), { withFileTypes: true });
  } catch (err) {
    failures.push(toFailure(relDir || '.', fsError(err, 'folder')));
    return;
  }
  entries.sort((a, b) => compare(a.name, b.name));
  for (const entry of entries) {
    if (isSkippedName(entry.name)) continue;
    const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
    const abs = path.join(root, rel);
    if (!entry.isSymbolicLink() && !entry.isDirectory()) {
      files.push(rel);
      continue;
    }
    let real: string;
    try {
      real = await fs.realpath(abs);
    } catch (err) {
      const broken = (err as NodeJS.ErrnoException)?.code === 'ENOENT';
      failures.push(broken ? { file: rel, code: 'DOC_UNREADABLE', reason: 'broken symbolic link (its target does not exist)' } : toFailure(rel, fsError(err, 'file')));
      continue;
    }
    if (!inside(root, real)) {
      failures.push({ file: rel, code: 'DOC_OUTSIDE_DIR', reason: 'symbolic link that points outside the knowledge folder; not followed' });
      continue;
    }
    let isDir: boolean;
    try {
      isDir = (await fs.stat(real)).isDirectory();
    } catch (err) {
      failures.push(toFailure(rel, fsError(err, 'file')));
      continue;
    }
    if (!isDir) {
      files.push(rel);
    } else if (!seen.has(real)) {
      seen.add(real);
      await walk(root, rel, seen, files, failures);
    }
  }
}

/** A file's real path and metadata, and when they were looked at (see FileStamp.settled). */
interface Looked {
  real: string;
  stat: LookedStat;
  lookedAt: number;
}

type LookedStat = Pick<Stats, 'isFile' | 'size' | 'ino' | 'mtimeMs' | 'ctimeMs'>;

async function lookAt(root: string, rel: string): Promise<Looked> {
  const abs = path.resolve(root, rel);
  if (!inside(root, abs)) throw new BotError('DOC_OUTSIDE_DIR', 'outside the knowledge folder; not read');
  let real: string;
  try {
    real = await fs.realpath(abs);
  } catch (err) {
    throw fsError(err, 'file');
  }
  if (!inside(root, real) || real === root) {
    throw new BotError('DOC_OUTSIDE_DIR', 'points outside the knowledge folder; not read');
  }
  const lookedAt = Date.now();
  try {
    return { real, stat: await fs.stat(real), lookedAt };
  } catch (err) {
    throw fsError(err, 'file');
  }
}

/** The checks of lookAt() on what a scan worker saw. */
function checked(root: string, rel: string, real: string, stat: LookedStat, lookedAt: number): Looked {
  if (!inside(root, path.resolve(root, rel))) throw new BotError('DOC_OUTSIDE_DIR', 'outside the knowledge folder; not read');
  if (!inside(root, real) || real === root) throw new BotError('DOC_OUTSIDE_DIR', 'points outside the knowledge folder; not read');
  return { real, stat, lookedAt };
}

/** Files looked at ahead of the one being loaded (see lookAhead). */
const LOOK_AHEAD = 1024;
/** Fewer files are looked at here, one by one: a worker would take longer to start. */
const SCAN_FROM = 32;

/**
 * lookAt() for file i, started up to LOOK_AHEAD files ahead, by a worker thread (scan-worker.ts)
 * for a folder of many files. A reload of an unchanged folder is mostly these looks; four at a
 * time on this thread, each waited for a turn of the event loop, and a busy bot (50 askers) makes
 * every turn long: 2,000 files took seconds. A worker that fails leaves the looks to this thread.
 */
function lookAhead(root: string, files: string[]): { look: (i: number) => Promise<Looked>; close: () => void } {
  const scanner = files.length >= SCAN_FROM ? startScanner(root) : undefined;
  // Settled outcomes per window, not bare promises: a failure nobody awaited yet must not be "unhandled".
  const windows = new Map<number, Promise<Scanned[] | undefined>>();
  const windowOf = (w: number) => {
    let p = windows.get(w);
    if (!p && scanner && w * LOOK_AHEAD < files.length) {
      p = scanner.scan(files.slice(w * LOOK_AHEAD, (w + 1) * LOOK_AHEAD)).catch(() => undefined);
      windows.set(w, p);
    }
    return p;
  };
  const look = async (i: number): Promise<Looked> => {
    const w = Math.floor(i / LOOK_AHEAD);
    const here = windowOf(w);
    windowOf(w + 1); // the next window is scanned while this one is loaded
    windows.delete(w - 1);
    const scanned = (await here)?.[i - w * LOOK_AHEAD];
    if (!scanned) return lookAt(root, files[i]);
    if ('error' in scanned) throw fsError(Object.assign(new Error(scanned.error.message), { code: scanned.error.code }), 'file');
    return checked(root, files[i], scanned.real, { ...scanned.stat, isFile: () => scanned.stat.isFile }, scanned.lookedAt);
  };
  return { look, close: () => scanner?.close() };
}

async function loadDocumentAt(
  root: string,
  rel: string,
  maxBytes = DEFAULT_MAX_BYTES,
  onWarning?: (reason: string) => void,
  isUnchanged?: (id: string, hash: string) => boolean,
  stamps?: Map<string, FileStamp>,
  looked: Promise<Looked> = lookAt(root, rel),
): Promise<KnowledgeDocument | { unchanged: true; id: string; hash: string }> {
  const { real, stat, lookedAt } = await looked;
  // FIFOs and devices would block or never end; only regular files are documents.
  if (!stat.isFile()) throw new BotError('DOC_UNREADABLE', 'not a regular file (pipe, socket or device), so it cannot be read as a document');

  const ext = path.extname(rel).toLowerCase();
  if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(ext)) {
    const what = ext ? `${ext} files are not supported` : 'files without an extension are not supported';
    throw new BotError('DOC_UNSUPPORTED', `${what}; use ${SUPPORTED_EXTENSIONS.join(', ')} (convert e.g. .docx to PDF or Markdown)`);
  }
  if (stat.size > maxBytes) {
    throw new BotError('DOC_TOO_LARGE', `file is ${formatBytes(stat.size)}, over the ${formatBytes(maxBytes)} limit; split it into smaller files`);
  }
  if (stat.size === 0) throw new BotError('DOC_EMPTY', 'empty file (0 bytes)');
  const seen = stamps?.get(rel);
  if (
    seen?.settled &&
    seen.size === stat.size &&
    seen.ino === stat.ino &&
    seen.mtimeMs === stat.mtimeMs &&
    seen.ctimeMs === stat.ctimeMs &&
    isUnchanged?.(rel, seen.hash)
  ) {
    return { unchanged: true, id: rel, hash: seen.hash };
  }

  let bytes: Buffer;
  try {
    bytes = await fs.readFile(real);
  } catch (err) {
    throw fsError(err, 'file');
  }
  const hash = createHash('sha256').update(bytes).digest('hex');
  // ctime moves on every write, rename or chmod (mtime can be set back): it decides how settled the file is.
  const settled = Math.max(stat.ctimeMs, stat.mtimeMs) < lookedAt - STAMP_MARGIN_MS;
  stamps?.set(rel, { size: stat.size, ino: stat.ino, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, hash, settled });
  if (isUnchanged?.(rel, hash)) return { unchanged: true, id: rel, hash };
  const fileTitle = path.basename(rel, path.extname(rel)).replace(/[-_]+/g, ' ').trim() || rel;

  if (ext === '.pdf') {
    let pdf;
    try {
      pdf = await pdfToText(bytes);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      const locked = err instanceof Error && err.name === 'PasswordException';
      throw new BotError('DOC_UNREADABLE', locked ? 'password-protected PDF; save an unprotected copy' : `not a readable PDF (${why})`, { cause: err });
    }
    if (!pdf.text.trim()) throw new BotError('DOC_EMPTY', 'no extractable text (a scanned PDF? run OCR on it first)');
    return makeDocument(rel, hash, pdf.text, pdf.sections, pdf.metadata, pdf.title ?? fileTitle);
  }

  const decoded = decodeText(bytes);
  const { metadata, body, warning } = parseFrontMatter(decoded);
  if (warning) onWarning?.(warning);
  if (!body.trim()) throw new BotError('DOC_EMPTY', decoded.trim() ? 'front matter but no text after it' : 'only whitespace, no text');

  if (ext === '.html' || ext === '.htm') {
    // node-html-parser loads only when a folder has HTML: most start-ups never need it.
    const { htmlToText } = await import('./html');
    const html = htmlToText(body);
    if (!html.text.trim()) throw new BotError('DOC_EMPTY', 'no readable text once scripts, styles and markup are removed');
    return makeDocument(rel, hash, html.text, html.sections, metadata, stringOr(metadata.title) ?? html.title ?? fileTitle);
  }
  if (ext === '.txt') {
    return makeDocument(rel, hash, body, [], metadata, stringOr(metadata.title) ?? fileTitle);
  }
  const md = markdownStructure(body);
  return makeDocument(rel, hash, body, md.sections, metadata, stringOr(metadata.title) ?? md.h1 ?? fileTitle);
}

/**
 * Text files must be UTF-8 (a UTF-16 file with its byte-order mark is accepted too, as Windows
 * Notepad writes it). NUL bytes or invalid UTF-8 mean a binary file misnamed as text.
 * CRLF becomes LF and a leading BOM is dropped, so offsets do not depend on the editor used.
 */
function decodeText(bytes: Buffer): string {
  let text: string;
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  } else {
    if (bytes.includes(0)) throw new BotError('DOC_BINARY', 'binary file (it contains NUL bytes), not text');
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (err) {
      throw new BotError('DOC_BINARY', 'not valid UTF-8 text (a binary file, or text saved in another encoding; re-save it as UTF-8)', { cause: err });
    }
  }
  return text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
}

function makeDocument(
  id: string,
  hash: string,
  text: string,
  sections: Section[],
  metadata: Record<string, unknown>,
  title: string,
): KnowledgeDocument {
  const lang = langOf(metadata.language ?? metadata.lang) ?? guessLang(text.slice(0, 20_000));
  return { id, source: id, title, text, metadata, lang, sections, hash };
}

function langOf(value: unknown): Lang | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (/^(ko|kor|korean|한국어)([-_].*)?$/.test(v)) return 'ko';
  if (/^(en|eng|english|영어)([-_].*)?$/.test(v)) return 'en';
  return undefined;
}

function stringOr(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function fsError(err: unknown, what: 'file' | 'folder'): BotError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? `permission denied: give the bot's user read access to the ${what}`
      : code === 'ENOENT'
        ? `${what} disappeared while loading`
        : code === 'ELOOP'
          ? 'symbolic link loop'
          : `cannot be read (${code ?? (err instanceof Error ? err.message : String(err))})`;
  return new BotError('DOC_UNREADABLE', reason, { cause: err });
}

function toFailure(file: string, err: unknown): LoadFailure {
  if (isBotError(err)) return { file, code: err.code, reason: err.message };
  // A bug in a parser must still not stop the other files; say so plainly.
  const why = err instanceof Error ? err.message : String(err);
  return { file, code: 'DOC_UNREADABLE', reason: `could not be parsed (${why})` };
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${n} bytes`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
