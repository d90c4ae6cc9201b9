import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { contactJson, contactParams, contactSchema } from '../schemas.ts';
import { contactOfPath } from '../contact-param.ts';
import { editContact } from '../../../core/contacts/edit-contact.ts';

const body = z
  .object({
    email: z
      .string()
      .max(254)
      .nullable()
      .optional()
      .describe('New email; null removes it (the contact must keep a phone)'),
    phone: z
      .string()
      .max(32)
      .nullable()
      .optional()
      .describe('New phone, E.164; null removes it (the contact must keep an email)'),
    firstName: z.string().max(100).nullable().optional(),
    lastName: z.string().max(100).nullable().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'give at least one of email, phone, firstName, lastName');

export const contactsEdit = defineRoute({
  method: 'patch',
  path: '/contacts/{id}',
  operationId: 'editContact',
  tag: 'contacts',
  summary: "Correct a contact's email, phone or names",
  description:
    "A new address must be valid and not another contact's (409 with `details.field` and `details.contactId`). " +
    'Unused links sent to a replaced address are revoked and messages still queued to it are cancelled. The audit event shows old and new, masked. Emits `contact.edited`.',
  params: contactParams,
  body,
  responses: {
    200: {
      description: 'The contact after the change',
      schema: z.object({
        contact: contactSchema,
        changed: z.array(z.enum(['email', 'phone', 'firstName', 'lastName'])),
        linksRevoked: z.number().int(),
        messagesCancelled: z.number().int(),
      }),
    },
  },
  errors: [400, 401, 404, 409, 413, 422, 429],
  async handler({ context, caller, params, body }) {
    const found = await contactOfPath(context.core, caller.accountId, params.id);
    const { contact, ...result } = await editContact(context.core, {
      accountId: caller.accountId,
      contactId: found.id,
      ...body,
      actor: caller.actor,
    });
    return { status: 200, body: { contact: contactJson(contact), ...result } };
  },
});
