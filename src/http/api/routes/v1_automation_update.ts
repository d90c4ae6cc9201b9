import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { automationSchema } from './v1_automation_get.ts';
import { updateAutomationSettings } from '../../../core/automation/update-automation-settings.ts';

const body = z
  .object({
    accessGranted: z
      .object({
        enabled: z.boolean().optional(),
        channels: z
          .array(z.enum(['email', 'sms']))
          .min(1)
          .max(2)
          .optional(),
      })
      .strict(),
  })
  .strict();

export const automationUpdate = defineRoute({
  method: 'patch',
  path: '/automation',
  operationId: 'updateAutomation',
  tag: 'automation',
  summary: 'Switch the "access granted" automation on or off, and choose its channels',
  body,
  responses: { 200: { description: 'The new settings', schema: z.object({ automation: automationSchema }) } },
  errors: [400, 401, 413, 422, 429],
  async handler({ context, caller, body }) {
    const automation = await updateAutomationSettings(context.core, {
      accountId: caller.accountId,
      accessGranted: body.accessGranted,
      actor: caller.actor,
    });
    return { status: 200, body: { automation } };
  },
});
