import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { jobSchema, sectionSchema } from '../schemas.ts';
import { acceptBulkJob } from '../run-in-background.ts';
import { inviteContacts } from '../../../core/invitations/invite-contacts.ts';

export const MAX_BULK = 10_000;

const invitee = z.union([
  z.string().max(254).describe('An email or an E.164 phone number'),
  z
    .object({
      address: z.string().max(254),
      firstName: z.string().max(100).optional(),
      lastName: z.string().max(100).optional(),
    })
    .strict(),
]);

const body = z
  .object({
    contacts: z.array(invitee).min(1).max(MAX_BULK).describe(`1 to ${MAX_BULK} addresses`),
    channel: z
      .enum(['auto', 'email', 'sms'])
      .optional()
      .describe('auto (default): email when the contact has one, otherwise SMS'),
    section: sectionSchema.optional(),
    grants: z
      .array(
        z
          .object({ kind: z.enum(['course', 'community', 'affiliate']), resourceName: z.string().max(120).optional() })
          .strict(),
      )
      .max(20)
      .optional()
      .describe('Access given with the invitation (no separate "access granted" message)'),
  })
  .strict();

export const invitationsCreate = defineRoute({
  method: 'post',
  path: '/invitations',
  operationId: 'inviteContacts',
  tag: 'invitations',
  summary: 'Invite contacts to the portal (creates unknown ones), as one bulk job',
  description:
    'Every address is checked first: one bad address refuses the whole request (422, details.invalid lists them) and nothing is sent. Otherwise the answer comes at once with the job; follow it at GET /jobs/{id}.',
  body,
  responses: { 202: { description: 'Accepted; the messages are being queued', schema: z.object({ job: jobSchema }) } },
  errors: [400, 401, 413, 422, 429],
  async handler({ context, caller, body }) {
    return acceptBulkJob(context, caller, 'API invitation', (call) =>
      inviteContacts(context.core, {
        ...call,
        invitees: body.contacts,
        channel: body.channel,
        section: body.section,
        grants: body.grants,
      }),
    );
  },
});
