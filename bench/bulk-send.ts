/**
 * bench/bulk-send: 10,000 invites sent through the outbox worker to the fake
 * Resend limited to 2 requests per second. The rate limit sets a floor of
 * 10,000 / 100 per batch / 2 per second = 50 s. Prints the requests made, the
 * wall time of the send and its ratio to that floor. Goal: at most 101
 * requests, ratio at most 1.2. Run: npm run bench:bulk-send
 */
import { randomBytes } from 'node:crypto';
import { createTestDatabase } from '../test/support/test-database.ts';
import { startFakeResend } from '../test/fakes/resend.ts';
import { createCore } from '../src/core/core.ts';
import { ensureDefaultAccount } from '../src/core/accounts/ensure-default-account.ts';
import { inviteContacts } from '../src/core/invitations/invite-contacts.ts';
import { createOutboxWorker } from '../src/delivery/outbox-worker.ts';
import { createResendEmailSender } from '../src/delivery/resend-email-sender.ts';
import { createLocalOutbox } from '../src/delivery/local-outbox.ts';
import { createLogger } from '../src/logger.ts';

const COUNT = Number(process.env.BENCH_COUNT ?? 10_000);
const RATE = 2;
const floorMs = (COUNT / 100 / RATE) * 1000;

const database = await createTestDatabase('sqlite');
const core = createCore({ db: database.db, publicUrl: 'http://portal.test', linkKey: randomBytes(32) });
const account = await ensureDefaultAccount(core);
const resend = await startFakeResend({ requestsPerSecond: RATE, apiKey: 're_bench_key_0123456789abcdef' });
const logger = createLogger({ level: 'warn' });

let started = Date.now();
const addresses = Array.from({ length: COUNT }, (_, i) => `bench${i}@example.com`);
// One request, one bulk job (the core writes it 100 contacts per transaction).
await inviteContacts(core, { accountId: account.id, invitees: addresses, actor: 'system' });
console.log(`queued ${COUNT} invites in ${((Date.now() - started) / 1000).toFixed(1)} s (not counted)`);

const worker = createOutboxWorker({
  core,
  email: createResendEmailSender({ apiKey: 're_bench_key_0123456789abcdef', baseUrl: resend.url }),
  sms: createLocalOutbox({ dataDir: '/tmp/portal-desk-bench', logger }).sms,
  logger,
  maxAttempts: 8,
  emailFrom: 'Portal Desk <portal@example.com>',
});
started = Date.now();
worker.start();
while ((await core.db.message.count({ where: { status: 'sent' } })) < COUNT)
  await new Promise((r) => setTimeout(r, 100));
const wallMs = Date.now() - started;
await worker.stop();

const limited = resend.requests.filter((r) => r.status === 429).length;
const perRecipient = new Set(resend.emails.map((e) => e.to[0]));
const ratio = wallMs / floorMs;
console.log(
  [
    `emails delivered   ${resend.emails.length} (${perRecipient.size} distinct recipients)`,
    `requests made      ${resend.requests.length} (${limited} answered 429)   goal <= ${COUNT / 100 + 1}`,
    `wall time          ${(wallMs / 1000).toFixed(1)} s`,
    `floor              ${(floorMs / 1000).toFixed(1)} s (${COUNT} / 100 per batch / ${RATE} per second)`,
    `ratio              ${ratio.toFixed(3)}   goal <= 1.2`,
  ].join('\n'),
);
await resend.close();
await database.close();
process.exit(resend.requests.length <= COUNT / 100 + 1 && ratio <= 1.2 && perRecipient.size === COUNT ? 0 : 1);
