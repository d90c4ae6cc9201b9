import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { contactParams } from '../schemas.ts';
import { eraseContact } from '../../../core/lifecycle/erase-contact.ts';
import { AppError, isAppError } from '../../../core/shared/errors.ts';

const count = z.number().int();

export const contactsErase = defineRoute({
  method: 'delete',
  path: '/contacts/{id}',
  operationId: 'eraseContact',
  tag: 'contacts',
  summary: 'Erase a contact (right to erasure)',
  description:
    'Removes email, phone, names, password, sessions, links, grants, and the recipients and content of their messages. ' +
    'An audit tombstone with the id only remains. Erasing again by id answers 200 with `erased: false`. Emits `contact.erased` (id only).',
  params: contactParams,
  responses: {
    200: {
      description: 'Erased (or already erased)',
      schema: z.object({
        contactId: z.string(),
        erased: z.boolean(),
        removed: z.object({ grants: count, links: count, sessions: count, messages: count }),
      }),
    },
  },
  errors: [401, 404, 429],
  async handler({ context, caller, params }) {
    try {
      const result = await eraseContact(context.core, {
        accountId: caller.accountId,
        lookup: params.id,
        actor: caller.actor,
      });
      return { status: 200, body: result };
    } catch (error) {
      // Same 404 for anything that names no contact here, as for every {id}.
      if (isAppError(error, 'invalid_input')) throw new AppError('contact_not_found', `no contact ${params.id}`);
      throw error;
    }
  },
});
