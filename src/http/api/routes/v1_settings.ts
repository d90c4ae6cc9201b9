/** GET and PATCH /settings. */
import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { getSettings } from '../../../core/settings/get-settings.ts';
import { updateSettings } from '../../../core/settings/update-settings.ts';
import { lifetimeBounds } from '../../../core/settings/portal-settings.ts';

const minutes = (kind: keyof typeof lifetimeBounds) =>
  z
    .number()
    .int()
    .min(lifetimeBounds[kind].min)
    .max(lifetimeBounds[kind].max)
    .describe(`Minutes, ${lifetimeBounds[kind].min} to ${lifetimeBounds[kind].max}`);

const settingsSchema = z.object({
  portalName: z.string(),
  portalUrl: z.string(),
  sender: z
    .object({ name: z.string().nullable(), address: z.string() })
    .nullable()
    .describe('null: the service default (EMAIL_FROM)'),
  replyTo: z.string().nullable(),
  linkLifetimes: z
    .object({ invite: z.number().int(), login: z.number().int(), code: z.number().int(), reset: z.number().int() })
    .describe('Minutes'),
  digestChannel: z
    .string()
    .nullable()
    .describe('Slack channel id of the daily digest; null: none (the default account uses STATS_CHANNEL)'),
  alertsChannel: z
    .string()
    .nullable()
    .describe('Slack channel id for delivery failure alerts; null: none (the default account uses ALERTS_CHANNEL)'),
});

const channelInput = (what: string) =>
  z.string().max(100).nullable().optional().describe(`Slack channel id (C… or G…) ${what}; null or "" removes it`);

export const settingsGet = defineRoute({
  method: 'get',
  path: '/settings',
  operationId: 'getSettings',
  tag: 'settings',
  summary: "The account's portal name, sender, reply-to, link lifetimes and Slack channels",
  responses: { 200: { description: 'Settings', schema: z.object({ settings: settingsSchema }) } },
  errors: [401, 429],
  async handler({ context, caller }) {
    return { status: 200, body: { settings: await getSettings(context.core, { accountId: caller.accountId }) } };
  },
});

export const settingsUpdate = defineRoute({
  method: 'patch',
  path: '/settings',
  operationId: 'updateSettings',
  tag: 'settings',
  summary: 'Change some settings; the others stay. Every message and page uses them from then on',
  body: z
    .object({
      portalName: z.string().min(1).max(80).optional(),
      sender: z
        .object({ name: z.string().max(80).nullable().optional(), address: z.string().max(254) })
        .strict()
        .nullable()
        .optional()
        .describe('null: back to EMAIL_FROM'),
      replyTo: z.string().max(254).nullable().optional().describe('null removes it'),
      linkLifetimes: z
        .object({ invite: minutes('invite'), login: minutes('login'), code: minutes('code'), reset: minutes('reset') })
        .partial()
        .strict()
        .optional(),
      digestChannel: channelInput('for the daily digest'),
      alertsChannel: channelInput('for delivery failure alerts'),
    })
    .strict(),
  responses: { 200: { description: 'The settings now', schema: z.object({ settings: settingsSchema }) } },
  errors: [400, 401, 413, 422, 429],
  async handler({ context, caller, body }) {
    return {
      status: 200,
      body: {
        settings: await updateSettings(context.core, { accountId: caller.accountId, ...body, actor: caller.actor }),
      },
    };
  },
});
