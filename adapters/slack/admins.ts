// Who may run /kb reload and /kb status: the ids in SLACK_ADMIN_USER_IDS, and, when
// SLACK_WORKSPACE_ADMINS_ARE_ADMINS is on, Slack's own workspace admins and owners.
import type { WebClient } from '@slack/web-api';
import type { SlackConfig } from '../../src/config';
import type { Logger } from '../../src/logger';

/** Roles change rarely; a short cache keeps repeated commands off users.info's rate limit. */
const CACHE_MS = 5 * 60_000;

export class AdminCheck {
  private cache = new Map<string, { admin: boolean; at: number }>();

  constructor(
    private readonly config: Pick<SlackConfig, 'adminUserIds' | 'workspaceAdminsAreAdmins'>,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async isAdmin(client: WebClient, user: string): Promise<boolean> {
    if (this.config.adminUserIds.includes(user)) return true;
    if (!this.config.workspaceAdminsAreAdmins) return false;
    const hit = this.cache.get(user);
    if (hit && this.now() - hit.at < CACHE_MS) return hit.admin;
    try {
      const res = await client.users.info({ user });
      const u = res.user;
      const admin = !!(u && !u.deleted && (u.is_admin || u.is_owner || u.is_primary_owner));
      this.cache.set(user, { admin, at: this.now() });
      return admin;
    } catch (err) {
      // Failing closed: an outage must not hand reload rights to everyone.
      this.logger.warn('slack users.info failed; treating user as non-admin', { err, user });
      return false;
    }
  }
}
