// Shows a streaming model's answer as it grows, by editing the placeholder. Throttled because
// chat.update is rate-limited (about one call per second per channel), and serialised so a late
// partial edit can never overwrite the final answer.
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../src/logger';
import { SECTION_MAX } from './blocks';
import { markdownToMrkdwn, markdownToPlain, splitText } from './mrkdwn';

export interface PartialUpdater {
  push(textSoFar: string): void;
  /** Stops further edits and waits for the one in flight, so the final edit comes last. */
  close(): Promise<void>;
}

export function partialUpdater(client: WebClient, channel: string, ts: string | undefined, everyMs: number, logger: Logger): PartialUpdater {
  let closed = !ts || everyMs <= 0;
  let last = 0;
  let latest = '';
  let shown = '';
  let chain: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    timer = undefined;
    if (closed || latest === shown) return;
    const text = latest;
    shown = text;
    last = Date.now();
    const body = `${splitText(markdownToMrkdwn(text), SECTION_MAX - 2)[0]} …`;
    chain = chain.then(async () => {
      if (closed) return;
      try {
        await client.chat.update({
          channel,
          ts: ts as string,
          text: markdownToPlain(text, 3000),
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: body } }],
        });
      } catch (err) {
        logger.debug('slack partial update failed', { err });
      }
    });
  };

  return {
    push(textSoFar) {
      if (closed) return;
      latest = textSoFar;
      if (timer) return;
      timer = setTimeout(flush, Math.max(0, everyMs - (Date.now() - last)));
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await chain;
    },
  };
}
