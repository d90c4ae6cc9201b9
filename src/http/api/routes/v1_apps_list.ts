import { z } from 'zod';
import { defineRoute } from '../define-route.ts';
import { appJson, appSchema } from './v1_apps_create.ts';
import { listApps } from '../../../core/oidc/list-apps.ts';

export const appsList = defineRoute({
  method: 'get',
  path: '/apps',
  operationId: 'listApps',
  tag: 'apps',
  summary: 'Registered apps (client secrets are never shown again)',
  responses: { 200: { description: 'Apps', schema: z.object({ data: z.array(appSchema) }) } },
  errors: [401, 429],
  async handler({ context, caller }) {
    return {
      status: 200,
      body: { data: (await listApps(context.core, { accountId: caller.accountId })).map(appJson) },
    };
  },
});
