// "Ask a person" on Discord: one ping of DISCORD_ESCALATION_ROLE_ID, in the channel or thread of
// the click, with the question and the bot's answer. The role is the only mention the bot ever
// allows, and only that one id (`allowedMentions.roles`); the question and answer go in an embed,
// where Discord never pings, so nothing in them can reach anyone.
import type { ButtonInteraction } from 'discord.js';
import { MessageFlags } from 'discord.js';
import { decideEscalation } from '../../src/escalation/request';
import type { EscalationLimiter } from '../../src/escalation/thread-limiter';
import { parseEscalate, type Ctx } from './answering';
import { NO_PINGS } from './client';
import { LIMITS, truncate } from './embeds';

const WORDS = {
  en: {
    ping: 'Someone here asked for a person: the bot could not answer this well.',
    question: 'Question',
    answer: "Bot's answer",
    already: 'The team was already asked here; they will reply in this thread.',
    unknown: 'That answer is too old to escalate. Ask again, then use "Ask a person" on the new answer.',
  },
  ko: {
    ping: '담당자 답변 요청이 있습니다: 봇이 충분히 답하지 못했습니다.',
    question: '질문',
    answer: '봇의 답변',
    already: '이미 팀에 요청했습니다. 이 스레드에서 답변이 올 거예요.',
    unknown: '오래된 답변이라 요청할 수 없습니다. 다시 질문한 뒤 새 답변에서 "사람에게 묻기"를 눌러 주세요.',
  },
} as const;

export async function handleEscalate(ctx: Ctx, limiter: EscalationLimiter, interaction: ButtonInteraction): Promise<void> {
  const parsed = parseEscalate(interaction.customId)!;
  const role = ctx.config.escalationRoleId;
  const w = WORDS[parsed.lang];
  if (!role) {
    // A button from before the role was removed from the settings: nobody to ask.
    await interaction.reply({ content: w.unknown, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
    return;
  }
  const decision = await decideEscalation(ctx.services.feedback, limiter, { answerId: parsed.answerId, threadKey: `discord:${interaction.channelId ?? parsed.answerId}` });
  ctx.logger.info('discord: escalation', { answerId: parsed.answerId, user: interaction.user.id, channel: interaction.channelId, outcome: decision.kind });
  if (decision.kind !== 'ping') {
    await interaction.reply({ content: decision.kind === 'already-asked' ? w.already : w.unknown, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
    return;
  }
  await interaction.reply({
    content: `<@&${role}> ${w.ping}`,
    embeds: [
      {
        fields: [
          { name: w.question, value: truncate(decision.question, LIMITS.fieldValue) || '—' },
          { name: w.answer, value: truncate(decision.answer, LIMITS.fieldValue) || '—' },
        ],
      },
    ],
    // Exactly the configured role: no @everyone/@here, no users, no other role.
    allowedMentions: { parse: [], roles: [role], repliedUser: false },
  });
}
