/**
 * Who may do what. PORTAL_ADMINS lists user ids and user group ids (S…);
 * group members are read with usergroups.users.list and cached briefly so a
 * burst of commands costs one API call. When Slack cannot tell us, we refuse
 * (fail closed) and say why.
 */
import type { webApi } from '@slack/bolt';
import type { Core } from '../core/core.ts';
import type { Logger } from '../logger.ts';
import { recordRefusal } from '../core/audit/record-refusal.ts';
import { type Actor, slackActor } from '../core/audit/actor.ts';

export interface Authz {
  isAdmin(userId: string): Promise<boolean>;
  /** Records the refusal (audit event slack.refused) and returns the text to show. */
  refuse(options: { accountId: string; userId: string; what: string }): Promise<string>;
}

export interface AuthzOptions {
  core: Core;
  client: webApi.WebClient;
  logger: Logger;
  admins: string[];
  adminGroups: string[];
  /** @default 60000 */
  cacheMs?: number;
}

export function createAuthz(options: AuthzOptions): Authz {
  const admins = new Set(options.admins);
  const cacheMs = options.cacheMs ?? 60_000;
  const groupCache = new Map<string, { members: Set<string>; until: number }>();

  async function groupMembers(groupId: string): Promise<Set<string>> {
    const cached = groupCache.get(groupId);
    if (cached && cached.until > Date.now()) return cached.members;
    try {
      const result = await options.client.usergroups.users.list({ usergroup: groupId });
      const members = new Set(result.users ?? []);
      groupCache.set(groupId, { members, until: Date.now() + cacheMs });
      return members;
    } catch (error) {
      options.logger.warn('slack: cannot read admin user group; treating its members as non-admins', {
        groupId,
        error,
      });
      return cached?.members ?? new Set();
    }
  }

  return {
    async isAdmin(userId) {
      if (admins.has(userId)) return true;
      for (const groupId of options.adminGroups) if ((await groupMembers(groupId)).has(userId)) return true;
      return false;
    },
    async refuse({ accountId, userId, what }) {
      const actor: Actor = /^[A-Z0-9]+$/.test(userId) ? slackActor(userId) : 'system';
      await recordRefusal(options.core, { accountId, actor, what, userId }).catch((error) =>
        options.logger.error('slack: cannot record refusal', { error }),
      );
      return `Only portal admins can ${what}. Ask someone listed in PORTAL_ADMINS (or in its admin user group) to do it, or to add you.`;
    },
  };
}
