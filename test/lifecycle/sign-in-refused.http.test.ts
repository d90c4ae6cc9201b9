/**
 * Every way into the portal refuses a deactivated contact with the
 * "turned off" page, without telling a guesser anything: a wrong password
 * still gets the usual answer, and "email me a link/code" the usual page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { startPortalApp, PortalBrowser, type PortalApp } from '../support/portal-app.ts';
import { hashPassword } from '../../src/core/credentials/password-hashing.ts';
import { createMagicLink } from '../../src/core/links/create-magic-link.ts';
import { deactivateContact } from '../../src/core/lifecycle/deactivate-contact.ts';
import { invited } from './lifecycle-fixture.ts';

const turnedOff = /Your access to .+ is turned off\. Ask .+ to turn it back on\./;

describe.each(testProviders)('sign-in refused to a deactivated contact, over HTTP, on %s', (provider) => {
  let p: PortalApp;
  beforeAll(async () => {
    p = await startPortalApp(provider);
  });
  afterAll(() => p?.close());
  const core = () => p.app.context.core;
  const accountId = () => p.app.context.defaultAccount.id;

  it('password, link, code and reset requests all end at the turned-off page or the usual answer', async () => {
    const { contactId } = await invited(core(), accountId(), 'locked@example.com');
    await core().db.contact.update({
      where: { id: contactId },
      data: { passwordHash: await hashPassword('correct horse battery staple') },
    });
    // A link minted just before the deactivation commits (the race): it must not sign in either.
    const raced = await createMagicLink(core(), {
      accountId: accountId(),
      contactId,
      sentVia: 'slack',
      actor: 'system',
    });
    await deactivateContact(core(), { accountId: accountId(), contactId, actor: 'system' });
    await core().db.loginToken.update({ where: { id: raced.id }, data: { revokedAt: null } });

    const browser = new PortalBrowser(p.url);
    const login = await browser.get('/login');
    const wrong = await browser.post('/login', { email: 'locked@example.com', password: 'not the right one' }, login);
    expect(wrong.status).toBe(401);
    expect(wrong.body).not.toMatch(turnedOff);
    const right = await browser.post(
      '/login',
      { email: 'locked@example.com', password: 'correct horse battery staple' },
      login,
    );
    expect(right.status).toBe(403);
    expect(right.body).toMatch(turnedOff);

    const shown = await browser.get(`/l/${raced.token}`);
    expect(shown.status).toBe(403);
    expect(shown.body).toMatch(turnedOff);
    const posted = await browser.post(`/l/${raced.token}`, {}, await browser.get('/login'));
    expect(posted.status).toBe(403);
    expect(posted.body).toMatch(turnedOff);
    expect((await core().db.loginToken.findUniqueOrThrow({ where: { id: raced.id } })).usedAt).toBeNull();
    expect(await core().db.session.count({ where: { contactId } })).toBe(0);

    const messagesBefore = await core().db.message.count({ where: { contactId } });
    const form = await browser.get('/login');
    const code = await browser.post('/login/email-code', { address: 'locked@example.com' }, form);
    expect(code.status).toBeLessThan(400);
    await browser.post('/forgot-password', { email: 'locked@example.com' }, await browser.get('/forgot-password'));
    await p.settle();
    expect(await core().db.message.count({ where: { contactId } })).toBe(messagesBefore);
    expect((await core().db.contact.findUniqueOrThrow({ where: { id: contactId } })).status).toBe('deactivated');
  });
});
