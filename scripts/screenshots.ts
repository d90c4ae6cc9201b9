/**
 * The README's screenshots, made with the project's own Chromium setup
 * (test/support/chromium.ts): the page a login link opens, and the message
 * `/portal stats` posts in Slack (the real Block Kit from src/slack/blocks,
 * drawn by scripts/block-kit-html.ts: these machines cannot reach Slack).
 * Usage: npm run docs:screenshots   (writes docs/screenshots/*.png)
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { startApp } from '../src/app.ts';
import { createLogger } from '../src/logger.ts';
import { inviteContacts } from '../src/core/invitations/invite-contacts.ts';
import { createMagicLink } from '../src/core/links/create-magic-link.ts';
import { redeemLink } from '../src/core/links/redeem-link.ts';
import { countPortalUsers } from '../src/core/stats/count-portal-users.ts';
import { recountPortalUsers } from '../src/core/stats/recount-portal-users.ts';
import { statsMessage } from '../src/slack/blocks/stats.ts';
import { launchChromium } from '../test/support/chromium.ts';
import { freePort } from '../test/support/free-port.ts';
import { slackMessagePage } from './block-kit-html.ts';

const out = join(import.meta.dirname, '..', 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'portal-desk-screenshots-'));
const port = await freePort();
const app = await startApp(
  loadConfig({
    PORT: String(port),
    PUBLIC_URL: 'https://portal.acme-academy.example',
    DATA_DIR: dataDir,
    DATABASE_URL: `file:${join(dataDir, 'portal.db')}`,
    PORTAL_NAME: 'Acme Academy',
  }),
  { logger: createLogger({ level: 'warn' }) },
);
const browser = await launchChromium();
try {
  const { core, defaultAccount } = app.context;
  // A portal with some history: 12 invited, 9 of them signed in, 3 of those invited a while ago.
  const invitees = Array.from({ length: 12 }, (_, i) => ({
    address: `client${i + 1}@example.com`,
    firstName: `Client ${i + 1}`,
  }));
  const { invited } = await inviteContacts(core, { accountId: defaultAccount.id, invitees, actor: 'system' });
  await app.outbox.drain();
  for (const entry of invited.slice(3)) {
    const link = await createMagicLink(core, {
      accountId: defaultAccount.id,
      contactId: entry.contact.id,
      actor: 'system',
    });
    await redeemLink(core, { accountId: defaultAccount.id, token: link.token });
  }
  await core.db.contact.updateMany({
    where: { email: { in: ['client1@example.com', 'client2@example.com', 'client3@example.com'] } },
    data: { invitedAt: new Date(Date.now() - 10 * 86_400_000) },
  });
  await recountPortalUsers(core, { accountId: defaultAccount.id });

  const page = await (
    await browser.newContext({ viewport: { width: 720, height: 520 }, deviceScaleFactor: 1 })
  ).newPage();
  const ana = (
    await inviteContacts(core, {
      accountId: defaultAccount.id,
      invitees: [{ address: 'ana@example.com', firstName: 'Ana' }],
      actor: 'system',
    })
  ).invited[0]!;
  const link = await createMagicLink(core, {
    accountId: defaultAccount.id,
    contactId: ana.contact.id,
    section: 'courses',
    resourceName: 'Intro to SEO',
    actor: 'system',
  });
  // PUBLIC_URL is a made-up public address for the pictures; the page itself comes from this process.
  await page.goto(`http://localhost:${port}/l/${link.token}`);
  await page.screenshot({ path: join(out, 'link-page.png') });

  const stats = await countPortalUsers(core, { accountId: defaultAccount.id });
  // A fresh page: the portal page's Content-Security-Policy would refuse the inline styles.
  const slack = await (
    await browser.newContext({ viewport: { width: 720, height: 480 }, deviceScaleFactor: 1 })
  ).newPage();
  await slack.setContent(
    slackMessagePage({
      appName: 'Portal Desk',
      channel: 'client-success',
      time: '9:00 AM',
      blocks: statsMessage(stats).blocks,
    }),
  );
  await slack.screenshot({ path: join(out, 'slack-stats.png'), fullPage: true });
  console.log(`wrote ${join(out, 'link-page.png')} and ${join(out, 'slack-stats.png')}`);
} finally {
  await browser.close();
  await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
