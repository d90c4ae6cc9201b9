import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { contactJson, contactSchema } from '../schemas.ts';
import { listContacts } from '../../../core/contacts/list-contacts.ts';

const query = z
  .object({
    status: z.enum(['none', 'invited', 'active', 'deactivated']).optional(),
    neverActivated: z.enum(['true', 'false']).optional().describe('true: only contacts who never signed in'),
    grant: z
      .enum(['course', 'community', 'affiliate'])
      .optional()
      .describe('Only contacts with current access of this kind'),
    resourceName: z.string().max(120).optional().describe('With grant: only this course or community'),
    cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
    limit: z.coerce.number().int().min(1).max(200).optional().describe('Default 50'),
  })
  .strict();

export const contactsList = defineRoute({
  method: 'get',
  path: '/contacts',
  operationId: 'listContacts',
  tag: 'contacts',
  summary: 'List contacts, filtered, a page at a time',
  query,
  responses: {
    200: {
      description: 'One page',
      schema: z.object({ data: z.array(contactSchema), nextCursor: z.string().nullable() }),
    },
  },
  errors: [400, 401, 422, 429],
  async handler({ context, caller, query }) {
    const page = await listContacts(context.core, {
      accountId: caller.accountId,
      status: query.status,
      neverActivated: query.neverActivated === 'true',
      grantKind: query.grant,
      resourceName: query.resourceName,
      cursor: query.cursor,
      limit: query.limit,
    });
    return { status: 200, body: { data: page.contacts.map(contactJson), nextCursor: page.nextCursor } };
  },
});
