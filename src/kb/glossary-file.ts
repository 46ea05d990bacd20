// Reading `_glossary.yml` with the document loader's rules: only a regular file (a FIFO would block
// start-up forever), never through a link that leads outside the knowledge folder, and no bigger
// than a glossary needs to be (100k entries parsed on the event loop stalled every question for
// seconds). The same text is parsed once, not once for the saved index and again for the reload.
import fs from 'node:fs/promises';
import path from 'node:path';
import { BotError } from '../errors';
import { Glossary, GLOSSARY_FILE } from '../retrieval/glossary';

/** A hand-written glossary of a few thousand names is well under this. */
export const GLOSSARY_MAX_BYTES = 512 * 1024;

export class GlossaryFile {
  private last?: { text: string; glossary: Glossary };

  constructor(
    private readonly knowledgeDir: string,
    private readonly maxBytes = GLOSSARY_MAX_BYTES,
  ) {}

  /** The glossary, an empty one when there is no file; a BotError naming the file and the fix otherwise. */
  async load(): Promise<Glossary> {
    const text = await this.read();
    if (text === undefined) return Glossary.empty();
    if (this.last?.text === text) return this.last.glossary;
    const glossary = Glossary.parse(text, GLOSSARY_FILE);
    this.last = { text, glossary };
    return glossary;
  }

  private async read(): Promise<string | undefined> {
    const root = await fs.realpath(this.knowledgeDir).catch(() => path.resolve(this.knowledgeDir));
    const file = path.join(root, GLOSSARY_FILE);
    let real: string;
    try {
      real = await fs.realpath(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new BotError('DOC_UNREADABLE', `${GLOSSARY_FILE} cannot be read: ${(err as Error).message}`, { cause: err });
    }
    if (!real.startsWith(root + path.sep)) {
      throw new BotError('DOC_OUTSIDE_DIR', `${GLOSSARY_FILE} is a link to ${real}, outside the knowledge folder; not followed. Put the glossary itself in the folder.`);
    }
    const stat = await fs.stat(real);
    if (!stat.isFile()) {
      throw new BotError('DOC_UNREADABLE', `${GLOSSARY_FILE} is not a regular file (pipe, socket or device); replace it with a YAML file.`);
    }
    if (stat.size > this.maxBytes) {
      throw new BotError('DOC_TOO_LARGE', `${GLOSSARY_FILE} is ${stat.size} bytes, over the ${this.maxBytes}-byte limit for a glossary; keep it to the names questions use.`);
    }
    // Opened without blocking, so a FIFO swapped in after the check cannot hang the read either.
    const fh = await fs.open(real, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    try {
      if (!(await fh.stat()).isFile()) throw new BotError('DOC_UNREADABLE', `${GLOSSARY_FILE} is not a regular file.`);
      return await fh.readFile('utf8');
    } finally {
      await fh.close();
    }
  }
}
