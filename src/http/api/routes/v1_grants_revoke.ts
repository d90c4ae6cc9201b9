import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { contactParams, grantJson, grantSchema } from '../schemas.ts';
import { contactOfPath } from '../contact-param.ts';
import { revokeAccess } from '../../../core/access/revoke-access.ts';

const query = z
  .object({
    kind: z.enum(['course', 'community', 'affiliate']),
    resourceName: z.string().max(120).optional(),
  })
  .strict();

export const grantsRevoke = defineRoute({
  method: 'delete',
  path: '/contacts/{id}/grants',
  operationId: 'revokeAccess',
  tag: 'grants',
  summary: 'Take a course, a community or the affiliate area away from a contact',
  params: contactParams,
  query,
  responses: { 200: { description: 'The revoked grant', schema: z.object({ grant: grantSchema }) } },
  errors: [400, 401, 404, 422, 429],
  async handler({ context, caller, params, query }) {
    const contact = await contactOfPath(context.core, caller.accountId, params.id);
    const grant = await revokeAccess(context.core, {
      accountId: caller.accountId,
      contactId: contact.id,
      kind: query.kind,
      resourceName: query.resourceName,
      actor: caller.actor,
    });
    return { status: 200, body: { grant: grantJson(grant) } };
  },
});
