import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { contactJson, contactParams, contactSchema } from '../schemas.ts';
import { contactOfPath } from '../contact-param.ts';
import { deactivateContact } from '../../../core/lifecycle/deactivate-contact.ts';

export const contactsDeactivate = defineRoute({
  method: 'post',
  path: '/contacts/{id}/deactivate',
  operationId: 'deactivateContact',
  tag: 'contacts',
  summary: "Turn a contact's access off: sessions end, unused links and codes stop working, sign-in is refused",
  description: 'Deactivating a deactivated contact changes nothing (`changed: false`). Emits `contact.deactivated`.',
  params: contactParams,
  responses: {
    200: {
      description: 'The contact, deactivated',
      schema: z.object({
        contact: contactSchema,
        changed: z.boolean(),
        sessionsEnded: z.number().int(),
        linksRevoked: z.number().int(),
        messagesCancelled: z.number().int(),
      }),
    },
  },
  errors: [401, 404, 429],
  async handler({ context, caller, params }) {
    const found = await contactOfPath(context.core, caller.accountId, params.id);
    const { contact, ...result } = await deactivateContact(context.core, {
      accountId: caller.accountId,
      contactId: found.id,
      actor: caller.actor,
    });
    return { status: 200, body: { contact: contactJson(contact), ...result } };
  },
});
