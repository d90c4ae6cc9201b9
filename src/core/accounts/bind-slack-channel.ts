import type { Core } from '../core.ts';
import { newId } from '../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { findAccount } from './find-account.ts';
import type { Account } from './account-view.ts';
import type { Actor } from '../audit/actor.ts';

export interface BindSlackChannelOptions {
  /** Slug of the account the channel should act on. */
  slug: string;
  teamId: string;
  /** The team's Enterprise Grid organisation, if any: requests from another are refused. */
  enterpriseId?: string;
  channelId: string;
  actor: Actor;
}

/**
 * Makes a Slack channel act on an account (agencies run several portals).
 * @throws AppError account_not_found
 */
export async function bindSlackChannel(core: Core, options: BindSlackChannelOptions): Promise<Account> {
  const account = await findAccount(core, { slug: options.slug.trim().toLowerCase() });
  const now = core.now();
  await core.db.$transaction(async (tx) => {
    await tx.slackChannelBinding.upsert({
      where: { teamId_channelId: { teamId: options.teamId, channelId: options.channelId } },
      create: {
        id: newId(),
        accountId: account.id,
        teamId: options.teamId,
        enterpriseId: options.enterpriseId || null,
        channelId: options.channelId,
        createdBy: options.actor,
        createdAt: now,
      },
      update: {
        accountId: account.id,
        enterpriseId: options.enterpriseId || null,
        createdBy: options.actor,
        createdAt: now,
      },
    });
    await recordAuditEvent(core, tx, {
      accountId: account.id,
      actor: options.actor,
      action: 'slack.channel_bound',
      metadata: { channelId: options.channelId, teamId: options.teamId, enterpriseId: options.enterpriseId ?? null },
      at: now,
    });
  });
  return account;
}
