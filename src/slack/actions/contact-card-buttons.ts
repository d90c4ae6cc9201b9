/** Buttons on a contact card. */
import type { App } from '@slack/bolt';
import { findContact } from '../../core/contacts/find-contact.ts';
import { queueLoginEmails } from '../../core/invitations/queue-login-emails.ts';
import { listGrants } from '../../core/access/list-grants.ts';
import { simpleMessage } from '../blocks/results.ts';
import { escapeText } from '../blocks/text.ts';
import { actionIds } from '../action-ids.ts';
import { replyPrivately } from '../reply.ts';
import { grantModal } from '../views/modals.ts';
import { contactOption } from '../views/fields.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { showMagicLink } from './show-magic-link.ts';
import { onButton, type ActionRun } from './action-run.ts';
import { openView } from './open-view.ts';

function contactOf(run: ActionRun) {
  return findContact(run.core, { accountId: run.account.id, lookup: String(run.value.c ?? '') });
}

export function registerContactCardButtons(app: App, deps: SlackDeps): void {
  onButton(app, deps, actionIds.contactLoginEmail, { what: 'send login emails' }, async (run) => {
    const contact = await contactOf(run);
    // Email when the contact has one, otherwise SMS: the button should just work.
    const result = await queueLoginEmails(run.core, {
      accountId: run.account.id,
      contacts: [contact.id],
      channel: 'auto',
      actor: run.actor,
    });
    await replyPrivately(
      run.deps,
      run.reply,
      simpleMessage(
        `:envelope: Login link queued to ${escapeText(result.queued[0]?.toAddress ?? '')}. It replaces their earlier unused links.`,
      ),
    );
  });
  onButton(app, deps, actionIds.contactMagicLink, { what: 'create magic links' }, async (run) => {
    const contact = await contactOf(run);
    await replyPrivately(
      run.deps,
      run.reply,
      await showMagicLink(run.deps, { account: run.account, contact, section: 'portal', actor: run.actor }),
    );
  });
  onButton(app, deps, actionIds.contactGrant, { what: 'grant access' }, async (run) => {
    const contact = await contactOf(run);
    await openView(
      run,
      grantModal(
        { a: run.account.id, ch: run.channelId, ru: run.reply.responseUrl, m: 'grant' },
        { contact: contactOption(contact) },
      ),
    );
  });
  onButton(app, deps, actionIds.contactRevoke, { what: 'revoke access' }, async (run) => {
    const contact = await contactOf(run);
    const grants = await listGrants(run.core, { accountId: run.account.id, contactId: contact.id });
    await openView(
      run,
      grantModal(
        { a: run.account.id, ch: run.channelId, ru: run.reply.responseUrl, m: 'revoke' },
        { contact: contactOption(contact), grants },
      ),
    );
  });
}
