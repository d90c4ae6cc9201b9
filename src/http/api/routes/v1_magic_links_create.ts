import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { contactParams, sectionSchema } from '../schemas.ts';
import { contactOfPath } from '../contact-param.ts';
import { createMagicLink } from '../../../core/links/create-magic-link.ts';
import { invalidInput } from '../../../core/shared/errors.ts';
import { queueLoginEmails } from '../../../core/invitations/queue-login-emails.ts';

const body = z
  .object({
    section: sectionSchema.optional().describe('Default portal'),
    resourceName: z.string().max(120).optional().describe('One course or community inside the section'),
    app: z
      .string()
      .max(80)
      .optional()
      .describe('Land in an app instead of the portal: its id or name. The app must have a login URL'),
    path: z.string().max(500).optional().describe('With app: the path inside the app to land on. Default /'),
    delivery: z
      .enum(['none', 'email', 'sms'])
      .optional()
      .describe('none (default): the link is returned for you to share; email or sms: we send it'),
  })
  .strict();

const returned = z.object({
  delivery: z.literal('none'),
  url: z.string().describe('One-time sign-in link. Treat it like a password: it is shown once and not stored'),
  code: z.string().describe('The 6-digit code that signs in like the link'),
  section: sectionSchema,
  path: z.string(),
  expiresAt: z.iso.datetime(),
});
const sent = z.object({ delivery: z.enum(['email', 'sms']), messageId: z.string(), toAddress: z.string() });

export const magicLinksCreate = defineRoute({
  method: 'post',
  path: '/contacts/{id}/magic-links',
  operationId: 'createMagicLink',
  tag: 'magic links',
  summary: 'Mint a one-time login link for a contact, returned or sent',
  description:
    "A link sent by email or SMS replaces the contact's older unused sign-in links; a returned one (delivery none) leaves them working, so checking a link never breaks the invite the contact already has.",
  params: contactParams,
  body,
  responses: {
    201: { description: 'delivery none: the link', schema: returned },
    202: { description: 'delivery email or sms: queued for sending', schema: sent },
  },
  errors: [400, 401, 404, 409, 413, 422, 429],
  async handler({ context, caller, params, body }) {
    const contact = await contactOfPath(context.core, caller.accountId, params.id);
    const delivery = body.delivery ?? 'none';
    if (body.path !== undefined && body.app === undefined)
      throw invalidInput('path: give "app" too; a path is a place inside an app');
    if (delivery === 'none') {
      const link = await createMagicLink(context.core, {
        accountId: caller.accountId,
        contactId: contact.id,
        purpose: 'login',
        section: body.section,
        resourceName: body.resourceName,
        sentVia: 'api',
        actor: caller.actor,
        app: body.app,
        appPath: body.path,
      });
      return {
        status: 201,
        body: {
          delivery,
          url: link.url,
          code: link.code,
          section: link.section,
          path: link.path,
          expiresAt: link.expiresAt.toISOString(),
        },
        headers: { 'Cache-Control': 'no-store' },
      };
    }
    const { queued } = await queueLoginEmails(context.core, {
      accountId: caller.accountId,
      contacts: [contact.id],
      channel: delivery,
      section: body.section,
      resourceName: body.resourceName,
      app: body.app,
      appPath: body.path,
      actor: caller.actor,
      asBulkJob: false,
    });
    return { status: 202, body: { delivery, messageId: queued[0]!.messageId, toAddress: queued[0]!.toAddress } };
  },
});
