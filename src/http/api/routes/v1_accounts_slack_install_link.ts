/** An "Add to Slack" link that binds the installing workspace to an account (issue #16); operator key. */
import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { createInstallLink } from '../../../core/slack-installations/create-install-link.ts';

export const accountsSlackInstallLink = defineRoute({
  method: 'post',
  path: '/accounts/{slug}/slack-install-link',
  operationId: 'createSlackInstallLink',
  tag: 'accounts',
  summary: 'A Slack install link that binds the installing workspace to this account; operator key',
  description:
    'For a deployment serving many Slack workspaces (SLACK_CLIENT_ID). Send the link to the client’s Slack admin; it is signed and expires after `hours` (default 24, at most 168). An archived account answers 409 `account_archived`.',
  operator: true,
  params: z.object({ slug: z.string().min(1).max(40) }),
  body: z.object({ hours: z.number().int().min(1).max(168).optional().describe('Default 24') }).strict(),
  responses: {
    201: {
      description: 'Created',
      schema: z.object({ url: z.string(), expiresAt: z.iso.datetime(), account: z.object({ slug: z.string() }) }),
    },
  },
  errors: [400, 401, 403, 404, 409, 422, 429],
  async handler({ context, caller, params, body }) {
    const link = await createInstallLink(context.core, { slug: params.slug, hours: body.hours, actor: caller.actor });
    return {
      status: 201,
      body: { url: link.url, expiresAt: link.expiresAt.toISOString(), account: { slug: link.account.slug } },
    };
  },
});
