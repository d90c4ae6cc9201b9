import { z } from 'zod';
import type { Core } from '../core.ts';
import { AppError, invalidInput } from '../shared/errors.ts';
import { cleanText } from '../shared/free-text.ts';
import { newId } from '../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { isActor, type Actor } from '../audit/actor.ts';
import { toAccount, type Account } from './account-view.ts';
import { portalSiteUrl } from './portal-site-url.ts';

export const createAccountInput = z.object({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'slug: lower-case letters, digits and dashes, at most 40'),
  name: z.string().trim().min(1, 'name is required').max(100),
  /** @default where the portal is served: `https://<slug>.<PORTAL_BASE_DOMAIN>`, else `${publicUrl}/a/<slug>` */
  portalUrl: z.string().trim().url('portalUrl must be a URL').optional(),
  emailFrom: z.string().trim().optional(),
  actor: z.custom<Actor>(isActor, 'actor: slack:U…, api:<key id>, contact:<id> or system').default('system'),
});

export type CreateAccountOptions = z.input<typeof createAccountInput>;

/** Adds a portal (agencies run many). Slug and portal URL are unique. */
export async function createAccount(core: Core, options: CreateAccountOptions): Promise<Account> {
  const parsed = createAccountInput.safeParse(options);
  if (!parsed.success) throw invalidInput(parsed.error.issues.map((i) => i.message).join('; '));
  // The portal's name goes into every email and page: one line, NFC, no control or direction characters.
  const input = {
    ...parsed.data,
    name: cleanText(parsed.data.name, { field: 'name' }) ?? parsed.data.name,
    portalUrl: parsed.data.portalUrl ?? portalSiteUrl(core, { slug: parsed.data.slug, domain: null }),
  };
  const clash = await core.db.account.findFirst({
    where: { OR: [{ slug: input.slug }, { portalUrl: input.portalUrl }] },
  });
  if (clash)
    throw new AppError(
      'conflict',
      clash.slug === input.slug
        ? `slug: an account with slug "${input.slug}" exists`
        : `portalUrl: another account uses ${input.portalUrl}`,
    );
  // Two creates of one slug at once: the unique index decides, and the loser gets the same 409.
  return core.db
    .$transaction(async (tx) => {
      const row = await tx.account.create({
        data: {
          id: newId(),
          slug: input.slug,
          name: input.name,
          portalUrl: input.portalUrl,
          emailFrom: input.emailFrom ?? null,
        },
      });
      await recordAuditEvent(core, tx, {
        accountId: row.id,
        actor: input.actor,
        action: 'account.created',
        subject: `account:${row.id}`,
        metadata: { slug: row.slug },
      });
      return toAccount(row);
    })
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === 'P2002')
        throw new AppError('conflict', `slug: an account with slug "${input.slug}" exists`);
      throw error;
    });
}
