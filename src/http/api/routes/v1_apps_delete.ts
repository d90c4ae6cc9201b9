import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { appJson, appSchema } from './v1_apps_create.ts';
import { revokeApp } from '../../../core/oidc/revoke-app.ts';

export const appsDelete = defineRoute({
  method: 'delete',
  path: '/apps/{id}',
  operationId: 'revokeApp',
  tag: 'apps',
  summary: 'Revoke an app: no more sign-ins, its tokens stop working',
  params: z.object({ id: z.string().min(1).max(80).describe('client_id or name') }),
  responses: { 200: { description: 'Revoked', schema: z.object({ app: appSchema }) } },
  errors: [401, 404, 429],
  async handler({ context, caller, params }) {
    const app = await revokeApp(context.core, { accountId: caller.accountId, app: params.id, actor: caller.actor });
    return { status: 200, body: { app: appJson(app) } };
  },
});
