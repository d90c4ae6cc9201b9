import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { contactParams } from '../schemas.ts';
import { contactOfPath } from '../contact-param.ts';
import { signOutEverywhere } from '../../../core/lifecycle/sign-out-everywhere.ts';

export const contactsSessionsRevoke = defineRoute({
  method: 'post',
  path: '/contacts/{id}/sessions/revoke',
  operationId: 'signOutEverywhere',
  tag: 'contacts',
  summary: "End all of a contact's sessions (sign out everywhere) without turning their access off",
  params: contactParams,
  responses: { 200: { description: 'Sessions ended', schema: z.object({ sessionsEnded: z.number().int() }) } },
  errors: [401, 404, 429],
  async handler({ context, caller, params }) {
    const found = await contactOfPath(context.core, caller.accountId, params.id);
    const result = await signOutEverywhere(context.core, {
      accountId: caller.accountId,
      contactId: found.id,
      actor: caller.actor,
    });
    return { status: 200, body: result };
  },
});
