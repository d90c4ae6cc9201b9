/** Buttons under a shown magic link: send it by email or SMS (a fresh link, which replaces the shown one) or regenerate it. */
import type { App } from '@slack/bolt';
import { findContact } from '../../core/contacts/find-contact.ts';
import { queueLoginEmails } from '../../core/invitations/queue-login-emails.ts';
import { isSection, type Section } from '../../core/access/sections.ts';
import { simpleMessage } from '../blocks/results.ts';
import { escapeText } from '../blocks/text.ts';
import { actionIds } from '../action-ids.ts';
import { replyPrivately, type SlackMessage } from '../reply.ts';
import { resultModal } from '../views/modals.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { showMagicLink } from './show-magic-link.ts';
import { onButton, type ActionRun } from './action-run.ts';

/** What the shown link opened: a portal section, or an app (by id) and a path in it, which a sent or regenerated link keeps. */
function target(run: ActionRun): {
  contactId: string;
  section: Section;
  resourceName?: string;
  app?: string;
  appPath?: string;
} {
  const section = typeof run.value.s === 'string' && isSection(run.value.s) ? run.value.s : 'portal';
  const app =
    typeof run.value.p === 'string'
      ? { app: run.value.p, appPath: typeof run.value.q === 'string' ? run.value.q : undefined }
      : {};
  return {
    contactId: String(run.value.c ?? ''),
    section,
    resourceName: typeof run.value.r === 'string' ? run.value.r : undefined,
    ...app,
  };
}

/** Where the link was shown decides where the answer goes: the same ephemeral message, or the same modal. */
export async function answerInPlace(run: ActionRun, message: SlackMessage, title: string): Promise<void> {
  if (run.viewId && run.body.container?.type === 'view') {
    await run.deps.client.views.update({
      view_id: run.viewId,
      view: resultModal(title, message.blocks ?? [], { a: run.account.id }),
    });
    return;
  }
  await replyPrivately(run.deps, run.reply, message, { replaceOriginal: Boolean(run.reply.responseUrl) });
}

async function send(run: ActionRun, channel: 'email' | 'sms'): Promise<void> {
  const t = target(run);
  const result = await queueLoginEmails(run.core, {
    accountId: run.account.id,
    contacts: [t.contactId],
    channel,
    section: t.section,
    resourceName: t.resourceName,
    app: t.app,
    appPath: t.appPath,
    actor: run.actor,
  });
  const to = result.queued[0]?.toAddress ?? '';
  await answerInPlace(
    run,
    simpleMessage(
      `:envelope: A fresh login link is on its way by ${channel === 'email' ? 'email' : 'SMS'} to ${escapeText(to)}. It replaces their earlier unused links, the one shown before included.`,
    ),
    'Link sent',
  );
}

export function registerMagicLinkButtons(app: App, deps: SlackDeps): void {
  onButton(app, deps, actionIds.linkSendEmail, { what: 'send login links' }, (run) => send(run, 'email'));
  onButton(app, deps, actionIds.linkSendSms, { what: 'send login links' }, (run) => send(run, 'sms'));
  onButton(app, deps, actionIds.linkRegenerate, { what: 'create magic links' }, async (run) => {
    const t = target(run);
    const contact = await findContact(run.core, { accountId: run.account.id, lookup: t.contactId });
    const message = await showMagicLink(run.deps, {
      account: run.account,
      contact,
      section: t.section,
      resourceName: t.resourceName,
      app: t.app,
      appPath: t.appPath,
      actor: run.actor,
    });
    await answerInPlace(run, message, 'Magic link');
  });
}
