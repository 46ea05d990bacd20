// `channels.yml` read with the glossary's safeguards (regular file, inside the knowledge folder,
// small), parsed once per distinct text; re-read by `/kb reload`.
import { BotError } from '../errors';
import { readKnowledgeFile } from '../kb/knowledge-file';
import { CHANNELS_FILE, ChannelSettings } from './settings';

/** Hundreds of channels fit in a few kilobytes. */
export const CHANNELS_MAX_BYTES = 128 * 1024;

export class ChannelsFile {
  private last?: { text: string; settings: ChannelSettings };

  constructor(
    private readonly knowledgeDir: string,
    private readonly maxBytes = CHANNELS_MAX_BYTES,
  ) {}

  /** The settings, empty when there is no file; a BotError naming the file, the line and the fix otherwise. */
  async load(): Promise<ChannelSettings> {
    const text = await readKnowledgeFile(this.knowledgeDir, CHANNELS_FILE, this.maxBytes, 'channel settings file');
    if (text === undefined) return ChannelSettings.empty();
    if (this.last?.text === text) return this.last.settings;
    let settings: ChannelSettings;
    try {
      settings = ChannelSettings.parse(text);
    } catch (err) {
      throw new BotError('CONFIG_INVALID', (err as Error).message, { cause: err });
    }
    this.last = { text, settings };
    return settings;
  }
}
