/**
 * The product's loop end to end, every part real: an admin runs
 * `/portal invite` in Slack (signed request to the real Bolt app) -> the
 * outbox sends the invite through the real resend SDK to the fake Resend ->
 * the email's link opens in headless Chromium -> Continue -> signed in, in the
 * portal -> `/portal stats` in Slack shows the contact as active.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumPath, launchChromium } from '../support/chromium.ts';
import { freePort } from '../support/free-port.ts';
import { startSlackTestApp, type SlackTestApp } from '../slack/support/slack-test-app.ts';
import { startFakeResend, type FakeResend } from '../fakes/resend.ts';

const chromiumMissing = chromiumPath() === undefined;
if (chromiumMissing)
  console.warn('end-to-end loop skipped: no Chromium at CHROMIUM_PATH or /usr/bin/chromium (apt-get install chromium)');

describe.skipIf(chromiumMissing)('invite in Slack -> email -> click -> signed in -> stats', () => {
  let slack: SlackTestApp;
  let resend: FakeResend;
  let browser: Browser;
  beforeAll(async () => {
    resend = await startFakeResend();
    browser = await launchChromium();
    const port = await freePort();
    slack = await startSlackTestApp('sqlite', {
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      PORTAL_NAME: 'Acme Academy',
      RESEND_API_KEY: 're_test_key',
      EMAIL_FROM: 'Acme Academy <portal@example.com>',
      RESEND_BASE_URL: resend.url,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await slack?.close();
    await resend?.close();
  });

  /** Runs `/portal stats` and returns the text Slack would show in the channel. */
  async function statsText(): Promise<string> {
    const { responseId } = await slack.command('stats');
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      const posted = slack.fake.responsesTo(responseId).at(-1) ?? slack.fake.callsTo('chat.postMessage').at(-1);
      if (posted) return JSON.stringify('body' in posted ? posted.body : posted.args);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('stats were never posted');
  }

  it('takes a contact from invited to active and the counts follow', async () => {
    expect(await statsText()).toContain('0 invited, 0 active');

    const invite = await slack.command('invite ana@example.com');
    expect(invite.status).toBe(200);
    const email = (await waitFor(async () => {
      await slack.app.outbox.drain();
      return resend.emails.find((e) => e.to.includes('ana@example.com'));
    }))!;
    expect(email.subject).toContain('Acme Academy');
    expect(await statsText()).toContain('1 invited, 0 active');

    const link = /(http:\/\/127\.0\.0\.1:\d+\/l\/[A-Za-z0-9_-]{43})/.exec(email.text ?? email.html ?? '')![1]!;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(link);
    await page.getByRole('button', { name: /continue/i }).click();
    await page.waitForURL(/\/portal$/);
    expect(await page.textContent('body')).toContain('Acme Academy');
    await context.close();

    expect(await statsText()).toContain('0 invited, 1 active (100%)');
  });
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
