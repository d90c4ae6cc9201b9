import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { contactJson, contactParams, contactSchema, grantJson, grantSchema } from '../schemas.ts';
import { contactOfPath } from '../contact-param.ts';
import { listGrants } from '../../../core/access/list-grants.ts';

export const contactsGet = defineRoute({
  method: 'get',
  path: '/contacts/{id}',
  operationId: 'getContact',
  tag: 'contacts',
  summary: 'A contact and their current access',
  params: contactParams,
  responses: {
    200: { description: 'The contact', schema: z.object({ contact: contactSchema, grants: z.array(grantSchema) }) },
  },
  errors: [401, 404, 422, 429],
  async handler({ context, caller, params }) {
    const contact = await contactOfPath(context.core, caller.accountId, params.id);
    const grants = await listGrants(context.core, { accountId: caller.accountId, contactId: contact.id });
    return { status: 200, body: { contact: contactJson(contact), grants: grants.map(grantJson) } };
  },
});
