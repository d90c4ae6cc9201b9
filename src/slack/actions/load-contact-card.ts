import type { Contact } from '../../core/contacts/contact-view.ts';
import { listGrants } from '../../core/access/list-grants.ts';
import { listContactMessages } from '../../core/outbox/list-contact-messages.ts';
import { listAuditEvents } from '../../core/audit/list-audit-events.ts';
import { listLinkStory } from '../../core/links/list-link-story.ts';
import { describeAuditEvents } from '../../core/audit/describe-audit-events.ts';
import { contactCard } from '../blocks/contact-card.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { contactRef } from '../../core/audit/actor.ts';

export async function loadContactCard(deps: SlackDeps, options: { accountId: string; contact: Contact }) {
  const core = deps.context.core;
  const { accountId, contact } = options;
  const [grants, messages, activity, links] = await Promise.all([
    listGrants(core, { accountId, contactId: contact.id }),
    listContactMessages(core, { accountId, contactId: contact.id, limit: 5 }),
    listAuditEvents(core, { accountId, subjects: [contactRef(contact.id)], limit: 8 }),
    listLinkStory(core, { accountId, contactId: contact.id, limit: 3 }),
  ]);
  const described = await describeAuditEvents(core, { accountId, events: activity });
  return contactCard({ contact, grants, messages, activity: described, links }, { accountId });
}
