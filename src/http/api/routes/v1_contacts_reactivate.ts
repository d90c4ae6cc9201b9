import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { contactJson, contactParams, contactSchema } from '../schemas.ts';
import { contactOfPath } from '../contact-param.ts';
import { reactivateContact } from '../../../core/lifecycle/reactivate-contact.ts';

export const contactsReactivate = defineRoute({
  method: 'post',
  path: '/contacts/{id}/reactivate',
  operationId: 'reactivateContact',
  tag: 'contacts',
  summary: "Turn a contact's access back on: active if they had signed in before, otherwise invited",
  description:
    'Old links stay revoked: send a new one. Reactivating a contact that is not deactivated changes nothing. Emits `contact.reactivated`.',
  params: contactParams,
  responses: {
    200: {
      description: 'The contact, reactivated',
      schema: z.object({ contact: contactSchema, changed: z.boolean() }),
    },
  },
  errors: [401, 404, 429],
  async handler({ context, caller, params }) {
    const found = await contactOfPath(context.core, caller.accountId, params.id);
    const { contact, changed } = await reactivateContact(context.core, {
      accountId: caller.accountId,
      contactId: found.id,
      actor: caller.actor,
    });
    return { status: 200, body: { contact: contactJson(contact), changed } };
  },
});
