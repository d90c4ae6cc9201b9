import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { jobSchema, sectionSchema } from '../schemas.ts';
import { acceptBulkJob } from '../run-in-background.ts';
import { MAX_BULK } from './v1_invitations_create.ts';
import { queueLoginEmails } from '../../../core/invitations/queue-login-emails.ts';

const body = z
  .object({
    contacts: z
      .array(z.string().min(1).max(254))
      .min(1)
      .max(MAX_BULK)
      .describe(`1 to ${MAX_BULK} contact ids, emails or phone numbers of existing contacts`),
    channel: z.enum(['email', 'sms', 'auto']).optional().describe('Default email'),
    section: sectionSchema.optional(),
    resourceName: z.string().max(120).optional(),
  })
  .strict();

export const loginEmailsCreate = defineRoute({
  method: 'post',
  path: '/login-emails',
  operationId: 'sendLoginEmails',
  tag: 'invitations',
  summary: 'Send existing contacts a one-click login link, as one bulk job',
  description:
    'Unknown or unreachable contacts refuse the whole request (422, details.invalid lists them) and nothing is sent.',
  body,
  responses: { 202: { description: 'Accepted; the messages are being queued', schema: z.object({ job: jobSchema }) } },
  errors: [400, 401, 413, 422, 429],
  async handler({ context, caller, body }) {
    return acceptBulkJob(context, caller, 'API login emails', (call) =>
      queueLoginEmails(context.core, {
        ...call,
        contacts: body.contacts,
        channel: body.channel,
        section: body.section,
        resourceName: body.resourceName,
      }),
    );
  },
});
