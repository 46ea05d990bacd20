// Gateway payloads shaped like Discord's, for the fake gateway to dispatch.
import { BOT_USER, snowflake } from './discord-server';

export const GUILD_ID = '700000000000000001';
export const CHANNEL_ID = '710000000000000001';
export const ADMIN_ROLE_ID = '720000000000000009';
/** The bot's managed role, which Discord's mention autocomplete sometimes picks instead of the user. */
export const BOT_ROLE_ID = '720000000000000002';
export const APP_ID = '800000000000000001';
export const MANAGE_GUILD = 1n << 5n;

export const alice = { id: '600000000000000001', username: 'alice', discriminator: '0', global_name: 'Alice', avatar: null };
export const bob = { id: '600000000000000002', username: 'bob', discriminator: '0', global_name: 'Bob', avatar: null };
export const otherBot = { id: '600000000000000003', username: 'otherbot', discriminator: '0', global_name: null, avatar: null, bot: true };

const role = (id: string, name: string, permissions: string, extra: object = {}) => ({
  id, name, permissions, position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0, icon: null, unicode_emoji: null, ...extra,
});

export function textChannel(id = CHANNEL_ID): any {
  return { id, type: 0, guild_id: GUILD_ID, name: 'general', position: 0, permission_overwrites: [], parent_id: null, nsfw: false, topic: null, last_message_id: null, rate_limit_per_user: 0 };
}

export function threadChannel(id: string, ownerId: string, parentId = CHANNEL_ID): any {
  return {
    id, type: 11, guild_id: GUILD_ID, parent_id: parentId, owner_id: ownerId, name: 'a thread',
    thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
    message_count: 1, member_count: 2, rate_limit_per_user: 0,
  };
}

export const FORUM_ID = '600000000000000066';
export const SOLVED_TAG = { id: '660000000000000001', name: 'Solved', moderated: false, emoji_id: null, emoji_name: '✅' };
export const OTHER_TAG = { id: '660000000000000002', name: 'Pricing', moderated: false, emoji_id: null, emoji_name: null };

/** A forum channel (type 15) with a "Solved" and a "Pricing" tag. */
export function forumChannel(id = FORUM_ID): any {
  return { id, type: 15, guild_id: GUILD_ID, name: 'ask-the-kb', position: 1, permission_overwrites: [], parent_id: null, nsfw: false, topic: null, last_message_id: null, rate_limit_per_user: 0, available_tags: [SOLVED_TAG, OTHER_TAG], default_reaction_emoji: null, default_sort_order: null, default_forum_layout: 0, flags: 0 };
}

/** A new forum post as THREAD_CREATE delivers it (newly_created), and its starter message (same id). */
export function forumPost(opts: { title: string; body: string; owner?: any; forumId?: string; tags?: string[] }): { thread: any; starter: any } {
  const owner = opts.owner ?? alice;
  const id = snowflake();
  const thread = {
    id, type: 11, guild_id: GUILD_ID, parent_id: opts.forumId ?? FORUM_ID, owner_id: owner.id, name: opts.title, applied_tags: opts.tags ?? [OTHER_TAG.id],
    thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
    message_count: 0, member_count: 1, rate_limit_per_user: 0, newly_created: true,
  };
  const starter = { ...messageCreate(opts.body, { author: owner, channelId: id, id }) };
  return { thread, starter };
}

export function guild(extra: { threads?: any[]; channels?: any[] } = {}): any {
  return {
    id: GUILD_ID, name: 'AI Market Club', icon: null, owner_id: bob.id, unavailable: false, large: false, member_count: 3,
    joined_at: new Date().toISOString(), features: [], emojis: [], stickers: [], voice_states: [], presences: [], members: [],
    stage_instances: [], guild_scheduled_events: [], soundboard_sounds: [],
    roles: [
      role(GUILD_ID, '@everyone', '0'),
      role(ADMIN_ROLE_ID, 'kb-admin', '0'),
      role(BOT_ROLE_ID, 'kb-bot', '0', { managed: true, tags: { bot_id: BOT_USER.id } }),
    ],
    channels: [textChannel(), ...(extra.channels ?? [])],
    threads: extra.threads ?? [],
  };
}

function member(user: any, opts: { roles?: string[]; permissions?: bigint } = {}) {
  return { user, roles: opts.roles ?? [], permissions: String(opts.permissions ?? 0n), joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, nick: null, avatar: null };
}

/** A server the bot is not in: only a user install of the app can be used there. */
export const FOREIGN_GUILD_ID = '700000000000000099';

/**
 * Where the interaction comes from. 'user-install-guild': a server the bot is not a member of;
 * 'user-install-group-dm': a group DM between people (context PrivateChannel). Both reach the app
 * only through its user install (authorizing_integration_owners has only the user).
 */
export type Surface = 'guild' | 'dm' | 'user-install-guild' | 'user-install-group-dm';

