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
// Contact lifecycle (#12 §1-2): deactivate, reactivate, sign out everywhere, erase, edit.
import { contactsDeactivate } from './v1_contacts_deactivate.ts';
import { contactsReactivate } from './v1_contacts_reactivate.ts';
import { contactsSessionsRevoke } from './v1_contacts_sessions_revoke.ts';
import { contactsErase } from './v1_contacts_erase.ts';
import { contactsEdit } from './v1_contacts_edit.ts';
// #12 lists, history, templates and settings
import { contactsExport } from './v1_contacts_export.ts';
import { auditEventsList } from './v1_audit_events_list.ts';
import { templatesGet, templatesPut, templatesDelete } from './v1_templates.ts';
import { settingsGet, settingsUpdate } from './v1_settings.ts';
import { appsCreate } from './v1_apps_create.ts';
import { appsList } from './v1_apps_list.ts';
import { appsDelete } from './v1_apps_delete.ts';
// Accounts, for operators (#16)
import { accountsList, accountsCreate, accountsRename, accountsArchive } from './v1_accounts.ts';
// Admins per account (#16): account keys on their own account, operator keys on any
import { adminsList, adminsAdd, adminsRemove } from './v1_admins.ts';
import { accountsSlackInstallLink } from './v1_accounts_slack_install_link.ts';

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
  // Contact lifecycle (#12 §1-2)
  contactsDeactivate,
  contactsReactivate,
  contactsSessionsRevoke,
  contactsErase,
  contactsEdit,
  // #12 lists, history, templates and settings
  contactsExport,
  auditEventsList,
  templatesGet,
  templatesPut,
  templatesDelete,
  settingsGet,
  settingsUpdate,
  appsCreate,
  appsList,
  appsDelete,
  accountsList,
  accountsCreate,
  accountsRename,
  accountsArchive,
  adminsList,
  adminsAdd,
  adminsRemove,
  accountsSlackInstallLink,
];
