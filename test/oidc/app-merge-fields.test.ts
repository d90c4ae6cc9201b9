/**
 * A message sent to land in an app (login email or magic link by email/SMS
 * with `app` and `path`): every login-link field of its template, section
 * fields included, lands in that app at that path; so does the "access
 * granted" message for a grant whose URL is in an app. Driven through the
 * outbox worker (prepare-send-group.ts → render input → render-message.ts)
 * to the Resend and Twilio stand-ins, then redeemed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createWorkerFixture, type WorkerFixture } from '../delivery/worker-fixture.ts';
import { createApp } from '../../src/core/oidc/create-app.ts';
import { appLaunchPath } from '../../src/core/oidc/app-link-target.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';
import { queueLoginEmails } from '../../src/core/invitations/queue-login-emails.ts';
import { saveTemplate } from '../../src/core/templates/save-template.ts';
import { redeemLink } from '../../src/core/links/redeem-link.ts';
import type { RenderInput } from '../../src/core/outbox/render-input.ts';
import { registerAutomation } from '../../src/core/automation/register-automation.ts';
import { updateAutomationSettings } from '../../src/core/automation/update-automation-settings.ts';
import { grantAccess } from '../../src/core/access/grant-access.ts';

const tokensIn = (text: string) => [...text.matchAll(/\/l\/([A-Za-z0-9_-]{43})/g)].map((m) => m[1]!);

describe.each(testProviders)('login-link fields of a message that targets an app, on %s', (provider) => {
  let f: WorkerFixture;
  let appId: string;
  beforeAll(async () => {
    f = await createWorkerFixture(provider);
    const { app } = await createApp(f.core, {
      accountId: f.account.id,
      name: 'Courses',
      redirectUris: ['https://courses.example.com/cb'],
      loginUrl: 'https://courses.example.com/signin',
      actor: 'system',
    });
    appId = app.id;
    await saveTemplate(f.core, {
      accountId: f.account.id,
      kind: 'login',
      channel: 'email',
      subject: 'Your courses',
      body: 'Start: {{portal.login_url}}\n\nCourses: {{portal.login_url_courses}}\n\nCommunity: {{portal.login_url_communities}}',
      actor: 'slack:U1',
    });
    await saveTemplate(f.core, {
      accountId: f.account.id,
      kind: 'login',
      channel: 'sms',
      body: 'Courses: {{portal.login_url_courses}}',
      actor: 'slack:U1',
    });
  });
  afterAll(() => f?.closeAll());

  it('by email: every login-link field opens the app at the path, with no extra link minted', async () => {
    const { contact } = await findOrCreateContact(f.core, {
      accountId: f.account.id,
      address: 'ana@example.com',
      actor: 'system',
    });
    const { queued } = await queueLoginEmails(f.core, {
      accountId: f.account.id,
      contacts: ['ana@example.com'],
      app: 'Courses',
      appPath: '/intro-to-seo',
      actor: 'slack:U1',
    });
    const linksBefore = await f.core.db.loginToken.count({ where: { contactId: contact.id } });
    await f.worker.drain();
    expect(await f.core.db.loginToken.count({ where: { contactId: contact.id } })).toBe(linksBefore);

    // The render input core kept: all three fields are the message's own app link.
    const message = await f.core.db.message.findUniqueOrThrow({ where: { id: queued[0]!.messageId } });
    const payload = JSON.parse(message.payload) as { linkId: string; render: RenderInput; mintedLinks?: unknown };
    expect(payload.render.loginLinks).toEqual({
      'portal.login_url': payload.linkId,
      'portal.login_url_courses': payload.linkId,
      'portal.login_url_communities': payload.linkId,
    });
    expect(payload.mintedLinks).toBeUndefined();

    const email = f.resend.emails.find((e) => e.to[0] === 'ana@example.com')!;
    const tokens = tokensIn(email.text!);
    expect(tokens).toHaveLength(3);
    expect(new Set(tokens).size).toBe(1);
    const redeemed = await redeemLink(f.core, { accountId: f.account.id, token: tokens[0]! });
    expect(redeemed.path).toBe(appLaunchPath(appId, '/intro-to-seo'));
  });

  it('by SMS the same; a message without an app still sends section fields to the portal section', async () => {
    await findOrCreateContact(f.core, { accountId: f.account.id, address: '+14155550123', actor: 'system' });
    await queueLoginEmails(f.core, {
      accountId: f.account.id,
      contacts: ['+14155550123'],
      channel: 'sms',
      app: 'Courses',
      appPath: '/seo/lesson-2',
      actor: 'slack:U1',
    });
    await f.worker.drain();
    const sms = f.twilio.messages.find((m) => m.to === '+14155550123')!;
    const [token] = tokensIn(sms.body);
    expect((await redeemLink(f.core, { accountId: f.account.id, token: token! })).path).toBe(
      appLaunchPath(appId, '/seo/lesson-2'),
    );

    await findOrCreateContact(f.core, { accountId: f.account.id, address: 'ben@example.com', actor: 'system' });
    await queueLoginEmails(f.core, { accountId: f.account.id, contacts: ['ben@example.com'], actor: 'slack:U1' });
    await f.worker.drain();
    const plain = f.resend.emails.find((e) => e.to[0] === 'ben@example.com')!;
    const [start, courses, community] = tokensIn(plain.text!);
    expect(new Set([start, courses, community]).size).toBe(3);
    expect((await redeemLink(f.core, { accountId: f.account.id, token: courses! })).path).toBe('/portal/courses');
  });

  it('access granted: a grant whose URL is in an app lands there, on that course; other grants open the portal section', async () => {
    registerAutomation(f.core);
    await updateAutomationSettings(f.core, {
      accountId: f.account.id,
      accessGranted: { enabled: true },
      actor: 'slack:U1',
    });
    await saveTemplate(f.core, {
      accountId: f.account.id,
      kind: 'access_granted',
      channel: 'email',
      subject: 'Now open: {{access.resource_name}}',
      body: 'Open: {{portal.login_url}}\n\nAll courses: {{portal.login_url_courses}}',
      actor: 'slack:U1',
    });
    const { contact } = await findOrCreateContact(f.core, {
      accountId: f.account.id,
      address: 'cleo@example.com',
      actor: 'system',
    });
    const grant = (resourceName: string, resourceUrl?: string) =>
      grantAccess(f.core, {
        accountId: f.account.id,
        contactId: contact.id,
        kind: 'course',
        resourceName,
        resourceUrl,
        actor: 'api:key1',
      });
    // Each new sign-in link sent replaces the older unused ones, so each is opened before the next grant.
    const landing = async (resourceName: string, resourceUrl?: string) => {
      await grant(resourceName, resourceUrl);
      await f.worker.drain();
      const email = f.resend.emails.find(
        (e) => e.to[0] === 'cleo@example.com' && e.subject === `Now open: ${resourceName}`,
      )!;
      const paths: string[] = [];
      for (const token of tokensIn(email.text!))
        paths.push(
          await redeemLink(f.core, { accountId: f.account.id, token }).then(
            (r) => r.path,
            (error: { code?: string }) => String(error.code),
          ),
        );
      return paths;
    };
    // One link into the app serves both fields: the second redemption finds it used.
    expect(await landing('Intro to SEO', 'https://courses.example.com/intro-to-seo?lesson=2')).toEqual([
      appLaunchPath(appId, '/intro-to-seo?lesson=2'),
      'link_used',
    ]);
    expect(await landing('Pottery', 'https://elsewhere.example.com/pottery')).toEqual([
      '/portal/courses/pottery',
      '/portal/courses',
    ]);
    expect(await landing('Knitting')).toEqual(['/portal/courses/knitting', '/portal/courses']);
  });
});
