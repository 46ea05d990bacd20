// SLACK_DIGEST_CHANNEL: the weekly coverage-gap digest, posted by the bot to that channel.
import type { WebClient } from '@slack/web-api';
import type { SlackConfig } from '../../src/config';
import { formatGapReport } from '../../src/reports';
import { startDigest, type RunningDigest } from '../../src/reports/digest';
import type { AdapterContext } from '../types';
import { mrkdwnMessage } from './blocks';
import { SLACK_STYLE } from './gaps';

export function startSlackDigest(ctx: AdapterContext<SlackConfig>, client: WebClient): RunningDigest | undefined {
  const channel = ctx.config.digestChannel;
  if (!channel || !ctx.reports || !ctx.services.digests) return undefined;
  return startDigest({
    reports: ctx.reports,
    state: ctx.services.digests,
    target: `slack:${channel}`,
    logger: ctx.logger,
    post: async (report) => {
      const msg = mrkdwnMessage(formatGapReport(report, SLACK_STYLE), `Weekly coverage gaps: ${report.totalGroups} groups`);
      await client.chat.postMessage({ channel, ...msg, unfurl_links: false, unfurl_media: false });
    },
  });
}