function interactionBase(user: any, opts: { perms?: bigint; roles?: string[]; channelId?: string; dm?: boolean; surface?: Surface }) {
  const id = snowflake();
  const surface = opts.surface ?? (opts.dm ? 'dm' : 'guild');
  const base = {
    id,
    application_id: APP_ID,
    token: `itoken-${id}`,
    version: 1,
    locale: 'en-US',
    app_permissions: '2248473465835073',
    entitlements: [],
    authorizing_integration_owners: surface.startsWith('user-install') ? { '1': user.id } : { '0': GUILD_ID },
  };
  if (surface === 'user-install-group-dm') {
    const channelId = '740000000000000001';
    return { ...base, user, channel_id: channelId, channel: { id: channelId, type: 3, recipients: [user, bob], name: null, owner_id: user.id, icon: null }, context: 2 };
  }
  if (surface === 'user-install-guild') {
    const channelId = '750000000000000001';
    return {
      ...base, guild_id: FOREIGN_GUILD_ID, guild_locale: 'en-US', guild: { id: FOREIGN_GUILD_ID, locale: 'en-US', features: [] }, channel_id: channelId,
      channel: { id: channelId, type: 0, guild_id: FOREIGN_GUILD_ID, name: 'elsewhere' }, member: member(user), context: 0,
      // What the app may do in a server it is not in: reply through the interaction, nothing else.
      app_permissions: '0',
    };
  }
  if (opts.dm) {
    return { ...base, user, channel_id: '730000000000000001', channel: { id: '730000000000000001', type: 1, recipients: [user] }, context: 1 };
  }
  const channelId = opts.channelId ?? CHANNEL_ID;
  return {
    ...base,
    guild_id: GUILD_ID,
    guild_locale: 'en-US',
    channel_id: channelId,
    channel: { id: channelId, type: 0, guild_id: GUILD_ID, name: 'general' },
    member: member(user, { roles: opts.roles, permissions: opts.perms }),
    context: 0,
  };
}

export function askInteraction(question: string, opts: { user?: any; private?: boolean; dm?: boolean; surface?: Surface } = {}): any {
  const options: any[] = [{ name: 'question', type: 3, value: question }];
  if (opts.private !== undefined) options.push({ name: 'private', type: 5, value: opts.private });
  return { ...interactionBase(opts.user ?? alice, { dm: opts.dm, surface: opts.surface }), type: 2, data: { id: '810000000000000001', name: 'ask', type: 1, options } };
}

/** Right-click a message → Apps → "Ask about this message": application command type 3 with the message in resolved.messages. */
export function messageMenuInteraction(target: any, opts: { user?: any; surface?: Surface; locale?: string } = {}): any {
  const base = interactionBase(opts.user ?? alice, { surface: opts.surface });
  const message = { ...target, channel_id: base.channel_id };
  return {
    ...base,
    locale: opts.locale ?? base.locale,
    type: 2,
    data: { id: '810000000000000003', name: 'Ask about this message', type: 3, target_id: message.id, resolved: { messages: { [message.id]: message } } },
  };
}

export function kbInteraction(sub: string, opts: { user?: any; perms?: bigint; roles?: string[] } = {}): any {
  return {
    ...interactionBase(opts.user ?? alice, opts),
    type: 2,
    data: { id: '810000000000000002', name: 'kb', type: 1, options: [{ name: sub, type: 1, options: [] }] },
  };
}

export function buttonInteraction(customId: string, opts: { user?: any; channel?: any; perms?: bigint; dm?: boolean } = {}): any {
  const messageId = snowflake();
  const base = interactionBase(opts.user ?? alice, { channelId: opts.channel?.id, perms: opts.perms, dm: opts.dm });
  return {
    ...base,
    // A click inside a thread (e.g. a forum post) carries that thread.
    ...(opts.channel ? { channel: opts.channel } : {}),
    type: 3,
    message: {
      id: messageId, channel_id: CHANNEL_ID, author: BOT_USER, content: '', timestamp: new Date().toISOString(), edited_timestamp: null,
      tts: false, mention_everyone: false, mentions: [], mention_roles: [], attachments: [], embeds: [], components: [], pinned: false, type: 0, flags: 0,
    },
    data: { custom_id: customId, component_type: 2 },
  };
}

export function messageCreate(content: string, opts: { author?: any; channelId?: string; mentions?: any[]; mentionRoles?: string[]; dm?: boolean; id?: string; type?: number; everyone?: boolean } = {}): any {
  const author = opts.author ?? alice;
  const msg: any = {
    id: opts.id ?? snowflake(),
    channel_id: opts.channelId ?? CHANNEL_ID,
    author,
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: opts.everyone ?? false,
    mentions: opts.mentions ?? [],
    mention_roles: opts.mentionRoles ?? [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    type: opts.type ?? 0,
    flags: 0,
  };
  if (opts.dm) {
    msg.channel_id = opts.channelId ?? '730000000000000001';
    msg.channel_type = 1;
  } else {
    msg.guild_id = GUILD_ID;
    msg.member = member(author);
  }
  return msg;
}

/** "@kb-bot question", the way Discord sends a user mention. */
export function mention(question: string, opts: Parameters<typeof messageCreate>[1] = {}): any {
  return messageCreate(`<@${BOT_USER.id}> ${question}`, { mentions: [BOT_USER], ...opts });
}

/** A second server, on the other shard of two than GUILD_ID ((id >> 22) % 2: 0 here, 1 for GUILD_ID). */
export const GUILD_B = '700000000004194305';
export const CHANNEL_B = '710000000000000002';

export function guildB(): any {
  const g = guild();
  return {
    ...g,
    id: GUILD_B,
    name: 'Second Server',
    roles: g.roles.map((r: any) => (r.id === GUILD_ID ? { ...r, id: GUILD_B } : r)),
    channels: [{ ...textChannel(CHANNEL_B), guild_id: GUILD_B }],
  };
}

/** A payload built in GUILD_ID's channel (an interaction or a message), moved to GUILD_B's. */
export function inGuildB(payload: any): any {
  const moved = { ...payload, guild_id: GUILD_B, channel_id: CHANNEL_B };
  if (payload.channel) moved.channel = { ...payload.channel, id: CHANNEL_B, guild_id: GUILD_B };
  if (payload.authorizing_integration_owners?.['0']) moved.authorizing_integration_owners = { '0': GUILD_B };
  return moved;
}
