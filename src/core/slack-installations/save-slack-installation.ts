import { z } from 'zod';
import type { Core } from '../core.ts';
import { AppError, invalidInput } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { slackActor, systemActor, type Actor } from '../audit/actor.ts';
import { sealSecret } from '../events/webhook-secret-box.ts';
import { findAccount } from '../accounts/find-account.ts';
import { createAccount } from '../accounts/create-account.ts';
import { accountArchived } from '../accounts/assert-account-open.ts';
import type { Account } from '../accounts/account-view.ts';
import { installationKeyOf } from './installation-view.ts';
import { workspaceSlug } from './workspace-slug.ts';

const slackId = z.string().trim().min(1).max(40).optional();

export const saveSlackInstallationInput = z.object({
  teamId: slackId,
  teamName: z.string().trim().max(200).optional(),
  enterpriseId: slackId,
  enterpriseName: z.string().trim().max(200).optional(),
  isEnterpriseInstall: z.boolean().default(false),
  appId: slackId,
  botId: slackId,
  botUserId: slackId,
  scopes: z.array(z.string()).default([]),
  installerUserId: slackId,
  botToken: z.string().min(1, 'botToken is required'),
  refreshToken: z.string().min(1).optional(),
  tokenExpiresAt: z.date().optional(),
  /** The account an operator chose (install link); without it the workspace keeps its account, or gets a new one. */
  accountId: z.string().optional(),
});

export type SaveSlackInstallationOptions = z.input<typeof saveSlackInstallationInput>;

export interface SavedSlackInstallation {
  installationKey: string;
  account: Account;
  /** A new account was made for this workspace. */
  accountCreated: boolean;
}

/**
 * Records a workspace (or an Enterprise Grid organisation) that installed the
 * app, with its tokens sealed, and binds it to an account: the one an
 * operator chose, else the one it had before (a reinstall keeps its portal),
 * else a new account named after the workspace. Audited as slack.installed.
 * @throws AppError invalid_input, account_not_found, account_archived
 */
export async function saveSlackInstallation(
  core: Core,
  options: SaveSlackInstallationOptions,
): Promise<SavedSlackInstallation> {
  const parsed = saveSlackInstallationInput.safeParse(options);
  if (!parsed.success)
    throw invalidInput(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const input = parsed.data;
  const installationKey = installationKeyOf(input);
  if (!installationKey)
    throw invalidInput(
      input.isEnterpriseInstall ? 'enterpriseId is required for an org-wide install' : 'teamId is required',
    );
  const actor: Actor = input.installerUserId ? slackActor(input.installerUserId) : systemActor;
  const existing = await core.db.slackInstallation.findUnique({ where: { installationKey } });

  let account: Account;
  let accountCreated = false;
  if (input.accountId) {
    account = await findAccount(core, { id: input.accountId });
    if (account.archivedAt) throw accountArchived(account.slug);
  } else if (existing) {
    account = await findAccount(core, { id: existing.accountId });
  } else {
    account = await createWorkspaceAccount(core, input.teamName ?? input.enterpriseName ?? installationKey, actor);
    accountCreated = true;
  }

  const now = core.now();
  const data = {
    accountId: account.id,
    teamId: input.teamId ?? null,
    teamName: input.teamName ?? null,
    enterpriseId: input.enterpriseId ?? null,
    enterpriseName: input.enterpriseName ?? null,
    isEnterpriseInstall: input.isEnterpriseInstall,
    appId: input.appId ?? null,
    botId: input.botId ?? null,
    botUserId: input.botUserId ?? null,
    scopes: input.scopes.join(','),
    installerUserId: input.installerUserId ?? null,
    botTokenSealed: sealSecret(core.linkKeys, input.botToken),
    refreshTokenSealed: input.refreshToken ? sealSecret(core.linkKeys, input.refreshToken) : null,
    tokenExpiresAt: input.tokenExpiresAt ?? null,
    installedAt: now,
    uninstalledAt: null,
  };
  await core.db.$transaction(async (tx) => {
    await tx.slackInstallation.upsert({
      where: { installationKey },
      create: { id: newId(), installationKey, ...data },
      update: data,
    });
    await recordAuditEvent(core, tx, {
      accountId: account.id,
      actor,
      action: 'slack.installed',
      subject: `slack-installation:${installationKey}`,
      metadata: {
        teamId: input.teamId ?? null,
        enterpriseId: input.enterpriseId ?? null,
        isEnterpriseInstall: input.isEnterpriseInstall,
        scopes: input.scopes,
        accountCreated,
        reinstall: Boolean(existing),
        ...(existing && existing.accountId !== account.id ? { previousAccountId: existing.accountId } : {}),
      },
      at: now,
    });
  });
  return { installationKey, account, accountCreated };
}

/** A new account named after the workspace; its slug gets a number when the name's is taken. */
async function createWorkspaceAccount(core: Core, name: string, actor: Actor): Promise<Account> {
  const base = workspaceSlug(name);
  for (let attempt = 1; attempt <= 20; attempt += 1) {
    const slug = attempt === 1 ? base : `${base}-${attempt}`;
    try {
      return await createAccount(core, { name: name.slice(0, 100), slug, actor });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'conflict') throw error;
    }
  }
  return createAccount(core, { name: name.slice(0, 100), slug: `${base}-${newId().slice(-6).toLowerCase()}`, actor });
}
