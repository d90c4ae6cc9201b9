import type { ApiRoute } from '../define-route.ts';
import { contactsUpsert } from './v1_contacts_upsert.ts';
import { contactsList } from './v1_contacts_list.ts';
import { contactsGet } from './v1_contacts_get.ts';
import { grantsCreate } from './v1_grants_create.ts';
import { grantsRevoke } from './v1_grants_revoke.ts';
import { magicLinksCreate } from './v1_magic_links_create.ts';
import { invitationsCreate } from './v1_invitations_create.ts';
import { loginEmailsCreate } from './v1_login_emails_create.ts';
import { jobsGet } from './v1_jobs_get.ts';
import { statsGet } from './v1_stats_get.ts';
import { automationGet } from './v1_automation_get.ts';
import { automationUpdate } from './v1_automation_update.ts';
import { webhooksCreate } from './v1_webhooks_create.ts';
import { webhooksList } from './v1_webhooks_list.ts';
import { webhooksDelete } from './v1_webhooks_delete.ts';
import { appsCreate } from './v1_apps_create.ts';
import { appsList } from './v1_apps_list.ts';
import { appsDelete } from './v1_apps_delete.ts';

/** Every /api/v1 route; the server and the OpenAPI document are both built from this list. */
export const apiRoutes: ApiRoute<any, any, any>[] = [
  contactsUpsert,
  contactsList,
  contactsGet,
  grantsCreate,
  grantsRevoke,
  magicLinksCreate,
  invitationsCreate,
  loginEmailsCreate,
  jobsGet,
  statsGet,
  automationGet,
  automationUpdate,
  webhooksCreate,
  webhooksList,
  webhooksDelete,
  appsCreate,
  appsList,
  appsDelete,
];
