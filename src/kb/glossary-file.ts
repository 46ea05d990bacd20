// Reading `_glossary.yml` with the document loader's rules: only a regular file (a FIFO would block
// start-up forever), never through a link that leads outside the knowledge folder, and no bigger
// than a glossary needs to be (100k entries parsed on the event loop stalled every question for
// seconds). The same text is parsed once, not once for the saved index and again for the reload.
import { Glossary, GLOSSARY_FILE } from '../retrieval/glossary';
import { readKnowledgeFile } from './knowledge-file';

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

  private read(): Promise<string | undefined> {
    return readKnowledgeFile(this.knowledgeDir, GLOSSARY_FILE, this.maxBytes, 'glossary');
  }
}
