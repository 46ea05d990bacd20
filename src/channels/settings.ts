// Per-channel modes from `channels.yml` in the knowledge folder: for a Slack channel or a Discord
// channel/forum id, whether the bot answers only when mentioned (the default), every question-like
// message (`auto`), or not at all (`off`); whether answers are private; and in auto mode the
// confidence an answer needs to be posted at all (below it the bot stays silent: nobody asked it).
import { LineCounter, parseDocument, isMap, isScalar, type Node, type Pair } from 'yaml';
import type { ChannelPolicy } from '../types';

export type { ChannelPolicy };

export const CHANNELS_FILE = 'channels.yml';
export const CHANNEL_MODES = ['mention', 'auto', 'off'] as const;
export type ChannelMode = (typeof CHANNEL_MODES)[number];

const DEFAULT: ChannelPolicy = Object.freeze({ mode: 'mention', private: false });
const KEYS = ['mode', 'private', 'min_confidence'];

export class ChannelSettings {
  private constructor(private readonly byId: ReadonlyMap<string, ChannelPolicy>) {}

  static empty(): ChannelSettings {
    return new ChannelSettings(new Map());
  }

  /** Environment lists (e.g. SLACK_AUTO_ANSWER_CHANNELS) as auto channels; the file's entries win. */
  withAuto(ids: string[]): ChannelSettings {
    const merged = new Map(ids.map((id) => [id, { mode: 'auto', private: false } as ChannelPolicy]));
    for (const [id, p] of this.byId) merged.set(id, p);
    return new ChannelSettings(merged);
  }

  get size(): number {
    return this.byId.size;
  }

  policy(channelId: string): ChannelPolicy {
    return this.byId.get(channelId) ?? DEFAULT;
  }

  /**
   * Parses the file; every problem names the line and the fix. Shape:
   *   C0123ABCD: { mode: auto, min_confidence: 0.6 }
   *   "1100000000000000001": { mode: off }
   */
  static parse(text: string, name = CHANNELS_FILE): ChannelSettings {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
    const at = (node: Node | Pair | null | undefined): string => {
      const range = (node as Node | undefined)?.range ?? ((node as Pair | undefined)?.key as Node | undefined)?.range;
      return range ? `${name} line ${lines.linePos(range[0]).line}` : name;
    };
    if (doc.errors.length) {
      const e = doc.errors[0];
      throw new Error(`${name} line ${e.linePos?.[0].line ?? '?'}: not valid YAML (${e.message.split('\n')[0]}).`);
    }
    const byId = new Map<string, ChannelPolicy>();
    if (doc.contents == null || (isScalar(doc.contents) && doc.contents.value == null)) return new ChannelSettings(byId);
    if (!isMap(doc.contents)) throw new Error(`${at(doc.contents)}: expected channel ids as keys, e.g. "C0123ABCD: { mode: auto }".`);
    for (const pair of doc.contents.items) {
      const id = isScalar(pair.key) ? String(pair.key.value) : '';
      const where = at(pair.key as Node);
      if (!/^([A-Z][A-Z0-9]{4,20}|\d{5,25})$/.test(id)) {
        throw new Error(`${where}: "${id}" is not a Slack channel id (e.g. C0123ABCD) or a Discord channel id (digits); quote Discord ids.`);
      }
      if (!isMap(pair.value)) throw new Error(`${where}: settings for ${id} must be a map, e.g. "${id}: { mode: auto }".`);
      const policy: ChannelPolicy = { mode: 'mention', private: false };
      for (const item of pair.value.items) {
        const key = isScalar(item.key) ? String(item.key.value) : '';
        const value = isScalar(item.value) ? item.value.value : undefined;
        const line = at(item.key as Node);
        if (key === 'mode') {
          if (!CHANNEL_MODES.includes(value as ChannelMode)) throw new Error(`${line}: mode "${String(value)}" is not one of ${CHANNEL_MODES.join(', ')}.`);
          policy.mode = value as ChannelMode;
        } else if (key === 'private') {
          if (typeof value !== 'boolean') throw new Error(`${line}: private must be true or false.`);
          policy.private = value;
        } else if (key === 'min_confidence') {
          if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new Error(`${line}: min_confidence "${String(value)}" is not a number from 0 to 1, e.g. 0.6.`);
          policy.minConfidence = value;
        } else {
          throw new Error(`${line}: unknown setting "${key}". Use ${KEYS.join(', ')}.`);
        }
      }
      if (policy.minConfidence !== undefined && policy.mode !== 'auto') {
        throw new Error(`${at(pair.key as Node)}: min_confidence only applies to mode: auto; set mode: auto or remove it.`);
      }
      byId.set(id, policy);
    }
    return new ChannelSettings(byId);
  }
}

/**
 * Auto mode answers messages nobody addressed to the bot, so only what reads as a question: a
 * question mark, a leading question word, or a Korean question ending. "thanks!" or "lunch?" with
 * no knowledge behind it is then left to the confidence gate.
 */
export function looksLikeQuestion(text: string): boolean {
  const t = text.trim();
  if (!t) return false;
  if (/[?？]\s*$/.test(t) || /\?\s/.test(t)) return true;
  if (/^(who|what|when|where|why|how|which|is|are|does|do|did|can|could|should|will|would|has|have)\b/i.test(t)) return true;
  return /(나요|까요|니까|는지|인가요|인가|뭐야|뭔가요|어때|있어|알려\s*줘|알려\s*주세요)[.!]?\s*$/.test(t);
}

/** Auto mode stays silent unless the answer holds what was asked with at least the channel's confidence. */
export function autoAnswerPasses(policy: ChannelPolicy, answer: { abstained: boolean; confidence?: number }): boolean {
  if (answer.abstained) return false;
  if (policy.minConfidence === undefined) return true;
  return answer.confidence !== undefined && answer.confidence >= policy.minConfidence;
}
