// The slash commands as Discord JSON, shared by register.ts (which uploads them) and the runtime
// (which reads the same names), so the two can never drift apart.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';

export const ASK = 'ask';
export const ASK_QUESTION = 'question';
export const ASK_PRIVATE = 'private';
/** The message context-menu command (right-click a message → Apps); its name is what users see. */
export const ASK_MESSAGE = 'Ask about this message';
export const KB = 'kb';
export const KB_RELOAD = 'reload';
export const KB_STATUS = 'status';
export const KB_HELP = 'help';
export const KB_GAPS = 'gaps';
export const KB_GAPS_DAYS = 'days';

/** Discord's limit for a string option; longer questions are refused by ctx.maxQuestionChars anyway. */
const QUESTION_MAX = 6000;

/**
 * Installed to a server (members use it there) and to a user's account (they use it anywhere, also in
 * servers the bot is not in and in DMs and group DMs between people). The answer then comes back only
 * through the interaction itself, which is all these commands ever use.
 */
const ASK_INSTALLS = [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall];

export function buildCommands(opts: { allowDms: boolean }): RESTPutAPIApplicationCommandsJSONBody {
  // Without DISCORD_ALLOW_DMS the commands are not even offered in the bot's own DMs; DMs and group
  // DMs between people (PrivateChannel) only ever reach a user install, whose answers stay in the interaction.
  const askContexts = opts.allowDms
    ? [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel]
    : [InteractionContextType.Guild, InteractionContextType.PrivateChannel];
  return [
    {
      name: ASK,
      description: 'Ask the knowledge base a question about the AI market',
      description_localizations: { ko: 'AI 시장에 대해 지식 베이스에 질문합니다' },
      integration_types: ASK_INSTALLS,
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
      // Message commands have no description or options: the selected message is the input.
      type: ApplicationCommandType.Message,
      name: ASK_MESSAGE,
      name_localizations: { ko: '이 메시지에 대해 질문' },
      integration_types: ASK_INSTALLS,
      contexts: askContexts,
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
