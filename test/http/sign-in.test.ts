import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { startPortalApp, PortalBrowser, type PortalApp } from '../support/portal-app.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';
import { createMagicLink } from '../../src/core/links/create-magic-link.ts';
import { queueLoginEmails } from '../../src/core/invitations/queue-login-emails.ts';
import { linkCode, linkToken } from '../../src/core/links/link-secrets.ts';

describe.each(testProviders)('portal sign-in over HTTP on %s', (provider) => {
  let p: PortalApp;
  let n = 0;
  beforeAll(async () => {
    p = await startPortalApp(provider);
  });
  afterAll(() => p?.close());

  const core = () => p.app.context.core;
  const accountId = () => p.app.context.defaultAccount.id;
  async function contact(prefix = 'member', extra: { phone?: string } = {}) {
    n += 1;
    const email = `${prefix}${n}@example.com`;
    const c = (
      await findOrCreateContact(core(), { accountId: accountId(), address: email, firstName: 'Sam', actor: 'system' })
    ).contact;
    if (extra.phone) await core().db.contact.update({ where: { id: c.id }, data: { phone: extra.phone } });
    return c;
  }
  /** Signs in with a fresh link, as from an email. */
  async function signedIn(contactId: string) {
    const l = await createMagicLink(core(), { accountId: accountId(), contactId, actor: 'system' });
    const browser = new PortalBrowser(p.url);
    const done = await browser.post(`/l/${l.token}`, {}, await browser.get(`/l/${l.token}`));
    expect(done.status).toBe(303);
    return browser;
  }
  async function newestMessage(contactId: string, template: string) {
    await p.settle();
    return core().db.message.findFirst({ where: { contactId, template }, orderBy: { createdAt: 'desc' } });
  }

  it('sends people who are not signed in to /login, and the portal lists grants or says there is no access yet', async () => {
    const anonymous = new PortalBrowser(p.url);
    const bounced = await anonymous.get('/portal/courses');
    expect(bounced.status).toBe(303);
    expect(bounced.location).toBe('/login?session-ended');
    const c = await contact();
    const browser = await signedIn(c.id);
    const home = await browser.get('/portal');
    expect(home.status).toBe(200);
    expect(home.body).toContain('Welcome, Sam');
    expect(home.body).toContain('Set a password');
    for (const section of ['courses', 'communities', 'affiliates']) {
      const page = await browser.get(`/portal/${section}`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('You have no access to this yet');
    }
    const other = await browser.get('/portal/courses/someone-elses-course');
    expect(other.status).toBe(403);
    expect(other.body).toContain('You have no access to this yet');
    expect((await browser.get('/portal/nowhere')).status).toBe(404);
    const css = await browser.get('/portal.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
  });

  it('lets an invited contact set a password after the first sign-in, by NIST rules, then sign in with it', async () => {
    const c = await contact('setter');
    const browser = await signedIn(c.id);
    const form = await browser.get('/portal/password');
    expect(form.body).toContain('Set a password');
    expect(form.body).toMatch(/<label for="field-password">New password<\/label>/);
    const short = await browser.post('/portal/password', { password: 'short' }, form);
    expect(short.status).toBe(400);
    expect(short.body).toContain('Use at least 8 characters.');
    expect(short.body).toContain('aria-invalid="true"');
    const ownEmail = await browser.post('/portal/password', { password: c.email!.toUpperCase() }, form);
    expect(ownEmail.status).toBe(400);
    expect(ownEmail.body).toContain('Your email address cannot be your password.');
    expect((await browser.post('/portal/password', { password: 'password123' }, form)).status).toBe(400);
    // No composition rules: a long lower-case phrase is fine.
    const saved = await browser.post('/portal/password', { password: 'correct horse battery staple' }, form);
    expect(saved.status).toBe(303);
    const row = await core().db.contact.findUniqueOrThrow({ where: { id: c.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    const fresh = new PortalBrowser(p.url);
    const login = await fresh.get('/login');
    expect(login.body).not.toContain('Sign in with Google');
    const wrong = await fresh.post('/login', { email: c.email!, password: 'not the right one' }, login);
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('That email and password do not match');
    const unknown = await fresh.post('/login', { email: 'nobody-here@example.com', password: 'whatever it is' }, login);
    expect(unknown.status).toBe(401);
    expect(unknown.body.replace('nobody-here@example.com', c.email!)).toBe(wrong.body);
    const right = await fresh.post(
      '/login',
      { email: c.email!.toUpperCase(), password: 'correct horse battery staple' },
      login,
    );
    expect(right.status).toBe(303);
    expect(right.location).toBe('/portal');
    // A new session id on every sign-in, and the old session of this browser is gone.
    const first = fresh.cookies.get('pd_session');
    const again = await fresh.post('/login', { email: c.email!, password: 'correct horse battery staple' }, login);
    expect(again.status).toBe(303);
    expect(fresh.cookies.get('pd_session')).not.toBe(first);
    const old = new PortalBrowser(p.url);
    old.cookies.set('pd_session', first!);
    expect((await old.get('/portal')).status).toBe(303);
  });

  it('a long run of failed sign-ins on the contact locks nothing: the right password still signs in', async () => {
    const c = await contact('locked');
    const browser = await signedIn(c.id);
    await browser.post(
      '/portal/password',
      { password: 'a long enough passphrase' },
      await browser.get('/portal/password'),
    );
    await core().db.contact.update({ where: { id: c.id }, data: { failedSignIns: 100 * 50 } });
    const fresh = new PortalBrowser(p.url);
    const login = await fresh.get('/login');
    expect((await fresh.post('/login', { email: c.email!, password: 'a long enough passphrase' }, login)).status).toBe(
      303,
    );
  });

  it('signs in with the 6-digit code of a login email on a second device, and counts wrong tries', async () => {
    const c = await contact('coder');
    await queueLoginEmails(core(), { accountId: accountId(), contacts: [c.id], section: 'courses', actor: 'slack:U1' });
    const message = await newestMessage(c.id, 'login');
    const linkId = (JSON.parse(message!.payload) as { linkId: string }).linkId;
    const code = linkCode(core().linkKey, linkId);
    const wrongCode = code === '000000' ? '111111' : '000000';
    const device = new PortalBrowser(p.url);
    const form = await device.get('/login/code');
    expect(form.body).toContain('autocomplete="one-time-code"');
    const wrong = await device.post('/login/code', { address: c.email!, code: wrongCode }, form);
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('That code did not work');
    expect(wrong.body).not.toContain('tries left');
    expect((await device.post('/login/code', { address: c.email!, code: '12ab' }, form)).status).toBe(400);
    const right = await device.post(
      '/login/code',
      { address: c.email!, code: `${code.slice(0, 3)} ${code.slice(3)}` },
      form,
    );
    expect(right.status).toBe(303);
    expect(right.location).toBe('/portal/courses');
    // The code spent the link: the emailed link is now used.
    const token = linkToken(core().linkKey, linkId);
    expect((await new PortalBrowser(p.url).get(`/l/${token}`)).status).toBe(410);
  });

  it('spends a code after five wrong tries, even for the right code', async () => {
    const c = await contact('guessed');
    const l = await createMagicLink(core(), { accountId: accountId(), contactId: c.id, actor: 'system' });
    const device = new PortalBrowser(p.url);
    const form = await device.get('/login/code');
    const wrongCode = l.code === '999999' ? '888888' : '999999';
    for (let i = 0; i < 5; i++) await device.post('/login/code', { address: c.email!, code: wrongCode }, form);
    const spent = await device.post('/login/code', { address: c.email!, code: l.code }, form);
    expect(spent.status).toBe(401);
    expect(spent.body).toContain('That code did not work');
    // The link itself still works: the 256-bit token was never at risk.
    const browser = new PortalBrowser(p.url);
    expect((await browser.post(`/l/${l.token}`, {}, await browser.get(`/l/${l.token}`))).status).toBe(303);
  });

  it('"email me a code" answers the same for known and unknown addresses, and texts SMS users their code', async () => {
    const c = await contact('texter', { phone: '+14155550123' });
    const browser = new PortalBrowser(p.url);
    const login = await browser.get('/login');
    const known = await browser.post('/login/email-code', { email: c.email!, password: '' }, login);
    const unknown = await browser.post('/login/email-code', { email: 'stranger@example.com', password: '' }, login);
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(unknown.body.replaceAll('stranger@example.com', c.email!)).toBe(known.body);
    const emailed = await newestMessage(c.id, 'code');
    expect(emailed).toMatchObject({ channel: 'email', toAddress: c.email });
    expect(await core().db.message.count({ where: { toAddress: 'stranger@example.com' } })).toBe(0);

    const texted = await browser.post('/login/email-code', { address: '+1 415 555 0123' }, login);
    expect(texted.status).toBe(200);
    const sms = await newestMessage(c.id, 'code');
    expect(sms).toMatchObject({ channel: 'sms', toAddress: '+14155550123' });
    const code = linkCode(core().linkKey, (JSON.parse(sms!.payload) as { linkId: string }).linkId);
    const phone = new PortalBrowser(p.url);
    const done = await phone.post('/login/code', { address: '+14155550123', code }, await phone.get('/login/code'));
    expect(done.status).toBe(303);
    expect(done.location).toBe('/portal');
  });

  it('"email me a link" answers the same for known and unknown addresses', async () => {
    const c = await contact('linker');
    const browser = new PortalBrowser(p.url);
    const login = await browser.get('/login');
    const known = await browser.post('/login/email-link', { email: c.email! }, login);
    const unknown = await browser.post('/login/email-link', { email: 'ghost@example.com' }, login);
    expect([known.status, unknown.status]).toEqual([200, 200]);
    expect(unknown.body.replaceAll('ghost@example.com', c.email!)).toBe(known.body);
    expect(await newestMessage(c.id, 'login')).toMatchObject({ channel: 'email' });
    const empty = await browser.post('/login/email-link', { email: '' }, login);
    expect(empty.status).toBe(400);
    expect(empty.body).toContain('Enter your email address first.');
  });

  it('resets a password: same answer for unknown addresses, one-time link, rules checked before spending, signed out everywhere', async () => {
    const c = await contact('forgetful');
    const elsewhere = await signedIn(c.id);
    await elsewhere.post(
      '/portal/password',
      { password: 'the old passphrase' },
      await elsewhere.get('/portal/password'),
    );
    const browser = new PortalBrowser(p.url);
    const form = await browser.get('/forgot-password');
    const known = await browser.post('/forgot-password', { email: c.email! }, form);
    const unknown = await browser.post('/forgot-password', { email: 'unknown-person@example.com' }, form);
    expect([known.status, unknown.status]).toEqual([200, 200]);
    expect(unknown.body.replaceAll('unknown-person@example.com', c.email!)).toBe(known.body);
    expect(known.body).toContain('works for 1 hour');
    const message = await newestMessage(c.id, 'password_reset');
    const linkId = (JSON.parse(message!.payload) as { linkId: string }).linkId;
    const reset = await core().db.loginToken.findUniqueOrThrow({ where: { id: linkId } });
    expect(reset.purpose).toBe('reset');
    expect(reset.expiresAt.getTime() - reset.createdAt.getTime()).toBe(60 * 60_000);
    const token = linkToken(core().linkKey, linkId);

    const page = await browser.get(`/reset-password?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Choose a new password');
    const weak = await browser.post('/reset-password', { token, password: c.email! }, page);
    expect(weak.status).toBe(400);
    expect(weak.body).toContain('Your email address cannot be your password.');
    expect((await core().db.loginToken.findUniqueOrThrow({ where: { id: linkId } })).usedAt).toBeNull();
    const done = await browser.post('/reset-password', { token, password: 'a brand new passphrase' }, page);
    expect(done.status).toBe(303);
    expect(done.location).toBe('/login?password-changed');
    expect((await elsewhere.get('/portal')).status).toBe(303); // signed out everywhere
    expect((await browser.post('/reset-password', { token, password: 'another new passphrase' }, page)).status).toBe(
      410,
    );
    const login = await browser.get('/login?password-changed');
    expect(login.body).toContain('Your password has been changed');
    expect((await browser.post('/login', { email: c.email!, password: 'the old passphrase' }, login)).status).toBe(401);
    expect((await browser.post('/login', { email: c.email!, password: 'a brand new passphrase' }, login)).status).toBe(
      303,
    );
    expect((await browser.get('/reset-password?token=nonsense')).status).toBe(404);
  });

  it('refuses oversized forms with a 413 page and signs out with a CSRF-protected POST', async () => {
    const c = await contact();
    const browser = await signedIn(c.id);
    const home = await browser.get('/portal');
    const big = await browser.post('/login', { email: 'x'.repeat(20_000) }, home);
    expect(big.status).toBe(413);
    expect(big.body).toContain('Acme Academy');
    expect((await browser.post('/logout', {})).status).toBe(403);
    const out = await browser.post('/logout', {}, home);
    expect(out.status).toBe(303);
    expect((await browser.get('/portal')).status).toBe(303);
  });
});

describe('portal on https', () => {
  let p: PortalApp;
  beforeAll(async () => {
    p = await startPortalApp('sqlite', { PUBLIC_URL: 'https://portal.example.com' });
  });
  afterAll(() => p?.close());

  it('uses __Host- cookies with Secure when PUBLIC_URL is https', async () => {
    const core = p.app.context.core;
    const accountId = p.app.context.defaultAccount.id;
    const c = (await findOrCreateContact(core, { accountId, address: 'secure@example.com', actor: 'system' })).contact;
    const l = await createMagicLink(core, { accountId, contactId: c.id, actor: 'system' });
    const browser = new PortalBrowser(p.url);
    const page = await browser.get(`/l/${l.token}`);
    expect(page.headers.getSetCookie()[0]).toMatch(/^__Host-pd_csrf=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
    const done = await browser.post(`/l/${l.token}`, {}, page);
    expect(done.status).toBe(303);
    expect(done.headers.getSetCookie().find((line) => line.startsWith('__Host-pd_session='))).toMatch(
      /; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/,
    );
    expect((await browser.get('/portal')).status).toBe(200);
  });
});
