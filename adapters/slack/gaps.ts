// /kb gaps [days]: the top coverage-gap groups, for admins, ephemeral (the caller checked the admin).
import type { SlackConfig } from '../../src/config';
import { DEFAULT_GAP_DAYS, formatGapReport, type TextStyle } from '../../src/reports';
import { userMessage } from '../../src/user-messages';
import type { AdapterContext } from '../types';
import { mrkdwnMessage, noticeMessage, type SlackMessage } from './blocks';
import { safeText } from './mrkdwn';

/** Question text is user input: escaped, and @channel/@here/@everyone broken. */
export const SLACK_STYLE: TextStyle = { esc: safeText, bold: (s) => `*${s}*` };

/** The days argument, or an error line for the admin; undefined input means the default. */
export function parseDays(arg: string | undefined): number | string {
  if (!arg) return DEFAULT_GAP_DAYS;
  const n = Number(arg);
  return Number.isInteger(n) && n >= 1 && n <= 3650 ? n : `"${arg.slice(0, 20)}" is not a number of days from 1 to 3650. Example: \`/kb gaps 7\`.`;
}

export async function gapsMessage(ctx: AdapterContext<SlackConfig>, arg: string | undefined): Promise<SlackMessage> {
  if (!ctx.reports) return noticeMessage('The question log is off, so there are no gaps to show (see QUESTION_LOG_DAYS).');
  const days = parseDays(arg);
  if (typeof days === 'string') return noticeMessage(days);
  let report;
  try {
    report = await ctx.reports.gaps({ days });
  } catch (err) {
    ctx.logger.error('slack /kb gaps failed', { err });
    return noticeMessage(userMessage('INTERNAL', 'en'));
  }
  const text = formatGapReport(report, SLACK_STYLE);
  return mrkdwnMessage(text, `Coverage gaps, last ${report.days} days: ${report.totalGroups} groups`);
}
