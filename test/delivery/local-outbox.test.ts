import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp } from '../../src/app.ts';
import { createMemoryLogger } from '../../src/logger.ts';
import { renderBanner } from '../../src/banner.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { redeemLink } from '../../src/core/links/redeem-link.ts';

describe('with no provider keys', () => {
  let app: RunningApp;
  let dataDir: string;
  const logger = createMemoryLogger();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'portal-desk-local-outbox-'));
    app = await startApp(
      loadConfig({ PORT: '0', DATA_DIR: dataDir, DATABASE_URL: `file:${join(dataDir, 'portal.db')}` }),
      { logger },
    );
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says in the banner that email and SMS go to the local outbox', () => {
    const banner = renderBanner({
      config: app.context.config,
      url: app.url,
      secretSource: app.context.secrets.source,
      integrations: app.integrations,
      version: app.context.version,
    });
    expect(banner).toMatch(/email\s+off\s+no RESEND_API_KEY: emails go to the local outbox .*outbox/);
    expect(banner).toMatch(/sms\s+off\s+no TWILIO_ACCOUNT_SID: texts go to the local outbox/);
    expect(banner).toMatch(/outbox\s+on\s+worker .*email via local outbox/);
    expect(banner).toMatch(
      /Next steps\n  invite yourself   npx portal-desk invite you@example.com\n  open the email    .*outbox\/\*\.email\.html/,
    );
  });

  it('writes each invite to a file under DATA_DIR/outbox and logs one line without the link', async () => {
    const { invited } = await inviteContacts(app.context.core, {
      accountId: app.context.defaultAccount.id,
      invitees: [{ address: 'eve@example.com', firstName: 'Eve' }, '+14155550199'],
      actor: 'system',
    });
    await app.outbox.drain();
    const files = readdirSync(join(dataDir, 'outbox')).sort();
    // The email as JSON and as an .html page to open in a browser; the SMS as JSON.
    expect(files.map((f) => f.replace(/^.*?\.(email|sms)\./, '$1.')).sort()).toEqual([
      'email.html',
      'email.json',
      'sms.json',
    ]);
    const email = JSON.parse(
      readFileSync(join(dataDir, 'outbox', files.find((f) => f.endsWith('.email.json'))!), 'utf8'),
    ) as { to: string; subject: string; text: string; html: string };
    expect(email.to).toBe('eve@example.com');
    expect(email.text).toContain('Hi Eve,');
    expect(readFileSync(join(dataDir, 'outbox', files.find((f) => f.endsWith('.email.html'))!), 'utf8')).toBe(
      email.html,
    );
    const token = /\/l\/([A-Za-z0-9_-]{43})/.exec(email.text)![1]!;
    expect(
      (await redeemLink(app.context.core, { accountId: app.context.defaultAccount.id, token })).contact.email,
    ).toBe('eve@example.com');
    const sms = JSON.parse(
      readFileSync(join(dataDir, 'outbox', files.find((f) => f.endsWith('.sms.json'))!), 'utf8'),
    ) as { to: string; body: string };
    expect(sms.to).toBe('+14155550199');

    const lines = logger.lines.filter((l) => l.includes('local outbox'));
    expect(lines.filter((l) => l.includes('written to the local outbox'))).toHaveLength(2);
    expect(logger.lines.join('\n')).not.toContain(token);
    const rows = await app.context.core.db.message.findMany({ where: { id: { in: invited.map((i) => i.messageId) } } });
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
  });
});
