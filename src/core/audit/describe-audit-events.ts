import type { Core } from '../core.ts';
import { displayName } from '../contacts/contact-view.ts';
import type { AuditEventView } from './list-audit-events.ts';
import type { ActorLabel, DescribedEvent } from './audit-sentence.ts';

/**
 * Adds the names a sentence needs: the contact an event is about and the API
 * key or contact that acted, read in two queries for the whole list. Raw ids
 * stay in the event for machines; people read the names.
 * @param options.withNames false hides contact names (non-admins on App Home).
 */
export async function describeAuditEvents(
  core: Core,
  options: { accountId: string; events: AuditEventView[]; withNames?: boolean },
): Promise<DescribedEvent[]> {
  const withNames = options.withNames !== false;
  const contactIds = new Set<string>();
  const keyIds = new Set<string>();
  for (const event of options.events) {
    if (event.subject?.startsWith('contact:')) contactIds.add(event.subject.slice('contact:'.length));
    if (event.actor.startsWith('contact:')) contactIds.add(event.actor.slice('contact:'.length));
    if (event.actor.startsWith('api:')) keyIds.add(event.actor.slice('api:'.length));
  }
  const [contacts, keys] = await Promise.all([
    contactIds.size && withNames
      ? core.db.contact.findMany({
          where: { accountId: options.accountId, id: { in: [...contactIds] } },
          select: { id: true, firstName: true, lastName: true, email: true, phone: true },
        })
      : [],
    keyIds.size
      ? core.db.apiKey.findMany({
          where: { accountId: options.accountId, id: { in: [...keyIds] } },
          select: { id: true, name: true },
        })
      : [],
  ]);
  const contactName = new Map(contacts.map((c) => [c.id, displayName(c)]));
  const keyName = new Map(keys.map((k) => [k.id, k.name]));
  return options.events.map((event) => {
    const subjectId = event.subject?.startsWith('contact:') ? event.subject.slice('contact:'.length) : null;
    return {
      ...event,
      subjectName: subjectId ? (contactName.get(subjectId) ?? null) : null,
      actorLabel: labelOf(event.actor, contactName, keyName),
    };
  });
}

function labelOf(actor: string, contactName: Map<string, string>, keyName: Map<string, string>): ActorLabel {
  if (actor.startsWith('slack:')) return { kind: 'slack', userId: actor.slice('slack:'.length) };
  if (actor.startsWith('api:'))
    return { kind: 'api', name: keyName.get(actor.slice('api:'.length)) ?? 'a revoked key' };
  if (actor.startsWith('contact:'))
    return { kind: 'contact', name: contactName.get(actor.slice('contact:'.length)) ?? 'the contact' };
  return { kind: 'system' };
}
