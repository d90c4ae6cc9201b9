/** Bulk progress: one message, updated in place as the worker's counts move, until done. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { testProviders } from '../support/test-database.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack-api.ts';
import { createProgressTracker } from '../../src/slack/progress.ts';
import { singleWorkspaceClients, type SlackClients } from '../../src/slack/slack-clients.ts';
import { createAccount } from '../../src/core/accounts/create-account.ts';
import { createMemoryLogger } from '../../src/logger.ts';
import { inviteContacts } from '../../src/core/invitations/invite-contacts.ts';

describe.each(testProviders)('bulk progress on %s', (provider) => {
  let t: TestCore;
  let fake: FakeSlackApi;
  beforeAll(async () => {
    t = await createTestCore(provider);
    fake = await startFakeSlackApi();
  });
  afterAll(async () => {
    await fake?.close();
    await t?.close();
  });

  it('posts once, updates with sent / failed / total, and stops when done', async () => {
    const client = new webApi.WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, rejectRateLimitedCalls: true });
    const tracker = createProgressTracker({
      core: t.core,
      clients: singleWorkspaceClients(client),
      logger: createMemoryLogger(),
      intervalMs: 10,
    });
    const { bulkJobId } = await inviteContacts(t.core, {
      accountId: t.account.id,
      invitees: ['p1@example.com', 'p2@example.com', 'p3@example.com'],
      actor: 'slack:U1',
    });
    const watching = tracker.track({ accountId: t.account.id, jobId: bulkJobId!, channel: 'C1', userId: 'U1' });
    await fake.waitFor(() => fake.callsTo('chat.postMessage')[0]);
    expect(fake.callsTo('chat.postMessage')[0]!.args.text).toBe('Invites: 0 sent, 0 failed of 3 (3 queued)');
    // What the outbox worker does as it sends.
    await t.core.db.bulkJob.update({ where: { id: bulkJobId! }, data: { sent: 1 } });
    await fake.waitFor(() =>
      fake.callsTo('chat.update').find((c) => c.args.text === 'Invites: 1 sent, 0 failed of 3 (2 queued)'),
    );
    fake.fail('chat.update', 'ratelimited', 1);
    await t.core.db.bulkJob.update({ where: { id: bulkJobId! }, data: { sent: 2, failed: 1 } });
    await watching;
    const updates = fake.callsTo('chat.update');
    expect(updates.at(-1)!.args.text).toBe('Invites: 2 sent, 1 failed of 3 (done)');
    expect(new Set(updates.map((u) => u.args.ts)).size).toBe(1);
    expect(tracker.active()).toBe(0);
  });

  it('after a restart, goes on updating the message it posted before instead of posting another', async () => {
    fake.reset();
    const client = new webApi.WebClient('xoxb-test', { slackApiUrl: fake.apiUrl });
    const before = createProgressTracker({
      core: t.core,
      clients: singleWorkspaceClients(client),
      logger: createMemoryLogger(),
      intervalMs: 10,
    });
    const { bulkJobId } = await inviteContacts(t.core, {
      accountId: t.account.id,
      invitees: ['r1@example.com', 'r2@example.com', 'r3@example.com'],
      actor: 'slack:U1',
    });
    const watching = before.track({ accountId: t.account.id, jobId: bulkJobId!, channel: 'C1', userId: 'U1' });
    await fake.waitFor(() => fake.callsTo('chat.postMessage')[0]);
    let posted: { channel: string; ts: string } | undefined;
    for (let i = 0; i < 200 && !posted; i++) {
      const reportTo = (await t.core.db.bulkJob.findUniqueOrThrow({ where: { id: bulkJobId! } })).reportTo;
      posted = reportTo
        ? (JSON.parse(reportTo) as { slackProgressMessage?: { channel: string; ts: string } }).slackProgressMessage
        : undefined;
      if (!posted) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(posted).toMatchObject({ channel: 'C1', ts: expect.any(String) });
    before.stop(); // the service stops
    await watching;
    await t.core.db.bulkJob.update({ where: { id: bulkJobId! }, data: { sent: 2 } }); // the worker went on meanwhile

    const after = createProgressTracker({
      core: t.core,
      clients: singleWorkspaceClients(client),
      logger: createMemoryLogger(),
      intervalMs: 10,
    });
    const resumed = after.resume();
    await fake.waitFor(() =>
      fake.callsTo('chat.update').find((c) => c.args.text === 'Invites: 2 sent, 0 failed of 3 (1 queued)'),
    );
    await t.core.db.bulkJob.update({ where: { id: bulkJobId! }, data: { sent: 3 } });
    await resumed;
    const updates = fake.callsTo('chat.update');
    expect(updates.at(-1)!.args.text).toBe('Invites: 3 sent, 0 failed of 3 (done)');
    expect(updates.every((u) => u.args.ts === posted!.ts && u.args.channel === posted!.channel)).toBe(true);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('gives up updating after the timeout and says so', async () => {
    fake.reset();
    const client = new webApi.WebClient('xoxb-test', { slackApiUrl: fake.apiUrl });
    const tracker = createProgressTracker({
      core: t.core,
      clients: singleWorkspaceClients(client),
      logger: createMemoryLogger(),
      intervalMs: 10,
      timeoutMs: 50,
    });
    const { bulkJobId } = await inviteContacts(t.core, {
      accountId: t.account.id,
      invitees: ['q1@example.com', 'q2@example.com'],
      actor: 'slack:U1',
    });
    await tracker.track({ accountId: t.account.id, jobId: bulkJobId!, channel: 'C1', userId: 'U1' });
    expect(JSON.stringify(fake.callsTo('chat.update').at(-1)!.args.blocks)).toContain('no longer updated here');
  });

  it("posts and updates through the job's own account's Slack client", async () => {
    fake.reset();
    const other = await createAccount(t.core, { slug: 'progress-b', name: 'Beta Portal' });
    const token = (accountId: string) => (accountId === other.id ? 'xoxb-beta' : 'xoxb-default');
    const clients: SlackClients = {
      forAccount: async (accountId) => new webApi.WebClient(token(accountId), { slackApiUrl: fake.apiUrl }),
    };
    const tracker = createProgressTracker({ core: t.core, clients, logger: createMemoryLogger(), intervalMs: 10 });
    const { bulkJobId } = await inviteContacts(t.core, {
      accountId: other.id,
      invitees: ['b1@example.com', 'b2@example.com'],
      actor: 'slack:U1',
    });
    const watching = tracker.track({ accountId: other.id, jobId: bulkJobId!, channel: 'C2', userId: 'U1' });
    await fake.waitFor(() => fake.callsTo('chat.postMessage')[0]);
    await t.core.db.bulkJob.update({ where: { id: bulkJobId! }, data: { sent: 2 } });
    await watching;
    const calls = [...fake.callsTo('chat.postMessage'), ...fake.callsTo('chat.update')];
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.every((c) => c.token === 'xoxb-beta')).toBe(true);
    // An account with no workspace to post to gets no message, and the job is not followed.
    const none = createProgressTracker({
      core: t.core,
      clients: { forAccount: async () => null },
      logger: createMemoryLogger(),
      intervalMs: 10,
    });
    const before = fake.calls.length;
    await none.track({ accountId: other.id, jobId: bulkJobId!, channel: 'C2', userId: 'U1' });
    expect(fake.calls.length).toBe(before);
  });
});
