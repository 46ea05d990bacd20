// The slash commands as Discord JSON, shared by register.ts (which uploads them) and the runtime
// (which reads the same names), so the two can never drift apart.
import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';

export const ASK = 'ask';
export const ASK_QUESTION = 'question';
export const ASK_PRIVATE = 'private';
export const KB = 'kb';
export const KB_RELOAD = 'reload';
export const KB_STATUS = 'status';
export const KB_HELP = 'help';
export const KB_GAPS = 'gaps';
export const KB_GAPS_DAYS = 'days';

/** Discord's limit for a string option; longer questions are refused by ctx.maxQuestionChars anyway. */
const QUESTION_MAX = 6000;

export function buildCommands(opts: { allowDms: boolean }): RESTPutAPIApplicationCommandsJSONBody {
  // Without DISCORD_ALLOW_DMS the commands are not even offered in the bot's DMs.
  const askContexts = opts.allowDms
    ? [InteractionContextType.Guild, InteractionContextType.BotDM]
    : [InteractionContextType.Guild];
  return [
    {
      name: ASK,
      description: 'Ask the knowledge base a question about the AI market',
      description_localizations: { ko: 'AI 시장에 대해 지식 베이스에 질문합니다' },
      integration_types: [ApplicationIntegrationType.GuildInstall],
      contexts: askContexts,
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: ASK_QUESTION,
          description: 'Your question, e.g. "When was Mistral AI founded?"',
          description_localizations: { ko: '질문 내용. 예: "미스트랄AI는 언제 설립됐어?"' },
          required: true,
          max_length: QUESTION_MAX,
        },
        {
          type: ApplicationCommandOptionType.Boolean,
          name: ASK_PRIVATE,
          description: 'Only you see the answer',
          description_localizations: { ko: '나에게만 답변 보이기' },
          required: false,
        },
      ],
    },
    {
      name: KB,
      description: 'Knowledge base administration',
      description_localizations: { ko: '지식 베이스 관리' },
      // Hidden from members without Manage Server by default; the bot checks again at run time
      // because server admins can override this in Server Settings → Integrations.
      default_member_permissions: String(PermissionFlagsBits.ManageGuild),
      integration_types: [ApplicationIntegrationType.GuildInstall],
      contexts: [InteractionContextType.Guild],
      options: [
        { type: ApplicationCommandOptionType.Subcommand, name: KB_RELOAD, description: 'Re-read the knowledge folder and rebuild the index' },
        { type: ApplicationCommandOptionType.Subcommand, name: KB_STATUS, description: 'Show documents, chunks, models and the last reload' },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: KB_GAPS,
          description: 'Questions the knowledge base could not answer well, grouped by need',
          options: [{ type: ApplicationCommandOptionType.Integer, name: KB_GAPS_DAYS, description: 'How many days back (default 30)', required: false, min_value: 1, max_value: 3650 }],
        },
        { type: ApplicationCommandOptionType.Subcommand, name: KB_HELP, description: 'How to use and manage the bot' },
      ],
    },
  ];
}
