import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { contactJson, contactSchema } from '../schemas.ts';
import { upsertContact } from '../../../core/contacts/upsert-contact.ts';

const body = z
  .object({
    email: z.string().max(254).optional(),
    phone: z.string().max(32).optional().describe('E.164, e.g. +14155550123'),
    firstName: z.string().max(100).optional(),
    lastName: z.string().max(100).optional(),
  })
  .strict()
  .refine((b) => Boolean(b.email?.trim() || b.phone?.trim()), 'email or phone is required');

export const contactsUpsert = defineRoute({
  method: 'post',
  path: '/contacts',
  operationId: 'upsertContact',
  tag: 'contacts',
  summary: 'Create a contact, or update the one with this email (or phone)',
  body,
  responses: {
    200: {
      description: 'An existing contact, updated',
      schema: z.object({
        contact: contactSchema,
        created: z.literal(false),
        changed: z
          .array(z.string())
          .describe(
            'Fields this call changed (a missing email or phone filled in, names); an existing address is never replaced: 409',
          ),
      }),
    },
    201: {
      description: 'A new contact',
      schema: z.object({ contact: contactSchema, created: z.literal(true), changed: z.array(z.string()) }),
    },
  },
  errors: [400, 401, 409, 413, 422, 429],
  async handler({ context, caller, body }) {
    const { contact, created, changed } = await upsertContact(context.core, {
      accountId: caller.accountId,
      ...body,
      actor: caller.actor,
    });
    return { status: created ? 201 : 200, body: { contact: contactJson(contact), created, changed } };
  },
});
