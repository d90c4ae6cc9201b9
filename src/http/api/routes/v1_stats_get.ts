import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { countPortalUsers } from '../../../core/stats/count-portal-users.ts';

const stats = z.object({
  portalUrl: z.string(),
  portalName: z.string(),
  invited: z.number().int(),
  active: z.number().int(),
  deactivated: z.number().int().describe('Contacts whose access is turned off'),
  activationRate: z.number().describe('active / (invited + active), 0 to 1'),
  invitedNeverActive: z.number().int().describe('Invited more than staleAfterDays ago, never signed in'),
  linksCreated: z.number().int(),
  linksSent: z.number().int(),
  linksRedeemed: z.number().int(),
  windowDays: z.number().int(),
  staleAfterDays: z.number().int(),
});

export const statsGet = defineRoute({
  method: 'get',
  path: '/stats',
  operationId: 'getStats',
  tag: 'stats',
  summary: 'Invited and active users, and link activity',
  query: z
    .object({
      windowDays: z.coerce.number().int().min(1).max(365).optional().describe('Link activity window, default 7'),
      staleAfterDays: z.coerce.number().int().min(0).max(365).optional().describe('Default 7'),
    })
    .strict(),
  responses: { 200: { description: 'The numbers', schema: z.object({ stats }) } },
  errors: [400, 401, 429],
  async handler({ context, caller, query }) {
    const result = await countPortalUsers(context.core, {
      accountId: caller.accountId,
      windowDays: query.windowDays,
      staleAfterDays: query.staleAfterDays,
    });
    return { status: 200, body: { stats: result } };
  },
});
