/**
 * A magic link that lands in an app, in real headless Chromium: the email
 * from the Resend stand-in → Continue → the loopback app (openid-client)
 * shows it is signed in as that contact, with the right grant, on the
 * requested path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumPath, launchChromium } from '../support/chromium.ts';
import type { PortalApp } from '../support/portal-app.ts';
import { startFakeResend, type FakeResend } from '../fakes/resend.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';
import { grantAccess } from '../../src/core/access/grant-access.ts';
import { queueLoginEmails } from '../../src/core/invitations/queue-login-emails.ts';
import { createApp } from '../../src/core/oidc/create-app.ts';
import { setPassword } from '../../src/core/credentials/set-password.ts';
import { startProviderApp } from './relying-party.ts';
import { startLoopbackApp, type LoopbackApp } from './loopback-app.ts';

const chromiumMissing = chromiumPath() === undefined;
if (chromiumMissing)
  console.warn('browser tests skipped: no Chromium at CHROMIUM_PATH or /usr/bin/chromium (apt-get install chromium)');

describe.skipIf(chromiumMissing)('a magic link into an app, in Chromium', () => {
  let p: PortalApp;
  let resend: FakeResend;
  let browser: Browser;
  let courses: LoopbackApp;
  beforeAll(async () => {
    resend = await startFakeResend();
    browser = await launchChromium();
    courses = await startLoopbackApp();
    p = await startProviderApp('sqlite', {
      RESEND_API_KEY: 're_test_key',
      EMAIL_FROM: 'Acme Academy <portal@example.com>',
      RESEND_BASE_URL: resend.url,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await p?.close();
    await courses?.close();
    await resend?.close();
  });

  it('email → Continue → signed in to the app as the contact, with the grant, on /intro-to-seo', async () => {
    const core = p.app.context.core;
    const accountId = p.app.context.defaultAccount.id;
    const { app, clientSecret } = await createApp(core, {
      accountId,
      name: 'Courses',
      redirectUris: [courses.redirectUri],
      loginUrl: courses.loginUrl,
      requires: 'course:*',
      actor: 'system',
    });
    await courses.configure(p.url, app.id, clientSecret!);
    const ana = (
      await findOrCreateContact(core, { accountId, address: 'ana@example.com', firstName: 'Ana', actor: 'system' })
    ).contact;
    await grantAccess(core, {
      accountId,
      contactId: ana.id,
      kind: 'course',
      resourceName: 'Intro to SEO',
      actor: 'system',
    });
    await queueLoginEmails(core, {
      accountId,
      contacts: [ana.id],
      app: 'Courses',
      appPath: '/intro-to-seo',
      actor: 'slack:U1',
    });
    await p.app.outbox.drain();
    const email = resend.emails.filter((e) => e.to.includes('ana@example.com')).at(-1)!;
    const link = /(http:\/\/127\.0\.0\.1:\d+\/l\/[A-Za-z0-9_-]+)/.exec(email.text!)![1]!;

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(link);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${courses.url}/intro-to-seo`, { timeout: 20_000 });
    expect(await page.locator('h1').textContent()).toBe('Signed in as ana@example.com');
    expect(await page.locator('#path').textContent()).toBe('/intro-to-seo');
    expect(await page.locator('li.grant').allTextContents()).toEqual(['course:Intro to SEO']);
    await context.close();
  });

  it('not signed in: the app sends the browser to the portal sign-in page; a password sign-in goes back into the app, and a contact without the grant sees why not', async () => {
    const core = p.app.context.core;
    const accountId = p.app.context.defaultAccount.id;
    const cy = (await findOrCreateContact(core, { accountId, address: 'cy@example.com', actor: 'system' })).contact;
    await grantAccess(core, {
      accountId,
      contactId: cy.id,
      kind: 'course',
      resourceName: 'Intro to SEO',
      actor: 'system',
    });
    await setPassword(core, { accountId, contactId: cy.id, password: 'a long and unusual passphrase 42' });
    const dee = (await findOrCreateContact(core, { accountId, address: 'dee@example.com', actor: 'system' })).contact;
    await setPassword(core, { accountId, contactId: dee.id, password: 'another long passphrase 1234' });

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${courses.loginUrl}?callbackUrl=/lesson-2`);
    await page.waitForURL('**/login');
    await page.getByLabel('Email address').fill('cy@example.com');
    await page.getByLabel('Password').fill('a long and unusual passphrase 42');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${courses.url}/lesson-2`, { timeout: 20_000 });
    expect(await page.locator('h1').textContent()).toBe('Signed in as cy@example.com');
    await context.close();

    const other = await browser.newContext();
    const page2 = await other.newPage();
    await page2.goto(`${courses.loginUrl}?callbackUrl=/lesson-2`);
    await page2.waitForURL('**/login');
    await page2.getByLabel('Email address').fill('dee@example.com');
    await page2.getByLabel('Password').fill('another long passphrase 1234');
    await page2.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page2.waitForURL('**/oidc/interaction/**', { timeout: 20_000 });
    expect(await page2.locator('h1').textContent()).toBe("You don't have access to Courses yet");
    await other.close();
  });
});
