/**
 * Issue #11, finding 2: phishing through merge-field values. Names are
 * normalised (NFC) and refused (422, naming the field) when they hold control
 * characters, line breaks or bidi overrides; links and the button in an email
 * come only from the template's own link fields, never from values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { startApi, type TestApi } from '../api/start-api.ts';
import { startFakeResend, type FakeResend } from '../fakes/resend.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { newId } from '../../src/core/shared/ids.ts';
import { createAccount } from '../../src/core/accounts/create-account.ts';
import { emailHtml } from '../../src/delivery/templates/email-html.ts';

const phishing = 'there\n\nhttps://evil.example/portal-login\n\nYour account needs attention';

describe.each(testProviders)('names and merge fields on %s (finding 2)', (provider) => {
  let api: TestApi;
  let resend: FakeResend;
  beforeAll(async () => {
    resend = await startFakeResend();
    api = await startApi(provider, {
      RESEND_API_KEY: 're_test_key',
      RESEND_BASE_URL: resend.url,
      EMAIL_FROM: 'Acme <portal@example.com>',
    });
  });
  afterAll(async () => {
    await api?.close();
    await resend?.close();
  });

  it.each([
    ['a line break and a URL', phishing],
    ['a NUL', 'Ana\u0000'],
    ['a right-to-left override', 'Ana\u202Egnp.exe'],
    ['a bidi isolate', 'Ana\u2066x'],
    ['a tab', 'Ana\tB'],
    ['a Unicode line separator', 'Ana\u2028B'],
    ['a C1 control', 'Ana\u0085'],
  ])('refuses a first name with %s: 422 naming the field, nothing stored', async (_what, firstName) => {
    const email = `bad${Math.random().toString(36).slice(2)}@example.com`;
    const answer = await api.call('POST', '/contacts', { body: { email, firstName } });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message).toContain('firstName');
    expect(answer.body.error.details.invalid[0].input).toBe('firstName');
    expect(await api.app.context.core.db.contact.count({ where: { email } })).toBe(0);
  });

  it('refuses bad names in a bulk invitation, listing the entry, and sends nothing', async () => {
    const answer = await api.call('POST', '/invitations', {
      body: {
        contacts: [
          { address: 'ok1@example.com', firstName: 'Ok' },
          { address: 'bad1@example.com', lastName: 'x\ny' },
        ],
      },
    });
    expect(answer.status).toBe(422);
    expect(JSON.stringify(answer.body)).toContain('bad1@example.com');
    expect(await api.app.context.core.db.contact.count({ where: { email: 'ok1@example.com' } })).toBe(0);
  });

  it('refuses an account name with a line break, naming the field', async () => {
    await expect(
      createAccount(api.app.context.core, {
        slug: 'phish',
        name: 'Acme\n\nhttps://evil.example',
        portalUrl: 'https://phish.example.com',
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('name') });
  });

  it('stores names in NFC', async () => {
    const answer = await api.call('POST', '/contacts', {
      body: { email: 'nfc@example.com', firstName: 'Ana\u0301', lastName: '  Zoe\u0308 ' },
    });
    expect(answer.status).toBeLessThan(300);
    const row = await api.app.context.core.db.contact.findFirstOrThrow({ where: { email: 'nfc@example.com' } });
    expect(row.firstName).toBe('An\u00e1');
    expect(row.lastName).toBe('Zo\u00eb');
  });

  it('an invite to a contact whose stored name carries a URL has one button, to the real link, and no link to the URL', async () => {
    const { core, defaultAccount } = api.app.context;
    // A row written before names were checked: the renderer must be safe on its own.
    const id = newId();
    await core.db.contact.create({
      data: {
        id,
        accountId: defaultAccount.id,
        email: 'victim@example.com',
        firstName: phishing,
        createdAt: new Date(),
      },
    });
    await inviteContacts(core, { accountId: defaultAccount.id, invitees: ['victim@example.com'], actor: 'system' });
    await api.app.outbox.drain();
    const email = resend.emails.find((e) => e.to.includes('victim@example.com'))!;
    expect(email).toBeDefined();
    const html = String(email.html);
    const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(hrefs.length).toBeGreaterThan(0);
    // Only the template's own link fields: the sign-in link, the code page and the portal.
    expect(
      hrefs.every(
        (href) =>
          href!.startsWith('http://portal.test/l/') ||
          href === 'http://portal.test/login/code' ||
          href === defaultAccount.portalUrl,
      ),
    ).toBe(true);
    expect(html).not.toContain('href="https://evil.example');
    expect(html.match(/>Open [^<]*<\/a>/g)).toHaveLength(1);
  });
});

describe('email HTML (finding 2)', () => {
  it('makes buttons and anchors only from the given link fields', () => {
    const real = 'https://portal.example.com/l/abc';
    const html = emailHtml({
      text: `Hi https://evil.example/x\n\nhttps://evil.example/y\n\n${real}\n\nOr go to ${real}.`,
      title: 't',
      portalName: 'Acme',
      links: new Set([real]),
    });
    expect(html).not.toContain('href="https://evil.example');
    expect(html).toContain(`href="${real}"`);
    expect(html.match(/>Open Acme<\/a>/g)).toHaveLength(1);
    expect(html).toContain(`<a href="${real}">${real}</a>.`);
  });
});
