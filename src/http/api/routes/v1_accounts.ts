/** Account management for operators (issue #16): each route takes an operator key, never an account key. */
import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import type { Account } from '../../../core/accounts/account-view.ts';
import { createAccount } from '../../../core/accounts/create-account.ts';
import { listAccounts } from '../../../core/accounts/list-accounts.ts';
import { renameAccount } from '../../../core/accounts/rename-account.ts';
import { archiveAccount } from '../../../core/accounts/archive-account.ts';
import { setAccountDomain } from '../../../core/accounts/set-account-domain.ts';

export const accountSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  portalUrl: z.string(),
  domain: z
    .string()
    .nullable()
    .describe('Custom domain the portal is served at; null: <slug>.PORTAL_BASE_DOMAIN or PUBLIC_URL/a/<slug>'),
  archivedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});

export function accountJson(account: Account): z.infer<typeof accountSchema> {
  return {
    id: account.id,
    slug: account.slug,
    name: account.name,
    portalUrl: account.portalUrl,
    domain: account.domain,
    archivedAt: account.archivedAt?.toISOString() ?? null,
    createdAt: account.createdAt.toISOString(),
  };
}

const slugParam = z.object({ slug: z.string().min(1).max(40) });
const one = z.object({ account: accountSchema });

export const accountsList = defineRoute({
  method: 'get',
  path: '/accounts',
  operationId: 'listAccounts',
  tag: 'accounts',
  summary: 'Accounts (portals), oldest first; operator key',
  operator: true,
  query: z.object({ archived: z.enum(['include', 'exclude']).optional().describe('Default exclude') }),
  responses: { 200: { description: 'Accounts', schema: z.object({ data: z.array(accountSchema) }) } },
  errors: [400, 401, 403, 429],
  async handler({ context, query }) {
    const accounts = await listAccounts(context.core, { includeArchived: query.archived === 'include' });
    return { status: 200, body: { data: accounts.map(accountJson) } };
  },
});

export const accountsCreate = defineRoute({
  method: 'post',
  path: '/accounts',
  operationId: 'createAccount',
  tag: 'accounts',
  summary: 'Create an account (a portal for one client); operator key',
  operator: true,
  body: z
    .object({
      name: z.string().max(100),
      slug: z.string().max(40).describe('Lower-case letters, digits and dashes; unique'),
      portalUrl: z.string().max(2000).optional().describe('Default PUBLIC_URL/a/<slug>'),
    })
    .strict(),
  responses: { 201: { description: 'Created', schema: one } },
  errors: [400, 401, 403, 409, 422, 429],
  async handler({ context, caller, body }) {
    const account = await createAccount(context.core, { ...body, actor: caller.actor });
    return { status: 201, body: { account: accountJson(account) } };
  },
});

export const accountsRename = defineRoute({
  method: 'patch',
  path: '/accounts/{slug}',
  operationId: 'renameAccount',
  tag: 'accounts',
  summary: 'Rename an account (its slug stays) or set its custom domain; operator key',
  description:
    'A domain is a host name (`portal.acme.com`, no scheme or port); null or "" clears it. A domain another account has answers 409 with `details.field` = "domain". The domain is set before the name, so a refused domain changes nothing.',
  operator: true,
  params: slugParam,
  body: z
    .object({
      name: z.string().max(200).optional(),
      domain: z.string().max(300).nullable().optional(),
    })
    .strict()
    .refine((body) => body.name !== undefined || body.domain !== undefined, 'give name, domain or both'),
  responses: { 200: { description: 'Changed', schema: one } },
  errors: [400, 401, 403, 404, 409, 422, 429],
  async handler({ context, caller, params, body }) {
    let account =
      body.domain !== undefined
        ? await setAccountDomain(context.core, { slug: params.slug, domain: body.domain, actor: caller.actor })
        : undefined;
    if (body.name !== undefined)
      account = await renameAccount(context.core, { slug: params.slug, name: body.name, actor: caller.actor });
    return { status: 200, body: { account: accountJson(account!) } };
  },
});

export const accountsArchive = defineRoute({
  method: 'post',
  path: '/accounts/{slug}/archive',
  operationId: 'archiveAccount',
  tag: 'accounts',
  summary: 'Archive an account: data kept, no new invites or links; operator key',
  description:
    'Idempotent. Invites and links for an archived account answer 409 `account_archived`. The default account cannot be archived (403).',
  operator: true,
  params: slugParam,
  responses: { 200: { description: 'Archived', schema: one } },
  errors: [401, 403, 404, 429],
  async handler({ context, caller, params }) {
    const account = await archiveAccount(context.core, { slug: params.slug, actor: caller.actor });
    return { status: 200, body: { account: accountJson(account) } };
  },
});
