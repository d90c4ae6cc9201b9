/**
 * Buttons that change a contact's access: on the contact card (turn off, turn
 * back on, sign out everywhere, revoke all links, edit) and
 * on the confirmations of `/portal deactivate` and `/portal erase`. Each
 * answers in place: the confirmation or card is replaced by the outcome and
 * the refreshed card.
 */
import type { App } from '@slack/bolt';
import { findContact } from '../../core/contacts/find-contact.ts';
import { displayName } from '../../core/contacts/contact-view.ts';
import { deactivateContact } from '../../core/lifecycle/deactivate-contact.ts';
import { reactivateContact } from '../../core/lifecycle/reactivate-contact.ts';
import { signOutEverywhere } from '../../core/lifecycle/sign-out-everywhere.ts';
import { eraseContact } from '../../core/lifecycle/erase-contact.ts';
import { revokeContactLinks } from '../../core/links/revoke-contact-links.ts';
import { simpleMessage } from '../blocks/results.ts';
import { escapeText, section } from '../blocks/text.ts';
import { actionIds } from '../action-ids.ts';
import { replyPrivately } from '../reply.ts';
import { editContactModal } from '../views/edit-contact-modal.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { loadContactCard } from './load-contact-card.ts';
import { onButton, type ActionRun } from './action-run.ts';
import { openView } from './open-view.ts';

function contactOf(run: ActionRun) {
  return findContact(run.core, { accountId: run.account.id, lookup: String(run.value.c ?? '') });
}

/** Replaces the message the button sat in with a line saying what happened, above the refreshed card. */
async function answerWithCard(run: ActionRun, contactId: string, outcome: string): Promise<void> {
  const contact = await findContact(run.core, { accountId: run.account.id, lookup: contactId });
  const card = await loadContactCard(run.deps, { accountId: run.account.id, contact });
  await replyPrivately(
    run.deps,
    run.reply,
    { text: outcome, blocks: [section(outcome), ...card.blocks] },
    { replaceOriginal: Boolean(run.reply.responseUrl) },
  );
}

export function registerLifecycleButtons(app: App, deps: SlackDeps): void {
  onButton(app, deps, actionIds.contactDeactivate, { what: 'turn access off' }, async (run) => {
    const contact = await contactOf(run);
    const result = await deactivateContact(run.core, {
      accountId: run.account.id,
      contactId: contact.id,
      actor: run.actor,
    });
    const name = escapeText(displayName(contact));
    const outcome = result.changed
      ? `:no_entry: Access turned off for ${name}: ${result.sessionsEnded} session(s) ended, ${result.linksRevoked} link(s) and code(s) revoked, ${result.messagesCancelled} queued message(s) cancelled.`
      : `${name}'s access was already turned off.`;
    await answerWithCard(run, contact.id, outcome);
  });
  onButton(app, deps, actionIds.contactReactivate, { what: 'turn access back on' }, async (run) => {
    const contact = await contactOf(run);
    const result = await reactivateContact(run.core, {
      accountId: run.account.id,
      contactId: contact.id,
      actor: run.actor,
    });
    const outcome = result.changed
      ? `:white_check_mark: Access is back on (*${result.contact.status}*). Old links stay revoked: send a new one.`
      : 'Access was not turned off; nothing changed.';
    await answerWithCard(run, contact.id, outcome);
  });
  onButton(app, deps, actionIds.contactSignOut, { what: 'sign contacts out' }, async (run) => {
    const contact = await contactOf(run);
    const { sessionsEnded } = await signOutEverywhere(run.core, {
      accountId: run.account.id,
      contactId: contact.id,
      actor: run.actor,
    });
    await answerWithCard(
      run,
      contact.id,
      `:door: Signed out everywhere: ${sessionsEnded} session(s) ended. Their access stays on.`,
    );
  });
  onButton(app, deps, actionIds.contactRevokeLinks, { what: 'revoke links' }, async (run) => {
    const contact = await contactOf(run);
    const { linksRevoked } = await revokeContactLinks(run.core, {
      accountId: run.account.id,
      contactId: contact.id,
      actor: run.actor,
    });
    await answerWithCard(
      run,
      contact.id,
      `:scissors: ${linksRevoked} unused link(s) and code(s) no longer work. Sessions stay signed in.`,
    );
  });
  onButton(app, deps, actionIds.contactEdit, { what: 'edit contacts' }, async (run) => {
    const contact = await contactOf(run);
    await openView(run, editContactModal({ a: run.account.id, ch: run.channelId, ru: run.reply.responseUrl }, contact));
  });
  onButton(app, deps, actionIds.contactErase, { what: 'erase contacts' }, async (run) => {
    const result = await eraseContact(run.core, {
      accountId: run.account.id,
      lookup: String(run.value.c ?? ''),
      actor: run.actor,
    });
    const text = result.erased
      ? `:wastebasket: Erased. Their email, phone, names, password, sessions, links, grants and message contents are gone; only an audit note with id \`${result.contactId}\` remains.`
      : `That contact was already erased (id \`${result.contactId}\`).`;
    await replyPrivately(run.deps, run.reply, simpleMessage(text), { replaceOriginal: Boolean(run.reply.responseUrl) });
  });
  onButton(app, deps, actionIds.lifecycleCancel, { what: 'change contacts' }, async (run) => {
    await replyPrivately(run.deps, run.reply, simpleMessage('Cancelled; nothing changed.'), {
      replaceOriginal: Boolean(run.reply.responseUrl),
    });
  });
}
