// Which threads the bot has answered in, so a follow-up needs no new @mention. Slack is the source
// of truth (conversations.replies); this memory only spares an API call per message in threads
// already known either way. Bounded, because a busy workspace has unbounded threads.
import type { WebClient } from '@slack/web-api';
import type { ThreadMessage } from './events';

const MAX_ENTRIES = 5000;
/** How long "the bot is not in this thread" is trusted before Slack is asked again. */
const NEGATIVE_TTL_MS = 5 * 60_000;

export class ThreadMemory {
  private answered = new Map<string, true>();
  private notOurs = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  private static key(channel: string, thread: string): string {
    return `${channel}:${thread}`;
  }

  markAnswered(channel: string, thread: string): void {
    const key = ThreadMemory.key(channel, thread);
    this.notOurs.delete(key);
    this.answered.delete(key);
    this.answered.set(key, true);
    if (this.answered.size > MAX_ENTRIES) this.answered.delete(this.answered.keys().next().value as string);
  }

  /** true/false when known, undefined when Slack must be asked. */
  known(channel: string, thread: string): boolean | undefined {
    const key = ThreadMemory.key(channel, thread);
    if (this.answered.has(key)) return true;
    const at = this.notOurs.get(key);
    if (at !== undefined && this.now() - at < NEGATIVE_TTL_MS) return false;
    return undefined;
  }

  markNotOurs(channel: string, thread: string): void {
    const key = ThreadMemory.key(channel, thread);
    this.notOurs.set(key, this.now());
    if (this.notOurs.size > MAX_ENTRIES) this.notOurs.delete(this.notOurs.keys().next().value as string);
  }
}

/** The thread's messages, oldest first; the newest 200 are plenty for ten turns of history. */
export async function fetchThread(client: WebClient, channel: string, thread: string): Promise<ThreadMessage[]> {
  const res = await client.conversations.replies({ channel, ts: thread, limit: 200 });
  return (res.messages ?? []) as ThreadMessage[];
}
