/**
 * Issue #11, finding 11: files at rest are 0600, and the link key carries a
 * key id so it can be rotated: new links use the new key, links already out
 * (their codes, their re-rendered messages) and sealed webhook secrets keep
 * working with the previous key until it is retired.
 */
import { chmodSync, closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp } from '../../src/app.ts';
import { createMemoryLogger } from '../../src/logger.ts';
import { sqlitePath } from '../../src/db/client.ts';
import { testProviders, createEmptyDatabase, type TestDatabase } from '../support/test-database.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';
import { createMagicLink } from '../../src/core/links/create-magic-link.ts';
import { redeemCode } from '../../src/core/links/redeem-code.ts';
import { queueLoginEmails } from '../../src/core/invitations/queue-login-emails.ts';
import { createWebhookSubscription } from '../../src/core/events/create-webhook-subscription.ts';
import { openWebhookTarget } from '../../src/core/events/open-webhook-target.ts';
import { linkKeyFromSecret } from '../../src/core/links/link-keys.ts';
import { linkToken } from '../../src/core/links/link-secrets.ts';
import { isAppError } from '../../src/core/shared/errors.ts';

const OLD = 'old-secret-0123456789-0123456789-0123456789';
const NEW = 'new-secret-9876543210-9876543210-9876543210';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function start(database: TestDatabase, dataDir: string, env: Record<string, string>): Promise<RunningApp> {
  const app = await startApp(
    loadConfig({
      PORT: '0',
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      ...env,
    }),
    { logger: createMemoryLogger() },
  );
  return app;
}

const mode = (file: string) => statSync(file).mode & 0o777;

describe('files at rest (SQLite)', () => {
  it('creates the database, its WAL and shared-memory files, the rate-limit file and the generated secret 0600', async () => {
    const database = await createEmptyDatabase('sqlite');
    const dataDir = join(mkdtempSync(join(tmpdir(), 'portal-desk-files-')), 'data');
    cleanups.push(
      () => database.drop(),
      () => rmSync(dirname(dataDir), { recursive: true, force: true }),
    );
    const app = await start(database, dataDir, {});
    try {
      await findOrCreateContact(app.context.core, {
        accountId: app.context.defaultAccount.id,
        address: 'files@example.com',
        actor: 'system',
      });
      await fetch(`${app.url}/login`);
      await fetch(`${app.url}/l/${'x'.repeat(43)}`);
      const dbDir = dirname(sqlitePath(database.url));
      const files = readdirSync(dbDir);
      expect(files).toEqual(
        expect.arrayContaining(['portal.db', 'portal.db-wal', 'portal.db-shm', 'portal.db-ratelimits']),
      );
      for (const file of files) expect(mode(join(dbDir, file)), file).toBe(0o600);
      expect(mode(join(dataDir, 'session-secret'))).toBe(0o600);
      expect(mode(dataDir)).toBe(0o700);
    } finally {
      await app.stop();
    }
  });

  it('narrows an existing 0644 database file to 0600 at start', async () => {
    const database = await createEmptyDatabase('sqlite');
    const dataDir = mkdtempSync(join(tmpdir(), 'portal-desk-files-'));
    cleanups.push(
      () => database.drop(),
      () => rmSync(dataDir, { recursive: true, force: true }),
    );
    const path = sqlitePath(database.url);
    closeSync(openSync(path, 'a', 0o644));
    chmodSync(path, 0o644);
    const app = await start(database, dataDir, { SESSION_SECRET: NEW });
    await app.stop();
    expect(mode(path)).toBe(0o600);
  });
});

