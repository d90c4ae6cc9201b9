/** GET, PUT and DELETE /templates/{kind}/{channel}: one resource, three small routes. */
import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { templateChannels, templateKinds } from '../../../core/templates/default-templates.ts';
import { findTemplate } from '../../../core/templates/find-template.ts';
import { saveTemplate } from '../../../core/templates/save-template.ts';
import { deleteTemplate } from '../../../core/templates/delete-template.ts';
import type { AccountTemplate } from '../../../core/templates/list-templates.ts';
import { mergeFields } from '../../../core/templates/merge-fields.ts';

const params = z.object({ kind: z.enum(templateKinds), channel: z.enum(templateChannels) }).strict();

const templateSchema = z.object({
  kind: z.enum(templateKinds),
  channel: z.enum(templateChannels),
  subject: z.string().nullable().describe('Email only'),
  text: z.string(),
  custom: z.boolean().describe('false: the built-in template'),
  updatedBy: z.string().nullable(),
  updatedAt: z.iso.datetime().nullable(),
  knownFields: z.array(z.string()).describe('Merge fields a template may use, as {{field}}'),
});

function templateJson(t: AccountTemplate): z.infer<typeof templateSchema> {
  return {
    kind: t.kind,
    channel: t.channel,
    subject: t.subject ?? null,
    text: t.body,
    custom: t.custom,
    updatedBy: t.updatedBy ?? null,
    updatedAt: t.updatedAt?.toISOString() ?? null,
    knownFields: [...mergeFields],
  };
}

export const templatesGet = defineRoute({
  method: 'get',
  path: '/templates/{kind}/{channel}',
  operationId: 'getTemplate',
  tag: 'templates',
  summary: "The account's template for one message kind and channel (its own, or the built-in one)",
  params,
  responses: { 200: { description: 'The template', schema: z.object({ template: templateSchema }) } },
  errors: [400, 401, 429],
  async handler({ context, caller, params }) {
    return {
      status: 200,
      body: { template: templateJson(await findTemplate(context.core, { accountId: caller.accountId, ...params })) },
    };
  },
});

export const templatesPut = defineRoute({
  method: 'put',
  path: '/templates/{kind}/{channel}',
  operationId: 'putTemplate',
  tag: 'templates',
  summary: "Save the account's own template: {subject, text} for email, {text} for SMS",
  description:
    'Refused with 422 when it uses an unknown merge field, a partial or broken syntax: details.problems lists each problem, details.knownFields the fields there are.',
  params,
  body: z.object({ subject: z.string().max(300).optional(), text: z.string().min(1).max(20_000) }).strict(),
  responses: { 200: { description: 'Saved', schema: z.object({ template: templateSchema }) } },
  errors: [400, 401, 413, 422, 429],
  async handler({ context, caller, params, body }) {
    const saved = await saveTemplate(context.core, {
      accountId: caller.accountId,
      ...params,
      subject: body.subject,
      body: body.text,
      actor: caller.actor,
    });
    return { status: 200, body: { template: templateJson(saved) } };
  },
});

export const templatesDelete = defineRoute({
  method: 'delete',
  path: '/templates/{kind}/{channel}',
  operationId: 'resetTemplate',
  tag: 'templates',
  summary: 'Back to the built-in template',
  params,
  responses: {
    200: {
      description: 'The template now in use (the built-in one); reset says whether there was an own version',
      schema: z.object({ reset: z.boolean(), template: templateSchema }),
    },
  },
  errors: [400, 401, 429],
  async handler({ context, caller, params }) {
    const reset = await deleteTemplate(context.core, { accountId: caller.accountId, ...params, actor: caller.actor });
    return {
      status: 200,
      body: {
        reset,
        template: templateJson(await findTemplate(context.core, { accountId: caller.accountId, ...params })),
      },
    };
  },
});
