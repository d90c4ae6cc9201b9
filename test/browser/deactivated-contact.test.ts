/**
 * A signed-in contact whose access support turns off, in real headless
 * Chromium: the next page load shows the "turned off" page, and the unused
 * link still in their inbox is refused with the same page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumPath } from '../support/chromium.ts';
import type { PortalApp } from '../support/portal-app.ts';
import { linkIn, openBrowserPortal, type BrowserPortal } from '../support/browser-portal.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { queueLoginEmails } from '../../src/core/invitations/queue-login-emails.ts';
import { deactivateContact } from '../../src/core/lifecycle/deactivate-contact.ts';
import { reactivateContact } from '../../src/core/lifecycle/reactivate-contact.ts';

const chromiumMissing = chromiumPath() === undefined;

describe.skipIf(chromiumMissing)('a deactivated contact in Chromium', () => {
  let portal: BrowserPortal;
  let p: PortalApp;
  let browser: Browser;
  beforeAll(async () => {
    portal = await openBrowserPortal();
    ({ p, browser } = portal);
  });
  afterAll(async () => {
    await portal?.close();
  });
  const core = () => p.app.context.core;
  const accountId = () => p.app.context.defaultAccount.id;
  const linkInEmailTo = async (address: string) => linkIn((await portal.emailTo(address)).text!);

  it('lands on the turned-off page at the next page load, and the unused link is refused', async () => {
    const {
      invited: [ivy],
    } = await inviteContacts(core(), {
      accountId: accountId(),
      invitees: [{ address: 'ivy@example.com', firstName: 'Ivy' }],
      actor: 'slack:U1',
    });
    const invite = await linkInEmailTo('ivy@example.com');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(invite);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/portal');
    expect(await page.locator('h1').textContent()).not.toBe('Access turned off');

    // A login link by email for later: unused when access is turned off.
    await queueLoginEmails(core(), {
      accountId: accountId(),
      contacts: [ivy!.contact.id],
      channel: 'email',
      actor: 'slack:U1',
    });
    const unused = await linkInEmailTo('ivy@example.com');
    expect(unused).not.toBe(invite);

    await deactivateContact(core(), { accountId: accountId(), contactId: ivy!.contact.id, actor: 'slack:U1' });
    const reloaded = await page.reload();
    expect(reloaded!.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('Access turned off');
    const portalName = p.app.context.defaultAccount.name;
    expect(await page.locator('main').textContent()).toContain(
      `Your access to ${portalName} is turned off. Ask ${portalName} to turn it back on.`,
    );

    // The same browser, then another device, open the unused link: refused, nothing to press.
    for (const tab of [page, await (await browser.newContext()).newPage()]) {
      await tab.goto(unused);
      expect(await tab.locator('h1').textContent()).toBe('Access turned off');
      expect(await tab.getByRole('button', { name: 'Continue' }).count()).toBe(0);
    }
    const spent = await core().db.loginToken.count({ where: { contactId: ivy!.contact.id, usedAt: { not: null } } });
    expect(spent).toBe(1); // only the invite, before the deactivation

    // Turned back on: the old link stays revoked, and the portal asks to sign in again.
    await reactivateContact(core(), { accountId: accountId(), contactId: ivy!.contact.id, actor: 'slack:U1' });
    const gone = await page.goto(unused);
    expect(gone!.status()).toBe(410);
    expect(await page.getByRole('button', { name: 'Continue' }).count()).toBe(0);
    await page.goto(new URL('/portal', unused).toString());
    await page.waitForURL('**/login?session-ended');
  });
});
