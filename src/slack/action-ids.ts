/** Every action, view and options id the app listens to, in one place. */
export const actionIds = {
  remindFromStats: 'remind_open',
  remindConfirm: 'remind_confirm',
  remindCancel: 'remind_cancel',
  linkSendEmail: 'link_send_email',
  linkSendSms: 'link_send_sms',
  linkRegenerate: 'link_regenerate',
  contactLoginEmail: 'contact_login_email',
  contactMagicLink: 'contact_magic_link',
  contactGrant: 'contact_grant',
  contactRevoke: 'contact_revoke',
  requeueMessage: 'message_requeue',
  homeInvite: 'home_invite',
  homeMagicLink: 'home_magiclink',
  homeLoginEmail: 'home_login_email',
  /** App Home's account chooser, when one workspace serves several portals. */
  homeAccount: 'home_account',
  importConfirm: 'import_confirm',
  importCancel: 'import_cancel',
  /** External selects over the contact search; the suffix keeps ids unique inside one view. */
  contactPick: 'contact_pick',
  contactPickMany: 'contact_pick_many',
  // Contact lifecycle (#12 §1-2): confirmations, contact-card buttons, the Edit modal.
  contactDeactivate: 'contact_deactivate',
  contactReactivate: 'contact_reactivate',
  contactErase: 'contact_erase',
  contactSignOut: 'contact_sign_out',
  contactEdit: 'contact_edit',
  contactRevokeLinks: 'contact_revoke_links',
  lifecycleCancel: 'lifecycle_cancel',
  // #12 lists, history, failures, templates and settings
  listNext: 'contact_list_next',
  listExport: 'contact_list_export',
  contactHistory: 'contact_history',
  templatePick: 'template_pick',
  templateDraft: 'template_draft',
  templateTest: 'template_test',
  templateReset: 'template_reset',
} as const;

export const viewIds = {
  invite: 'invite_modal',
  magicLink: 'magiclink_modal',
  loginEmail: 'login_email_modal',
  grant: 'grant_modal',
  contact: 'contact_modal',
  linkShown: 'link_shown_modal',
  import: 'import_modal',
  editContact: 'edit_contact_modal',
  // #12
  templates: 'templates_modal',
  settings: 'settings_modal',
} as const;
