/**
 * Account admins (issue #16): Slack people and user groups who administer one
 * account. An account key manages its own account's admins; an operator key
 * manages any account's, named with `account`.
 */
import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import type { AccountAdminView } from '../../../core/admins/admin-subject.ts';
import { addAccountAdmin } from '../../../core/admins/add-account-admin.ts';
import { listAccountAdmins } from '../../../core/admins/list-account-admins.ts';
import { removeAccountAdmin } from '../../../core/admins/remove-account-admin.ts';
import { adminAccount } from '../admin-account.ts';

const accountRef = z
  .string()
  .max(100)
  .optional()
  .describe('Operator keys: the account (slug or id). Account keys: leave out (or name their own account)');

export const adminSchema = z.object({
  subject: z.string().describe('Slack user id (U…, W…) or user group id (S…)'),
  kind: z.enum(['user', 'group']),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
});

function adminJson(admin: AccountAdminView): z.infer<typeof adminSchema> {
  return { ...admin, createdAt: admin.createdAt.toISOString() };
}

const subjectField = z.string().max(40).describe('Slack user id (U…, W…) or user group id (S…)');

export const adminsList = defineRoute({
  method: 'get',
  path: '/admins',
  operationId: 'listAdmins',
  tag: 'admins',
  summary: "An account's admins (Slack users and user groups); account or operator key",
  operator: 'either',
  query: z.object({ account: accountRef }),
  responses: {
    200: {
      description: 'Admins, oldest first',
      schema: z.object({ account: z.string().describe('Slug'), data: z.array(adminSchema) }),
    },
  },
  errors: [401, 403, 404, 422, 429],
  async handler({ context, caller, query }) {
    const account = await adminAccount(context.core, caller, query.account);
    const admins = await listAccountAdmins(context.core, { accountId: account.id });
    return { status: 200, body: { account: account.slug, data: admins.map(adminJson) } };
  },
});

export const adminsAdd = defineRoute({
  method: 'post',
  path: '/admins',
  operationId: 'addAdmin',
  tag: 'admins',
  summary: 'Make a Slack user or user group an admin of an account; idempotent',
  description: '201 when added, 200 when it already was an admin (nothing changes).',
  operator: 'either',
  query: z.object({ account: accountRef }),
  body: z.object({ subject: subjectField, account: accountRef }).strict(),
  responses: {
    200: { description: 'Already an admin', schema: z.object({ admin: adminSchema, added: z.literal(false) }) },
    201: { description: 'Added', schema: z.object({ admin: adminSchema, added: z.literal(true) }) },
  },
  errors: [400, 401, 403, 404, 422, 429],
  async handler({ context, caller, query, body }) {
    const account = await adminAccount(context.core, caller, body.account ?? query.account);
    const result = await addAccountAdmin(context.core, {
      accountId: account.id,
      subject: body.subject,
      actor: caller.actor,
    });
    return { status: result.added ? 201 : 200, body: { admin: adminJson(result.admin), added: result.added } };
  },
});

export const adminsRemove = defineRoute({
  method: 'delete',
  path: '/admins/{subject}',
  operationId: 'removeAdmin',
  tag: 'admins',
  summary: "Take a Slack user or user group off an account's admins",
  description: '404 when the subject is not an admin of the account. Operators stay admins of every account.',
  operator: 'either',
  params: z.object({ subject: subjectField }),
  query: z.object({ account: accountRef }),
  responses: { 200: { description: 'Removed', schema: z.object({ removed: z.literal(true) }) } },
  errors: [401, 403, 404, 422, 429],
  async handler({ context, caller, params, query }) {
    const account = await adminAccount(context.core, caller, query.account);
    await removeAccountAdmin(context.core, { accountId: account.id, subject: params.subject, actor: caller.actor });
    return { status: 200, body: { removed: true } };
  },
});
