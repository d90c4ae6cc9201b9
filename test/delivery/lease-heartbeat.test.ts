/**
 * A long provider call never loses its claim while its worker lives: with a
 * 1 s lease and a provider answering in 3 s, the heartbeat keeps the claim,
 * the other worker never takes it back, and each request goes out once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createWorkerFixture, type WorkerFixture } from './worker-fixture.ts';
import { createCore } from '../../src/core/core.ts';
import { createDb, type Db } from '../../src/db/client.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';

describe.each(testProviders)('claims of a live worker on %s', (provider) => {
  let f: WorkerFixture;
  let otherDb: Db;
  beforeAll(async () => {
    f = await createWorkerFixture(provider, { resend: { latencyMs: 4_000 } });
    otherDb = provider === 'postgresql' ? await createDb(f.database.url) : f.core.db;
  });
  afterAll(async () => {
    if (provider === 'postgresql') await otherDb?.$disconnect();
    await f?.closeAll();
  });

  it('are renewed through a slow provider call and never taken back', { timeout: 60_000 }, async () => {
    const core = createCore({ db: f.core.db, publicUrl: f.core.publicUrl, linkKey: f.core.linkKey, leaseMs: 3_000 });
    const otherCore = createCore({ db: otherDb, publicUrl: f.core.publicUrl, linkKey: f.core.linkKey, leaseMs: 3_000 });
    await inviteContacts(core, {
      accountId: f.account.id,
      invitees: ['slow1@example.com', 'slow2@example.com', 'slow3@example.com'],
      actor: 'system',
    });
    await inviteContacts(core, { accountId: f.account.id, invitees: ['slow4@example.com'], actor: 'system' });
    const a = f.newWorker({ core, workerId: 'a', pollIntervalMs: 20 });
    const b = f.newWorker({ core: otherCore, workerId: 'b', pollIntervalMs: 20 });
    a.start();
    b.start();
    const deadline = Date.now() + 40_000;
    while ((await f.core.db.message.count({ where: { status: 'sent' } })) < 4) {
      if (Date.now() > deadline) throw new Error('not sent');
      await new Promise((r) => setTimeout(r, 50));
    }
    await Promise.all([a.stop(), b.stop()]);
    expect(f.logger.lines.filter((l) => l.includes('took back'))).toEqual([]);
    const keys = f.resend.requests.map((r) => r.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(f.resend.emails).toHaveLength(4);
    expect(a.lastHeartbeatAt).toBeInstanceOf(Date);
  });
});
