/**
 * Apps of an account other than the default one, in Chromium (which applies
 * cookie paths and SameSite as people's browsers do): account B's portal is
 * `PUBLIC_URL/a/beta`, its issuer too. A link of B lands in B's app signed in;
 * B's password sign-in page resumes B's app sign-in; neither signs anyone in
 * to A's app.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumPath, launchChromium } from '../support/chromium.ts';
import type { PortalApp } from '../support/portal-app.ts';
import { createAccount } from '../../src/core/accounts/create-account.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';
import { grantAccess } from '../../src/core/access/grant-access.ts';
import { createMagicLink } from '../../src/core/links/create-magic-link.ts';
import { createApp } from '../../src/core/oidc/create-app.ts';
import { setPassword } from '../../src/core/credentials/set-password.ts';
import { startProviderApp } from './relying-party.ts';
import { startLoopbackApp, type LoopbackApp } from './loopback-app.ts';

const chromiumMissing = chromiumPath() === undefined;

describe.skipIf(chromiumMissing)("account B's apps sign in on B's portal, in Chromium", () => {
  let p: PortalApp;
  let browser: Browser;
  let betaCourses: LoopbackApp;
  let alphaCourses: LoopbackApp;
  let betaId: string;
  beforeAll(async () => {
    browser = await launchChromium();
    betaCourses = await startLoopbackApp();
    alphaCourses = await startLoopbackApp();
    p = await startProviderApp('sqlite');
    const core = p.app.context.core;
    betaId = (await createAccount(core, { slug: 'beta', name: 'Beta School' })).id;
    const beta = await createApp(core, {
      accountId: betaId,
      name: 'Beta Courses',
      redirectUris: [betaCourses.redirectUri],
      loginUrl: betaCourses.loginUrl,
      actor: 'system',
    });
    await betaCourses.configure(`${p.url}/a/beta`, beta.app.id, beta.clientSecret!);
    const alpha = await createApp(core, {
      accountId: p.app.context.defaultAccount.id,
      name: 'Alpha Courses',
      redirectUris: [alphaCourses.redirectUri],
      loginUrl: alphaCourses.loginUrl,
      actor: 'system',
    });
    await alphaCourses.configure(p.url, alpha.app.id, alpha.clientSecret!);
  });
  afterAll(async () => {
    await browser?.close();
    await p?.close();
    await betaCourses?.close();
    await alphaCourses?.close();
  });

  it("a link of B → Continue → in B's app as B's contact, on its path; A's app still asks A's portal", async () => {
    const core = p.app.context.core;
    const ana = (
      await findOrCreateContact(core, {
        accountId: betaId,
        address: 'ana@example.com',
        firstName: 'Ana',
        actor: 'system',
      })
    ).contact;
    await grantAccess(core, {
      accountId: betaId,
      contactId: ana.id,
      kind: 'course',
      resourceName: 'SEO',
      actor: 'system',
    });
    const link = await createMagicLink(core, {
      accountId: betaId,
      contactId: ana.id,
      app: 'Beta Courses',
      appPath: '/intro-to-seo',
      actor: 'system',
    });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(link.url);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${betaCourses.url}/intro-to-seo`, { timeout: 20_000 });
    expect(await page.locator('h1').textContent()).toBe('Signed in as ana@example.com');
    expect(await page.locator('li.grant').allTextContents()).toEqual(['course:SEO']);
    // B's provider and portal cookies are B's: under /a/beta, with B in their names.
    const cookies = await context.cookies();
    const session = cookies.find((cookie) => cookie.name === '_session-beta');
    expect(session?.path).toBe('/a/beta');
    expect(cookies.find((cookie) => cookie.name === 'pd_session-beta')?.path).toBe('/a/beta');

    // The same browser at A's app: A's sign-in page, nobody signed in.
    await page.goto(`${alphaCourses.loginUrl}?callbackUrl=/lesson-1`);
    await page.waitForURL(`${p.url}/login`, { timeout: 20_000 });
    expect(await page.title()).toBe('Sign in · Acme Academy');
    await context.close();
  });

  it("not signed in at B's app: B's sign-in page; a password of B goes back into B's app", async () => {
    const core = p.app.context.core;
    const cy = (await findOrCreateContact(core, { accountId: betaId, address: 'cy@example.com', actor: 'system' }))
      .contact;
    await setPassword(core, { accountId: betaId, contactId: cy.id, password: 'a long and unusual passphrase 42' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${betaCourses.loginUrl}?callbackUrl=/lesson-2`);
    await page.waitForURL(`${p.url}/a/beta/login`, { timeout: 20_000 });
    expect(await page.title()).toBe('Sign in · Beta School');
    await page.getByLabel('Email address').fill('cy@example.com');
    await page.getByLabel('Password').fill('a long and unusual passphrase 42');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${betaCourses.url}/lesson-2`, { timeout: 20_000 });
    expect(await page.locator('h1').textContent()).toBe('Signed in as cy@example.com');
    await context.close();
  });
});
