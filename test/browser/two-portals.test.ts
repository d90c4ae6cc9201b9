/**
 * Two accounts' portals on their own hosts in real Chromium (issue #16): `acme.localhost` and
 * `beta.localhost` (PORTAL_BASE_DOMAIN=localhost) resolve to loopback through a host resolver rule.
 * Each host shows its own portal; a link emailed for one is refused on the other like an unknown link;
 * the session cookie of one neither travels to nor works on the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumPath } from '../support/chromium.ts';
import type { PortalApp } from '../support/portal-app.ts';
import { linkIn, openBrowserPortal, type BrowserPortal } from '../support/browser-portal.ts';
import { createAccount } from '../../src/core/accounts/create-account.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';
import { queueLoginEmails } from '../../src/core/invitations/queue-login-emails.ts';
import type { Account } from '../../src/core/accounts/account-view.ts';

const chromiumMissing = chromiumPath() === undefined;

describe.skipIf(chromiumMissing)('two portals on two hosts in Chromium', () => {
  let portal: BrowserPortal;
  let p: PortalApp;
  let browser: Browser;
  let acme: Account;
  let beta: Account;
  let port: string;
  const at = (host: string, path: string) => `http://${host}.localhost:${port}${path}`;
  beforeAll(async () => {
    portal = await openBrowserPortal({
      publicHost: 'localhost',
      env: { PORTAL_BASE_DOMAIN: 'localhost', PORTAL_NAME: 'Desk Default' },
      chromiumArgs: ['--host-resolver-rules=MAP *.localhost 127.0.0.1'],
    });
    ({ p, browser } = portal);
    port = new URL(p.app.context.config.publicUrl).port;
    const { core } = p.app.context;
    acme = await createAccount(core, { slug: 'acme', name: 'Acme Academy' });
    beta = await createAccount(core, { slug: 'beta', name: 'Beta School' });
    for (const [account, address] of [
      [acme, 'ana@example.com'],
      [beta, 'bob@example.com'],
    ] as const)
      await findOrCreateContact(core, { accountId: account.id, address, actor: 'system' });
  });
  afterAll(async () => {
    await portal?.close();
  });

  async function emailedLink(account: Account, address: string): Promise<string> {
    await queueLoginEmails(p.app.context.core, { accountId: account.id, contacts: [address], actor: 'system' });
    return linkIn((await portal.emailTo(address)).text!);
  }

  it('shows each portal on its own host, with its own name', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(at('acme', '/'));
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.title()).toBe('Sign in · Acme Academy');
    expect(await page.locator('header .brand').textContent()).toBe('Acme Academy');
    await page.goto(at('beta', '/login'));
    expect(await page.title()).toBe('Sign in · Beta School');
    const nowhere = await page.goto(at('nope', '/login'));
    expect(nowhere!.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('There is no portal here');
    await context.close();
  });

  it("refuses Acme's emailed link on Beta's host like an unknown link; on Acme's it signs in", async () => {
    const link = await emailedLink(acme, 'ana@example.com');
    expect(link).toMatch(new RegExp(`^http://acme\\.localhost:${port}/l/`));
    const context = await browser.newContext();
    const page = await context.newPage();
    const onBeta = await page.goto(link.replace('//acme.', '//beta.'));
    expect(onBeta!.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('This link does not work');
    const unknown = await page.goto(at('beta', `/l/${'z'.repeat(43)}`));
    expect(unknown!.status()).toBe(404);

    await page.goto(link);
    expect(await page.locator('h1').textContent()).toBe('Continue to Acme Academy as a…@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(at('acme', '/portal'));
    expect(await page.locator('h1').textContent()).toBe('Welcome, ana@example.com');
    await context.close();
  });

  it("keeps Acme's session cookie on Acme's host: Beta's portal is not signed in, even with the cookie planted", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(await emailedLink(acme, 'ana@example.com'));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(at('acme', '/portal'));
    const session = (await context.cookies(at('acme', '/'))).find((cookie) => cookie.name === 'pd_session');
    expect(session).toMatchObject({ domain: 'acme.localhost', httpOnly: true });
    expect((await context.cookies(at('beta', '/'))).map((cookie) => cookie.name)).not.toContain('pd_session');

    await page.goto(at('beta', '/portal'));
    expect(page.url()).toBe(at('beta', '/login?session-ended'));
    expect(await page.title()).toBe('Sign in · Beta School');
    await context.addCookies([{ name: 'pd_session', value: session!.value, url: at('beta', '/') }]);
    await page.goto(at('beta', '/portal'));
    expect(page.url()).toBe(at('beta', '/login?session-ended'));
    // Still signed in where it belongs.
    await page.goto(at('acme', '/portal'));
    expect(await page.locator('h1').textContent()).toBe('Welcome, ana@example.com');
    await context.close();
  });
});
