/**
 * Issue 10, item 6: webhook deliveries have a lane of their own. A
 * subscriber that never answers (each delivery waits out the 10 s timeout)
 * must not delay an invite email: it reaches the provider within 1 s of being
 * queued, while the subscriber's deliveries hang.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWorkerFixture, type WorkerFixture } from './worker-fixture.ts';
import { createCore } from '../../src/core/core.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';
import { registerOutgoingEvents } from '../../src/core/events/register-outgoing-events.ts';
import { createWebhookSubscription } from '../../src/core/events/create-webhook-subscription.ts';
import { createWebhookSender } from '../../src/delivery/webhook-sender.ts';
import type { OutboxWorker } from '../../src/delivery/outbox-worker.ts';

describe('a webhook subscriber that never answers', () => {
  let f: WorkerFixture;
  let hanging: Server;
  let worker: OutboxWorker | undefined;
  const held: Array<() => void> = [];
  beforeAll(async () => {
    f = await createWorkerFixture('sqlite');
    // Reads the request, never answers.
    hanging = createServer((req, res) => held.push(() => res.destroy()));
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const close of held) close();
    await worker?.stop();
    for (const close of held) close();
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
    await f?.closeAll();
  });

  it('does not delay an invite email by more than 1 s', { timeout: 60_000 }, async () => {
    // Real time: the deliveries really hang while the email is queued.
    const core = createCore({ db: f.core.db, publicUrl: f.core.publicUrl, linkKey: f.core.linkKey });
    // Audited changes reach webhook subscribers through the core's hook, registered where a core is built.
    registerOutgoingEvents(core);
    await createWebhookSubscription(core, {
      accountId: f.account.id,
      url: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/hook`,
      actor: 'system',
      allowPrivateNetworks: true,
    });
    worker = f.newWorker({
      core,
      workerId: 'lanes',
      pollIntervalMs: 50,
      webhooks: createWebhookSender({ allowPrivateNetworks: true }),
    });
    // Events for the subscriber (one per invited contact), and their emails.
    await inviteContacts(core, {
      accountId: f.account.id,
      invitees: Array.from({ length: 8 }, (_, i) => `early${i}@example.com`),
      actor: 'system',
    });
    worker.start();
    const deadline = Date.now() + 20_000;
    while (held.length < 2 || f.resend.emails.length < 8) {
      if (Date.now() > deadline)
        throw new Error(`setup: ${held.length} hanging deliveries, ${f.resend.emails.length} emails`);
      await new Promise((r) => setTimeout(r, 20));
    }
    // Two at a time to one subscriber: the rest of its events wait their turn.
    expect(held.length).toBe(2);

    const queuedAt = Date.now();
    await inviteContacts(core, { accountId: f.account.id, invitees: ['late@example.com'], actor: 'system' });
    while (!f.resend.emails.some((e) => e.to.includes('late@example.com'))) {
      if (Date.now() - queuedAt > 15_000) throw new Error('the invite email never went out');
      await new Promise((r) => setTimeout(r, 10));
    }
    const arrived = f.resend.requests.find((r) => r.at >= queuedAt)!.at;
    expect(arrived - queuedAt).toBeLessThan(1_000);
    // The subscriber's deliveries were still hanging all along.
    expect(await f.core.db.message.count({ where: { channel: 'webhook', status: 'sent' } })).toBe(0);
  });
});
