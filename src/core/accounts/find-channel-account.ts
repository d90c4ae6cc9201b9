import type { Core } from '../core.ts';
import { type Actor } from '../audit/actor.ts';
import { AppError } from '../shared/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';

export interface FindChannelAccountOptions {
  /** The Slack workspace the signed request came from. */
  teamId: string;
  /** Its Enterprise Grid organisation, when it has one. */
  enterpriseId?: string;
  channelId: string;
  /** Who asked (`slack:U…`), for the audit trail of a refusal. */
  actor: Actor;
}

/**
 * The account a Slack channel is bound to (`/portal bind`), or null when the
 * channel is not bound. A channel's id is the same in every workspace that
 * shares it (Slack Connect), so a binding is looked up by channel alone: a
 * request from a workspace or organisation other than the one that bound the
 * channel is refused and audited, instead of quietly acting on the default
 * account (issue #11, finding 8).
 * @throws AppError forbidden
 */
export async function findChannelAccount(
  core: Core,
  options: FindChannelAccountOptions,
): Promise<{ accountId: string } | null> {
  const bindings = await core.db.slackChannelBinding.findMany({ where: { channelId: options.channelId }, take: 20 });
  if (bindings.length === 0) return null;
  const match = bindings.find(
    (binding) =>
      binding.teamId === options.teamId &&
      (binding.enterpriseId === null || binding.enterpriseId === (options.enterpriseId ?? null)),
  );
  if (match) return { accountId: match.accountId };
  const bound = bindings[0]!;
  await recordAuditEvent(core, core.db, {
    accountId: bound.accountId,
    actor: options.actor,
    action: 'slack.workspace_mismatch',
    metadata: {
      channelId: options.channelId,
      teamId: options.teamId,
      enterpriseId: options.enterpriseId ?? null,
      boundTeamId: bound.teamId,
      boundEnterpriseId: bound.enterpriseId,
    },
    at: core.now(),
  });
  throw new AppError(
    'forbidden',
    'this channel is bound to a portal account of another Slack workspace or organisation; nothing was done',
  );
}
