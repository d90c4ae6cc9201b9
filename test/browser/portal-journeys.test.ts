/**
 * The sign-in journeys in real headless Chromium, from emails captured by the
 * fake Resend: link -> Continue -> courses; scanners leave the link usable;
 * a code on a second device; forgot password -> reset -> sign in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumPath } from '../support/chromium.ts';
import type { PortalApp } from '../support/portal-app.ts';
import { linkIn, openBrowserPortal, type BrowserPortal } from '../support/browser-portal.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { queueLoginEmails } from '../../src/core/invitations/queue-login-emails.ts';
import { listAuditEvents } from '../../src/core/audit/list-audit-events.ts';

const human = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
const chromiumMissing = chromiumPath() === undefined;
if (chromiumMissing)
  console.warn('browser tests skipped: no Chromium at CHROMIUM_PATH or /usr/bin/chromium (apt-get install chromium)');

describe.skipIf(chromiumMissing)('portal journeys in Chromium', () => {
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
  /** A fresh browser context: a device with no cookies of its own yet. */
  async function device(options: { userAgent?: string } = {}) {
    const context = await browser.newContext({ userAgent: options.userAgent ?? human });
    return { context };
  }
  const emailTo = (address: string) => portal.emailTo(address);

  it('opens the invite from the email, continues, and lands in the courses section signed in', async () => {
    await inviteContacts(core(), {
      accountId: accountId(),
      invitees: [{ address: 'ivy@example.com', firstName: 'Ivy' }],
      grants: [{ kind: 'course', resourceName: 'Intro to SEO' }],
      section: 'courses',
      actor: 'slack:U1',
    });
    const email = await emailTo('ivy@example.com');
    const { context } = await device();
    const page = await context.newPage();
    await page.goto(linkIn(email.text!));
    expect(await page.locator('h1').textContent()).toBe('Continue to Acme Academy as i…@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/portal/courses');
    expect(await page.locator('h1').textContent()).toBe('Courses');
    expect(await page.getByRole('link', { name: 'Intro to SEO' }).count()).toBe(1);
    // The stylesheet loaded under the CSP.
    const maxWidth = await page
      .locator('main')
      .evaluate(
        (main) =>
          (globalThis as unknown as { getComputedStyle(e: unknown): { maxWidth: string } }).getComputedStyle(main)
            .maxWidth,
      );
    expect(maxWidth).not.toBe('none');
  });

  it('survives a scanner: GET, HEAD and a JavaScript-enabled visit that does not click leave the link usable', async () => {
    await inviteContacts(core(), { accountId: accountId(), invitees: ['scan@example.com'], actor: 'slack:U1' });
    const contactId = (await core().db.contact.findFirstOrThrow({ where: { email: 'scan@example.com' } })).id;
    await queueLoginEmails(core(), {
      accountId: accountId(),
      contacts: [contactId],
      section: 'courses',
      actor: 'slack:U1',
    });
    const link = linkIn((await emailTo('scan@example.com')).text!);
    expect(
      (await fetch(link, { headers: { 'user-agent': 'Mozilla/4.0 (compatible; ms-office; MSOffice 16)' } })).status,
    ).toBe(200);
    expect((await fetch(link, { method: 'HEAD' })).status).toBe(200);
    const scanner = await device({
      userAgent:
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36',
    });
    const scan = await scanner.context.newPage();
    await scan.goto(link, { waitUntil: 'load' });
    await scan.waitForTimeout(500);
    await scan.close();

    const person = await device();
    const page = await person.context.newPage();
    await page.goto(link);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/portal/courses');
    const events = await listAuditEvents(core(), {
      accountId: accountId(),
      subjects: [`contact:${contactId}`],
      limit: 50,
    });
    expect(events.filter((e) => e.action === 'link.scanned').length).toBeGreaterThanOrEqual(3);
  });

  it('signs in with the emailed code on a second device', async () => {
    await inviteContacts(core(), { accountId: accountId(), invitees: ['cody@example.com'], actor: 'slack:U1' });
    const laptop = await device();
    const ask = await laptop.context.newPage();
    await ask.goto(`${p.url}/login`);
    await ask.getByLabel('Email address').fill('cody@example.com');
    await ask.getByRole('button', { name: 'Email me a code' }).click();
    await ask.waitForURL('**/login/email-code');
    const code = /is (\d{6})\./.exec((await emailTo('cody@example.com')).text!)![1]!;

    const phone = await device();
    const page = await phone.context.newPage();
    await page.goto(`${p.url}/login/code`);
    await page.getByLabel('Email address or mobile number').fill('cody@example.com');
    await page.getByLabel('6-digit code').fill(code);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/portal$/);
    expect(await page.locator('h1').textContent()).toBe('Welcome, cody@example.com');
  });

  it('resets a forgotten password and signs in with the new one', async () => {
    await inviteContacts(core(), {
      accountId: accountId(),
      invitees: [{ address: 'fern@example.com', firstName: 'Fern' }],
      actor: 'slack:U1',
    });
    const { context } = await device();
    const page = await context.newPage();
    await page.goto(`${p.url}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email address').fill('fern@example.com');
    await page.getByRole('button', { name: 'Email me a reset link' }).click();
    await page.getByText('we have emailed it a link').waitFor();
    const resetLink = linkIn((await emailTo('fern@example.com')).text!);
    await page.goto(resetLink);
    await page.getByLabel('New password').fill('short');
    await page.getByRole('button', { name: 'Save new password' }).click();
    expect(await page.locator('.field-error').textContent()).toContain('at least 8 characters');
    await page.getByLabel('New password').fill('fern picks a long passphrase');
    await page.getByRole('button', { name: 'Save new password' }).click();
    await page.waitForURL('**/login?password-changed');
    await page.getByLabel('Email address').fill('fern@example.com');
    await page.getByLabel('Password').fill('fern picks a long passphrase');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/portal$/);
    expect(await page.locator('h1').textContent()).toBe('Welcome, Fern');
  });
});
