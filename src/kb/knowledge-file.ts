// Reading a settings file from the knowledge folder with the document loader's rules: only a
// regular file (a FIFO would block start-up forever), never through a link that leads outside the
// knowledge folder, and no bigger than the caller allows (parsing is on the event loop).
// The calls are synchronous on purpose: six system calls on one small local file take well under a
// millisecond, while each awaited one waited for a turn of the event loop, behind every question
// queued meanwhile; a reload read two such files (channels.yml, the glossary) before anything else.
import fs from 'node:fs';
import path from 'node:path';
import { BotError } from '../errors';

/** The file's text, or undefined when there is none; a BotError naming the file and the fix otherwise. */
export async function readKnowledgeFile(knowledgeDir: string, name: string, maxBytes: number, what: string): Promise<string | undefined> {
  let root: string;
  try {
    root = fs.realpathSync.native(knowledgeDir);
  } catch {
    root = path.resolve(knowledgeDir);
  }
  const file = path.join(root, name);
  let real: string;
  try {
    real = fs.realpathSync.native(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BotError('DOC_UNREADABLE', `${name} cannot be read: ${(err as Error).message}`, { cause: err });
  }
  if (!real.startsWith(root + path.sep)) {
    throw new BotError('DOC_OUTSIDE_DIR', `${name} is a link to ${real}, outside the knowledge folder; not followed. Put the ${what} itself in the folder.`);
  }
  const stat = fs.statSync(real);
  if (!stat.isFile()) {
    throw new BotError('DOC_UNREADABLE', `${name} is not a regular file (pipe, socket or device); replace it with a YAML file.`);
  }
  if (stat.size > maxBytes) {
    throw new BotError('DOC_TOO_LARGE', `${name} is ${stat.size} bytes, over the ${maxBytes}-byte limit for a ${what}; keep it to what the bot needs.`);
  }
  // Opened without blocking, so a FIFO swapped in after the check cannot hang the read either.
  const fd = fs.openSync(real, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    if (!fs.fstatSync(fd).isFile()) throw new BotError('DOC_UNREADABLE', `${name} is not a regular file.`);
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}
