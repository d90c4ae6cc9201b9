import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { contactParams, grantJson, grantSchema } from '../schemas.ts';
import { contactOfPath } from '../contact-param.ts';
import { grantAccess } from '../../../core/access/grant-access.ts';

const body = z
  .object({
    kind: z.enum(['course', 'community', 'affiliate']),
    resourceName: z.string().max(120).optional().describe('The course or community; not used for affiliate'),
    resourceUrl: z
      .string()
      .max(2000)
      .optional()
      .describe('Where it really lives (https, in an app): /portal links there and apps see it in portal_access'),
  })
  .strict();

export const grantsCreate = defineRoute({
  method: 'post',
  path: '/contacts/{id}/grants',
  operationId: 'grantAccess',
  tag: 'grants',
  summary: 'Give a contact a course, a community or the affiliate area',
  description:
    'When the account\'s "access granted" automation is on, a new grant sends the contact a login link to that section. A grant the contact already has changes nothing and sends nothing (200, changed: false).',
  params: contactParams,
  body,
  responses: {
    200: {
      description: 'The contact already had this access',
      schema: z.object({ grant: grantSchema, changed: z.literal(false) }),
    },
    201: { description: 'Access granted', schema: z.object({ grant: grantSchema, changed: z.literal(true) }) },
  },
  errors: [400, 401, 404, 413, 422, 429],
  async handler({ context, caller, params, body }) {
    const contact = await contactOfPath(context.core, caller.accountId, params.id);
    const { grant, changed } = await grantAccess(context.core, {
      accountId: caller.accountId,
      contactId: contact.id,
      kind: body.kind,
      resourceName: body.resourceName,
      resourceUrl: body.resourceUrl,
      actor: caller.actor,
    });
    return { status: changed ? 201 : 200, body: { grant: grantJson(grant), changed } };
  },
});
