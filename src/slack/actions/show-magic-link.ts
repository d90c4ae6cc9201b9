import type { Account } from '../../core/accounts/account-view.ts';
import type { Section } from '../../core/access/sections.ts';
import { displayName, type Contact } from '../../core/contacts/contact-view.ts';
import { createMagicLink } from '../../core/links/create-magic-link.ts';
import { magicLinkMessage } from '../blocks/magic-link.ts';
import type { SlackDeps } from '../slack-deps.ts';
import type { Actor } from '../../core/audit/actor.ts';

/**
 * Mints a login link to be shown to the person who asked (sentVia slack) and
 * renders it with its buttons. Shown, not sent: the contact's earlier links
 * keep working (createMagicLink's default), and the message says so.
 */
export async function showMagicLink(
  deps: SlackDeps,
  options: {
    account: Account;
    contact: Contact;
    section: Section;
    resourceName?: string;
    actor: Actor;
    app?: string;
    appPath?: string;
  },
) {
  const link = await createMagicLink(deps.context.core, {
    accountId: options.account.id,
    contactId: options.contact.id,
    purpose: 'login',
    section: options.section,
    resourceName: options.resourceName,
    sentVia: 'slack',
    actor: options.actor,
    app: options.app,
    appPath: options.appPath,
  });
  return magicLinkMessage({
    accountId: options.account.id,
    contactId: options.contact.id,
    contactName: displayName(options.contact),
    url: link.url,
    code: link.code,
    section: link.section,
    resourceName: options.resourceName,
    ...(link.app ? { app: link.app } : {}),
    expiresAt: link.expiresAt,
    canEmail: options.contact.email !== null,
    canSms: options.contact.phone !== null && !options.contact.smsOptedOut,
  });
}
