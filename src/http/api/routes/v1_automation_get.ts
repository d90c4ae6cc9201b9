import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { getAutomationSettings } from '../../../core/automation/get-automation-settings.ts';

export const automationSchema = z.object({
  accessGranted: z.object({
    enabled: z.boolean().describe('When on, a new grant sends the contact a login link to that section'),
    channels: z.array(z.enum(['email', 'sms'])),
  }),
});

export const automationGet = defineRoute({
  method: 'get',
  path: '/automation',
  operationId: 'getAutomation',
  tag: 'automation',
  summary: "The account's automations",
  responses: { 200: { description: 'Current settings', schema: z.object({ automation: automationSchema }) } },
  errors: [401, 429],
  async handler({ context, caller }) {
    return {
      status: 200,
      body: { automation: await getAutomationSettings(context.core, { accountId: caller.accountId }) },
    };
  },
});
