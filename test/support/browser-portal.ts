/**
 * The portal in-process on SQLite with its emails going to the fake Resend,
 * and a headless Chromium to open them: what the browser journeys share.
 * Links in emails carry PUBLIC_URL, so the service listens where PUBLIC_URL says.
 */
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { freePort } from './free-port.ts';
import { startPortalApp, type PortalApp } from './portal-app.ts';
import { startFakeResend, type FakeResend, type ReceivedEmail } from '../fakes/resend.ts';

export interface BrowserPortal {
  p: PortalApp;
  resend: FakeResend;
  browser: Browser;
  /** Sends what is queued and returns the newest email to this address. */
  emailTo(address: string): Promise<ReceivedEmail>;
  close(): Promise<void>;
}

export interface BrowserPortalOptions {
  /** PUBLIC_URL's host. @default "127.0.0.1" */
  publicHost?: string;
  /** More service settings (PORTAL_BASE_DOMAIN, PORTAL_NAME…). */
  env?: Record<string, string>;
  /** More Chromium switches (a host resolver rule for `*.localhost`). */
  chromiumArgs?: string[];
}

export async function openBrowserPortal(options: BrowserPortalOptions = {}): Promise<BrowserPortal> {
  const resend = await startFakeResend();
  const browser = await launchChromium(options.chromiumArgs);
  const port = await freePort();
  const p = await startPortalApp('sqlite', {
    PORT: String(port),
    PUBLIC_URL: `http://${options.publicHost ?? '127.0.0.1'}:${port}`,
    RESEND_API_KEY: 're_test_key',
    EMAIL_FROM: 'Acme Academy <portal@example.com>',
    RESEND_BASE_URL: resend.url,
    ...options.env,
  });
  return {
    p,
    resend,
    browser,
    async emailTo(address) {
      await p.settle();
      await p.app.outbox.drain();
      const email = resend.emails.filter((e) => e.to.includes(address)).at(-1);
      if (!email) throw new Error(`no email to ${address}`);
      return email;
    },
    async close() {
      await browser.close();
      await p.close();
      await resend.close();
    },
  };
}

/** The sign-in (or reset) link in an email's text, on any host and under any `/a/<slug>` prefix. */
export function linkIn(text: string): string {
  return /(http:\/\/[a-z0-9.-]+:\d+(?:\/a\/[a-z0-9-]+)?\/(?:l\/|reset-password\?token=)[A-Za-z0-9_-]+)/.exec(text)![1]!;
}
