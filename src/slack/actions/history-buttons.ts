import type { App } from '@slack/bolt';
import { findContact } from '../../core/contacts/find-contact.ts';
import { displayName } from '../../core/contacts/contact-view.ts';
import { pageAuditEvents } from '../../core/audit/page-audit-events.ts';
import { describeAuditEvents } from '../../core/audit/describe-audit-events.ts';
import { historyMessage, HISTORY_PAGE } from '../blocks/history.ts';
import { actionIds } from '../action-ids.ts';
import { replyPrivately } from '../reply.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { onButton } from './action-run.ts';

/** The contact card's History, and its Older button: pages of the contact's audit events as sentences. */
export function registerHistoryButtons(app: App, deps: SlackDeps): void {
  onButton(app, deps, actionIds.contactHistory, { what: "see a contact's history" }, async (run) => {
    const core = run.core;
    const accountId = run.account.id;
    const contact = await findContact(core, { accountId, lookup: String(run.value.c ?? '') });
    const cursor = typeof run.value.k === 'string' ? run.value.k : undefined;
    const page = await pageAuditEvents(core, { accountId, contactId: contact.id, cursor, limit: HISTORY_PAGE });
    const events = await describeAuditEvents(core, { accountId, events: page.events });
    const message = historyMessage({
      name: displayName(contact),
      contactId: contact.id,
      accountId,
      events,
      nextCursor: page.nextCursor,
      page: Number(run.value.p ?? 1),
    });
    // Older replaces the page it was on; History from the card adds a new message.
    await replyPrivately(run.deps, run.reply, message, { replaceOriginal: cursor !== undefined });
  });
}
