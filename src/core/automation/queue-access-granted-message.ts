import type { AccessGrantedHook } from '../core.ts';
import { newId } from '../shared/ids.ts';
import { isAppError } from '../shared/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { sectionOfKind } from '../access/sections.ts';
import { createMagicLinkInTx } from '../links/create-magic-link.ts';
import { queueMessage } from '../outbox/queue-message.ts';
import { resolveChannel } from '../outbox/delivery-channel.ts';
import { getAutomationSettings } from './get-automation-settings.ts';
import { contactRef } from '../audit/actor.ts';
import { findAppLanding } from '../oidc/find-app-landing.ts';

/**
 * The "access granted" automation: when a contact is given something new and
 * the account has the automation on, queue the access_granted message on each
 * chosen channel, with a login link to that section.
 *
 * One link is minted and shared by every channel: minting one per channel
 * would revoke the first (a new sign-in link replaces older unused ones), and
 * the email would carry a dead link. A channel the contact cannot be reached
 * on (no phone, SMS opt-out) is skipped and audited; it never fails the grant.
 *
 * A grant that carries its URL in one of the account's apps (same origin as
 * the app's login URL) gets a link that lands in that app, on that course,
 * signed in; otherwise the link opens the portal section.
 */
export const queueAccessGrantedMessage: AccessGrantedHook = async (
  core,
  tx,
  { accountId, contactId, grant, actor },
) => {
  const { accessGranted } = await getAutomationSettings({ db: tx }, { accountId });
  if (!accessGranted.enabled) return;
  const contact = await tx.contact.findUniqueOrThrow({
    where: { id: contactId },
    select: { email: true, phone: true, smsOptedOutAt: true },
  });
  const now = core.now();
  const targets: Array<{ channel: 'email' | 'sms'; toAddress: string }> = [];
  const skipped: Array<{ channel: string; reason: string }> = [];
  for (const channel of accessGranted.channels) {
    try {
      targets.push(resolveChannel(contact, channel));
    } catch (error) {
      if (!isAppError(error)) throw error;
      skipped.push({ channel, reason: error.message });
    }
  }
  const section = sectionOfKind[grant.kind];
  const resourceName = grant.kind === 'affiliate' ? undefined : grant.resourceName;
  const messageIds = targets.map(() => newId());
  if (targets.length > 0) {
    const { resourceUrl } = await tx.accessGrant.findUniqueOrThrow({
      where: { id: grant.id },
      select: { resourceUrl: true },
    });
    const landing = resourceUrl ? await findAppLanding(tx, { accountId, url: resourceUrl }) : null;
    const inApp = landing ? { app: landing.appId, appPath: landing.appPath } : {};
    const link = await createMagicLinkInTx(core, tx, {
      accountId,
      contactId,
      purpose: 'login',
      section,
      resourceName,
      sentVia: targets[0]!.channel,
      messageId: messageIds[0],
      actor,
      ...inApp,
    });
    for (const [i, target] of targets.entries()) {
      await queueMessage(tx, {
        id: messageIds[i],
        accountId,
        contactId,
        channel: target.channel,
        template: 'access_granted',
        toAddress: target.toAddress,
        payload: { linkId: link.id, section, resourceName: grant.resourceName },
        createdBy: actor,
        now,
      });
    }
  }
  await recordAuditEvent(core, tx, {
    accountId,
    actor,
    action: 'automation.access_granted',
    subject: contactRef(contactId),
    metadata: { grantId: grant.id, kind: grant.kind, resourceName: grant.resourceName, messageIds, skipped },
    at: now,
  });
};