describe.each(testProviders)('key rotation on %s', (provider) => {
  it('keeps links, codes, queued messages and webhook secrets of the previous key working, and mints new ones with the new key', async () => {
    const database = await createEmptyDatabase(provider);
    const dataDir = mkdtempSync(join(tmpdir(), 'portal-desk-keys-'));
    cleanups.push(
      () => database.drop(),
      () => rmSync(dataDir, { recursive: true, force: true }),
    );

    // Before the rotation: a link handed out, a login email queued (not yet sent), a webhook subscription.
    let app = await start(database, dataDir, { SESSION_SECRET: OLD });
    const accountId = app.context.defaultAccount.id;
    const { contact } = await findOrCreateContact(app.context.core, {
      accountId,
      address: 'rotate@example.com',
      actor: 'system',
    });
    const { contact: reader } = await findOrCreateContact(app.context.core, {
      accountId,
      address: 'reader@example.com',
      actor: 'system',
    });
    const before = await createMagicLink(app.context.core, { accountId, contactId: contact.id, actor: 'system' });
    await queueLoginEmails(app.context.core, { accountId, contacts: [reader.id], actor: 'system' });
    const { subscription, secret } = await createWebhookSubscription(app.context.core, {
      accountId,
      url: 'https://hooks.example.com/a',
      actor: 'system',
    });
    const oldKeyId = linkKeyFromSecret(OLD).id;
    expect((await app.context.core.db.loginToken.findUniqueOrThrow({ where: { id: before.id } })).keyId).toBe(oldKeyId);
    await app.stop();

    // Rotated: the new secret, the old one as previous.
    app = await start(database, dataDir, { SESSION_SECRET: NEW, SESSION_SECRET_PREVIOUS: OLD });
    const core = app.context.core;
    expect(core.linkKeyId).toBe(linkKeyFromSecret(NEW).id);
    expect(core.linkKeyId).not.toBe(oldKeyId);
    // The webhook secret opens, and was re-sealed under the new key at start.
    expect(await openWebhookTarget(core, { subscriptionId: subscription.id })).toMatchObject({ secret });
    const sealed = (await core.db.webhookSubscription.findUniqueOrThrow({ where: { id: subscription.id } })).secret;
    expect(sealed.split(':')[1]).toBe(core.linkKeyId);
    // The queued email goes out with the link minted under the old key.
    await app.outbox.drain();
    const queuedLink = await core.db.loginToken.findFirstOrThrow({ where: { contactId: reader.id } });
    const outboxText = readdirSync(join(dataDir, 'outbox'))
      .map((file) => readFileSync(join(dataDir, 'outbox', file), 'utf8'))
      .join('\n');
    expect(outboxText).toContain(linkToken(linkKeyFromSecret(OLD).key, queuedLink.id));
    // The old link's code still signs in; a new link uses the new key.
    const signedIn = await redeemCode(core, { accountId, address: 'rotate@example.com', code: before.code });
    expect(signedIn.linkId).toBe(before.id);
    const after = await createMagicLink(core, { accountId, contactId: contact.id, actor: 'system' });
    expect((await core.db.loginToken.findUniqueOrThrow({ where: { id: after.id } })).keyId).toBe(core.linkKeyId);
    await app.stop();

    // Old key retired: links it minted no longer give codes; the new key's still do; the re-sealed secret still opens.
    app = await start(database, dataDir, { SESSION_SECRET: NEW });
    const retired = await createMagicLink(app.context.core, { accountId, contactId: reader.id, actor: 'system' });
    expect(
      (await redeemCode(app.context.core, { accountId, address: 'reader@example.com', code: retired.code })).linkId,
    ).toBe(retired.id);
    expect(await openWebhookTarget(app.context.core, { subscriptionId: subscription.id })).toMatchObject({ secret });
    await app.stop();
  });

  it('refuses a code minted under a key that is no longer configured', async () => {
    const database = await createEmptyDatabase(provider);
    const dataDir = mkdtempSync(join(tmpdir(), 'portal-desk-keys-'));
    cleanups.push(
      () => database.drop(),
      () => rmSync(dataDir, { recursive: true, force: true }),
    );
    let app = await start(database, dataDir, { SESSION_SECRET: OLD });
    const accountId = app.context.defaultAccount.id;
    const { contact } = await findOrCreateContact(app.context.core, {
      accountId,
      address: 'gone@example.com',
      actor: 'system',
    });
    const link = await createMagicLink(app.context.core, { accountId, contactId: contact.id, actor: 'system' });
    await app.stop();
    app = await start(database, dataDir, { SESSION_SECRET: NEW });
    const refused = await redeemCode(app.context.core, {
      accountId,
      address: 'gone@example.com',
      code: link.code,
    }).catch((error: unknown) => error);
    // One chance in a million that the new key derives the same code.
    expect(isAppError(refused, 'code_invalid')).toBe(true);
    await app.stop();
  });
});
