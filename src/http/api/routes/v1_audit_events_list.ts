import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { contactOfPath } from '../contact-param.ts';
import { pageAuditEvents } from '../../../core/audit/page-audit-events.ts';
import { describeAuditEvents } from '../../../core/audit/describe-audit-events.ts';
import { actorText, auditSentence } from '../../../core/audit/audit-sentence.ts';

const query = z
  .object({
    contactId: z.string().min(1).max(254).optional().describe('Events about this contact (id, email or phone)'),
    type: z
      .string()
      .regex(/^[a-z_]+(\.[a-z_]*)?\*?$/, 'an action like contact.invited, or an area like link. or link.*')
      .max(60)
      .optional(),
    actor: z
      .string()
      .regex(/^(slack:[A-Z0-9]+|api:[\w-]+|contact:[\w-]+|system)$/, 'slack:U…, api:<key id>, contact:<id> or system')
      .optional(),
    since: z.iso.datetime({ offset: true }).optional().describe('From this time (inclusive)'),
    until: z.iso.datetime({ offset: true }).optional().describe('Before this time'),
    cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
    limit: z.coerce.number().int().min(1).max(200).optional().describe('Default 50'),
  })
  .strict();

const eventSchema = z.object({
  id: z.string(),
  type: z.string().describe('The action, e.g. contact.invited'),
  actor: z.string().describe('slack:U…, api:<key id>, contact:<id> or system'),
  actorName: z
    .string()
    .describe("The actor as people read it: @U… (a Slack user), the API key's name, the contact, or Portal Desk"),
  subject: z.string().nullable(),
  sentence: z.string().describe('"Ana invited by @U123", "Link to Ana opened by a mail scanner (it still works)"'),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime(),
});

export const auditEventsList = defineRoute({
  method: 'get',
  path: '/audit-events',
  operationId: 'listAuditEvents',
  tag: 'audit',
  summary: 'The audit log, newest first, filtered, a page at a time (keyset pagination)',
  query,
  responses: {
    200: {
      description: 'One page',
      schema: z.object({ data: z.array(eventSchema), nextCursor: z.string().nullable() }),
    },
  },
  errors: [400, 401, 404, 422, 429],
  async handler({ context, caller, query }) {
    const contact = query.contactId ? await contactOfPath(context.core, caller.accountId, query.contactId) : undefined;
    const page = await pageAuditEvents(context.core, {
      accountId: caller.accountId,
      contactId: contact?.id,
      type: query.type,
      actor: query.actor,
      since: query.since ? new Date(query.since) : undefined,
      until: query.until ? new Date(query.until) : undefined,
      cursor: query.cursor,
      limit: query.limit,
    });
    const described = await describeAuditEvents(context.core, { accountId: caller.accountId, events: page.events });
    return {
      status: 200,
      body: {
        data: described.map((e) => ({
          id: e.id,
          type: e.action,
          actor: e.actor,
          actorName: actorText(e.actorLabel, { mention: (u) => `@${u}` }),
          subject: e.subject,
          sentence: auditSentence(e),
          metadata: e.metadata,
          createdAt: e.createdAt.toISOString(),
        })),
        nextCursor: page.nextCursor,
      },
    };
  },
});
