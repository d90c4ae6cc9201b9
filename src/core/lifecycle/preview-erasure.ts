import type { Core } from '../core.ts';
import { findContact } from '../contacts/find-contact.ts';
import type { Contact } from '../contacts/contact-view.ts';

export interface ErasurePreview {
  contact: Contact;
  grants: number;
  links: number;
  sessions: number;
  messages: number;
}

/** What erasing a contact would remove, for the confirmation that names it. Changes nothing. */
export async function previewErasure(
  core: Core,
  options: { accountId: string; lookup: string },
): Promise<ErasurePreview> {
  const contact = await findContact(core, options);
  const [grants, links, sessions, messages] = await Promise.all([
    core.db.accessGrant.count({ where: { contactId: contact.id } }),
    core.db.loginToken.count({ where: { contactId: contact.id } }),
    core.db.session.count({ where: { contactId: contact.id } }),
    core.db.message.count({ where: { contactId: contact.id } }),
  ]);
  return { contact, grants, links, sessions, messages };
}

/** The sentence both Slack and the CLI show before erasing. */
export function erasureSentence(preview: ErasurePreview): string {
  const { contact } = preview;
  const what = [
    contact.email ? `email ${contact.email}` : null,
    contact.phone ? `phone ${contact.phone}` : null,
    contact.firstName || contact.lastName ? 'name' : null,
    contact.hasPassword ? 'password' : null,
    `${preview.sessions} session(s)`,
    `${preview.links} link(s) and code(s)`,
    `${preview.grants} grant(s)`,
    `the recipient and content of ${preview.messages} message(s)`,
  ].filter(Boolean);
  return `Erasing removes for good: ${what.join(', ')}. Only an audit note with the contact id remains.`;
}
