/**
 * Who may do what, per account (issue #16). Operators (PORTAL_OPERATORS, and
 * PORTAL_ADMINS for compatibility: user ids and user group ids S…) are admins
 * of every account. An account's own admins (`/portal admins add`, stored
 * with src/core/admins) are admins of that account only: an admin of A in a
 * channel bound to B is refused. Group members are read with
 * usergroups.users.list through the account's workspace client and cached
 * briefly so a burst of commands costs one API call. When Slack cannot tell
 * us, we refuse (fail closed) and say why.
 */
import type { webApi } from '@slack/bolt';
import type { Core } from '../core/core.ts';
import type { Logger } from '../logger.ts';
import { recordRefusal } from '../core/audit/record-refusal.ts';
import { type Actor, slackActor } from '../core/audit/actor.ts';
import { findAccount } from '../core/accounts/find-account.ts';
import { listAccountAdmins } from '../core/admins/list-account-admins.ts';
import type { SlackClients } from './slack-clients.ts';
import { refusalText } from './blocks/refusal.ts';

export interface Authz {
  /** An operator, or an admin (user or member of a listed user group) of this account. */
  isAdmin(userId: string, accountId: string): Promise<boolean>;
  /** PORTAL_OPERATORS / PORTAL_ADMINS (or a member of their user groups): manages every account. */
  isOperator(userId: string, accountId?: string): Promise<boolean>;
  /**
   * Records the refusal (audit event slack.refused) and returns the text to
   * show: who can help (the account's admins, or the operators when it has none).
   * `operatorsOnly` for what only operators may do (managing accounts).
   */
  refuse(options: { accountId: string; userId: string; what: string; operatorsOnly?: boolean }): Promise<string>;
}

export interface AuthzOptions {
  core: Core;
  /** The single-workspace client: group lookups fall back to it when the account has no workspace client. */
  client: webApi.WebClient;
  /** Per-account workspace clients (OAuth installs); default: `client` for every account. */
  clients?: SlackClients;
  logger: Logger;
  /** Operators' user ids (PORTAL_OPERATORS and PORTAL_ADMINS). */
  admins: string[];
  /** Operators' user group ids (S…). */
  adminGroups: string[];
  /** @default 60000 */
  cacheMs?: number;
}

export function createAuthz(options: AuthzOptions): Authz {
  const operators = new Set(options.admins);
  const cacheMs = options.cacheMs ?? 60_000;
  const groupCache = new Map<string, { members: Set<string>; until: number }>();

  async function clientFor(accountId: string | undefined): Promise<webApi.WebClient> {
    if (!accountId || !options.clients) return options.client;
    return (await options.clients.forAccount(accountId).catch(() => null)) ?? options.client;
  }

  async function groupMembers(groupId: string, accountId: string | undefined): Promise<Set<string>> {
    const cached = groupCache.get(groupId);
    if (cached && cached.until > Date.now()) return cached.members;
    try {
      const client = await clientFor(accountId);
      const result = await client.usergroups.users.list({ usergroup: groupId });
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

  async function inAny(userId: string, subjects: string[], accountId: string | undefined): Promise<boolean> {
    if (subjects.includes(userId)) return true;
    for (const subject of subjects)
      if (subject.startsWith('S') && (await groupMembers(subject, accountId)).has(userId)) return true;
    return false;
  }

  const isOperator = (userId: string, accountId?: string) =>
    inAny(userId, [...operators, ...options.adminGroups], accountId);

  return {
    isOperator,
    async isAdmin(userId, accountId) {
      if (await isOperator(userId, accountId)) return true;
      const admins = await listAccountAdmins(options.core, { accountId });
      return inAny(
        userId,
        admins.map((admin) => admin.subject),
        accountId,
      );
    },
    async refuse({ accountId, userId, what, operatorsOnly }) {
      const actor: Actor = /^[A-Z0-9]+$/.test(userId) ? slackActor(userId) : 'system';
      await recordRefusal(options.core, { accountId, actor, what, userId }).catch((error) =>
        options.logger.error('slack: cannot record refusal', { error }),
      );
      // A refusal still answers when the database cannot say who helps: it names the operators instead.
      const [account, accountAdmins] = await Promise.all([
        findAccount(options.core, { id: accountId }).catch(() => null),
        operatorsOnly
          ? []
          : listAccountAdmins(options.core, { accountId }).catch((error) => {
              options.logger.error('slack: cannot list account admins for a refusal', { error });
              return [];
            }),
      ]);
      return refusalText({
        what,
        accountName: account?.name,
        operatorsOnly: operatorsOnly === true,
        accountAdmins: accountAdmins.map((admin) => admin.subject),
        operators: [...operators, ...options.adminGroups],
      });
    },
  };
}
