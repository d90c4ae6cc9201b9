import { z } from 'zod';
import type { Core } from '../core.ts';
import { invalidInput } from '../shared/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { isActor, type Actor } from '../audit/actor.ts';
import { findAccount } from '../accounts/find-account.ts';
import { accountArchived } from '../accounts/assert-account-open.ts';
import type { Account } from '../accounts/account-view.ts';
import { INSTALL_LINK_PARAM, signInstallLink } from './install-link.ts';

export const createInstallLinkInput = z.object({
  slug: z.string().trim().toLowerCase().min(1, 'slug is required'),
  /** @default 24 */
  hours: z
    .number({ error: 'hours: a whole number' })
    .int('hours: a whole number')
    .min(1, 'hours: at least 1')
    .max(168, 'hours: at most 168 (7 days)')
    .default(24),
  actor: z.custom<Actor>(isActor, 'actor: slack:U…, api:<key id>, contact:<id> or system').default('system'),
});

export type CreateInstallLinkOptions = z.input<typeof createInstallLinkInput>;

/**
 * An "Add to Slack" link that binds the installing workspace to this account
 * (an operator sends it to the client's Slack admin). Audited.
 * @throws AppError invalid_input, account_not_found, account_archived
 */
export async function createInstallLink(
  core: Core,
  options: CreateInstallLinkOptions,
): Promise<{ url: string; expiresAt: Date; account: Account }> {
  const parsed = createInstallLinkInput.safeParse(options);
  if (!parsed.success) throw invalidInput(parsed.error.issues.map((i) => i.message).join('; '));
  const account = await findAccount(core, { slug: parsed.data.slug });
  if (account.archivedAt) throw accountArchived(account.slug);
  const now = core.now();
  const expiresAt = new Date(now.getTime() + parsed.data.hours * 3_600_000);
  const url = `${core.publicUrl}/slack/install?${INSTALL_LINK_PARAM}=${signInstallLink(core, account.id, expiresAt)}`;
  await recordAuditEvent(core, core.db, {
    accountId: account.id,
    actor: parsed.data.actor,
    action: 'slack.install_link_created',
    metadata: { expiresAt: expiresAt.toISOString() },
    at: now,
  });
  return { url, expiresAt, account };
}
