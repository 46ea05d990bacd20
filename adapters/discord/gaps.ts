// /kb gaps [days]: the top coverage-gap groups, for admins (the caller checked), ephemeral.
// Deferred first: grouping a large log and finding the closest documents may take a moment.
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { formatGapReport, type TextStyle } from '../../src/reports';
import { apology, type Ctx } from './answering';
import { NO_PINGS } from './client';
import { KB_GAPS_DAYS } from './commands';
import { textMessages } from './embeds';

const EPHEMERAL = MessageFlags.Ephemeral;
/** Markdown that would format or ping is shown as typed. */
const discordEsc = (s: string) => s.replace(/([\\*_`~|>#\[\]()-])/g, '\\$1').replace(/@/g, '@\u200b');
export const DISCORD_STYLE: TextStyle = { esc: discordEsc, bold: (s) => `**${s}**` };

export async function handleGaps(ctx: Ctx, interaction: ChatInputCommandInteraction): Promise<void> {
  const user = interaction.user.id;
  if (!ctx.reports) {
    await interaction.reply({ content: 'The question log is off, so there are no gaps to show (see QUESTION_LOG_DAYS).', flags: EPHEMERAL, allowedMentions: NO_PINGS });
    return;
  }
  await interaction.deferReply({ flags: EPHEMERAL });
  let text: string;
  try {
    const report = await ctx.reports.gaps({ days: interaction.options.getInteger(KB_GAPS_DAYS) ?? undefined });
    text = formatGapReport(report, DISCORD_STYLE);
    await ctx.services.audit.record({ platform: 'discord', user, action: 'kb gaps', ok: true });
  } catch (err) {
    await ctx.services.audit.record({ platform: 'discord', user, action: 'kb gaps', ok: false, detail: String((err as Error)?.message ?? err).slice(0, 300) });
    await interaction.editReply({ content: apology(ctx, err, 'en', 'gaps'), allowedMentions: NO_PINGS });
    return;
  }
  const [first, ...rest] = textMessages(text);
  await interaction.editReply({ ...first, allowedMentions: NO_PINGS });
  for (const m of rest) await interaction.followUp({ ...m, flags: EPHEMERAL, allowedMentions: NO_PINGS });
}
