import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createWorkerFixture, type WorkerFixture } from './worker-fixture.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { queueLinkMessage } from '../../src/core/invitations/queue-link-message.ts';
import { saveTemplate } from '../../src/core/templates/save-template.ts';
import { listTemplates } from '../../src/core/templates/list-templates.ts';
import { deleteTemplate } from '../../src/core/templates/delete-template.ts';
import { redeemLink } from '../../src/core/links/redeem-link.ts';
import { queueMessage } from '../../src/core/outbox/queue-message.ts';
import { isAppError, type AppError } from '../../src/core/shared/errors.ts';

const tokensIn = (text: string) => [...text.matchAll(/\/l\/([A-Za-z0-9_-]{43})/g)].map((m) => m[1]!);

describe.each(testProviders)('templates and merge fields on %s', (provider) => {
  let f: WorkerFixture;
  beforeAll(async () => {
    f = await createWorkerFixture(provider);
  });
  afterAll(() => f?.closeAll());

  it('refuses an override with an unknown merge field, listing the known ones', async () => {
    let error: AppError | undefined;
    try {
      await saveTemplate(f.core, {
        accountId: f.account.id,
        kind: 'invite',
        channel: 'email',
        subject: 'Hi {{contact.first_name}}',
        body: 'Go: {{portal.magic_link}} {{contact.nickname}}',
        actor: 'slack:U1',
      });
    } catch (e) {
      error = e as AppError;
    }
    expect(isAppError(error, 'template_invalid')).toBe(true);
    expect(error!.message).toContain('{{portal.magic_link}}');
    expect(error!.message).toContain(
      'Known fields: {{contact.first_name}}, {{contact.last_name}}, {{contact.email}}, {{portal.name}}, {{portal.url}}, {{portal.login_url}}',
    );
    expect(error!.details).toMatchObject({ unknownFields: ['portal.magic_link', 'contact.nickname'] });
    for (const body of ['{{#contact.first_name}}unclosed', '{{> footer}}']) {
      await expect(
        saveTemplate(f.core, { accountId: f.account.id, kind: 'login', channel: 'sms', body, actor: 'slack:U1' }),
      ).rejects.toMatchObject({ code: 'template_invalid' });
    }
    expect((await listTemplates(f.core, { accountId: f.account.id })).filter((t) => t.custom)).toHaveLength(0);
  });

  it('renders an override per recipient; a section link is minted only when the template uses it', async () => {
    await saveTemplate(f.core, {
      accountId: f.account.id,
      kind: 'invite',
      channel: 'email',
      subject: '{{contact.first_name}}, your courses at {{portal.name}}',
      body: 'Dear {{contact.first_name}} {{contact.last_name}} <{{contact.email}}>,\n\nCourses: {{portal.login_url_courses}}\n\nHome: {{portal.url}}',
      actor: 'slack:U1',
    });
    const tokensBefore = await f.core.db.loginToken.count();
    const { invited } = await inviteContacts(f.core, {
      accountId: f.account.id,
      invitees: [
        { address: 'cara@example.com', firstName: 'Cara', lastName: '<Smith>' },
        { address: 'dan@example.com', firstName: 'Dan', lastName: 'Ng' },
      ],
      actor: 'slack:U1',
    });
    // Two invite links made by the invitation.
    expect(await f.core.db.loginToken.count()).toBe(tokensBefore + 2);
    await f.worker.drain();
    // Two more: one courses link each, minted at send time because the template asks for it.
    expect(await f.core.db.loginToken.count()).toBe(tokensBefore + 4);
    const cara = f.resend.emails.find((e) => e.to[0] === 'cara@example.com')!;
    const dan = f.resend.emails.find((e) => e.to[0] === 'dan@example.com')!;
    expect(cara.subject).toBe('Cara, your courses at Client Portal');
    expect(cara.text).toContain('Dear Cara <Smith> <cara@example.com>,');
    expect(cara.html).toContain('Dear Cara &lt;Smith&gt; &lt;cara@example.com&gt;,');
    expect(cara.html).not.toContain('<Smith>');
    expect(cara.text).toContain('Home: http://portal.test/portal');
    const [caraToken] = tokensIn(cara.text!);
    const [danToken] = tokensIn(dan.text!);
    expect(caraToken).not.toBe(danToken);
    const redeemed = await redeemLink(f.core, { accountId: f.account.id, token: caraToken! });
    expect(redeemed).toMatchObject({ section: 'courses', path: '/portal/courses' });
    expect(redeemed.contact.email).toBe('cara@example.com');
    // The invite link the message carries was not revoked by minting the courses link.
    const caraMessage = await f.core.db.message.findUniqueOrThrow({ where: { id: invited[0]!.messageId } });
    const payload = JSON.parse(caraMessage.payload) as { linkId: string; mintedLinks: Record<string, string> };
    expect(Object.keys(payload.mintedLinks)).toEqual(['courses']);
    expect((await f.core.db.loginToken.findUniqueOrThrow({ where: { id: payload.linkId } })).revokedAt).toBeNull();
    expect(caraMessage.preview).not.toContain(caraToken);
    await deleteTemplate(f.core, { accountId: f.account.id, kind: 'invite', channel: 'email', actor: 'slack:U1' });
  });

  it('renders a retried message with the same minted link', async () => {
    await saveTemplate(f.core, {
      accountId: f.account.id,
      kind: 'login',
      channel: 'sms',
      body: '{{portal.name}}: {{portal.login_url_affiliates}}',
      actor: 'slack:U1',
    });
    const contact = await f.core.db.contact.findFirstOrThrow({ where: { email: 'dan@example.com' } });
    await f.core.db.contact.update({ where: { id: contact.id }, data: { phone: '+14155550177' } });
    await f.core.db.$transaction((tx) =>
      queueMessage(tx, {
        accountId: f.account.id,
        contactId: contact.id,
        channel: 'sms',
        template: 'login',
        toAddress: '+14155550177',
        payload: {},
        createdBy: 'system',
        now: f.clock.now,
      }),
    );
    f.twilio.failNext(500);
    await f.worker.drain();
    f.clock.advance(10_000);
    await f.worker.drain();
    const [sms] = f.twilio.messages.filter((m) => m.to === '+14155550177');
    const minted = await f.core.db.loginToken.findMany({ where: { contactId: contact.id, section: 'affiliates' } });
    expect(minted).toHaveLength(1);
    expect(sms!.body).toMatch(/^Client Portal: http:\/\/portal\.test\/l\/[A-Za-z0-9_-]{43}$/);
    await deleteTemplate(f.core, { accountId: f.account.id, kind: 'login', channel: 'sms', actor: 'slack:U1' });
  });

  it('renders access granted, password reset and code messages', async () => {
    const contact = await f.core.db.contact.findFirstOrThrow({ where: { email: 'cara@example.com' } });
    await f.core.db.$transaction(async (tx) => {
      await queueMessage(tx, {
        accountId: f.account.id,
        contactId: contact.id,
        channel: 'email',
        template: 'access_granted',
        toAddress: 'cara@example.com',
        payload: { section: 'courses', resourceName: 'Intro to SEO' },
        createdBy: 'system',
        now: f.clock.now,
      });
      await queueLinkMessage(f.core, tx, {
        accountId: f.account.id,
        contactId: contact.id,
        channel: 'email',
        toAddress: 'cara@example.com',
        purpose: 'reset',
        template: 'password_reset',
        actor: 'system',
      });
    });
    await f.worker.drain();
    const granted = f.resend.emails.find((e) => e.subject === 'You now have access to Intro to SEO')!;
    expect(granted).toBeDefined();
    const [grantToken] = tokensIn(granted.text!);
    expect(await redeemLink(f.core, { accountId: f.account.id, token: grantToken! })).toMatchObject({
      section: 'courses',
      path: '/portal/courses/intro-to-seo',
    });
    const reset = f.resend.emails.find((e) => e.subject === 'Reset your Client Portal password')!;
    expect(reset.text).toMatch(/http:\/\/portal\.test\/reset-password\?token=[A-Za-z0-9_-]{43}/);
    expect(reset.text).toContain('for 1 hour');
  });
});
