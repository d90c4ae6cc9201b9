/** A test core with an outbox worker sending through the real SDKs to the fake Resend and Twilio. */
import { createMemoryLogger } from '../../src/logger.ts';
import type { DbProvider } from '../../src/db/client.ts';
import { createOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from '../../src/delivery/outbox-worker.ts';
import { createResendEmailSender } from '../../src/delivery/resend-email-sender.ts';
import { createTwilioSmsSender } from '../../src/delivery/twilio-sms-sender.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { startFakeResend, type FakeResend, type FakeResendOptions } from '../fakes/resend.ts';
import { startFakeTwilio, type FakeTwilio } from '../fakes/twilio.ts';

export const TWILIO_SID = 'AC' + 'a1'.repeat(16);
export const TWILIO_TOKEN = 'twilio-test-auth-token';
export const TWILIO_FROM = '+14155550100';

export interface WorkerFixture extends TestCore {
  resend: FakeResend;
  twilio: FakeTwilio;
  worker: OutboxWorker;
  logger: ReturnType<typeof createMemoryLogger>;
  /** Another worker on the same core (same database). */
  newWorker(overrides?: Partial<OutboxWorkerOptions>): OutboxWorker;
  closeAll(): Promise<void>;
}

export async function createWorkerFixture(
  provider: DbProvider,
  options: { resend?: FakeResendOptions; worker?: Partial<OutboxWorkerOptions>; messagingServiceSid?: string } = {},
): Promise<WorkerFixture> {
  const t = await createTestCore(provider);
  const resend = await startFakeResend({ apiKey: 're_test_key_0123456789abcdef', ...options.resend });
  const twilio = await startFakeTwilio({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN });
  const logger = createMemoryLogger();
  const newWorker = (overrides: Partial<OutboxWorkerOptions> = {}) =>
    createOutboxWorker({
      core: t.core,
      email: createResendEmailSender({ apiKey: 're_test_key_0123456789abcdef', baseUrl: resend.url, timeoutMs: 5_000 }),
      sms: createTwilioSmsSender({
        accountSid: TWILIO_SID,
        authToken: TWILIO_TOKEN,
        from: options.messagingServiceSid ? undefined : TWILIO_FROM,
        messagingServiceSid: options.messagingServiceSid,
        apiUrl: twilio.url,
        statusCallbackUrl: 'http://portal.test/webhooks/twilio',
        timeoutMs: 5_000,
      }),
      logger,
      maxAttempts: 3,
      emailFrom: 'Portal Desk <portal@example.com>',
      ...options.worker,
      ...overrides,
    });
  const worker = newWorker();
  return {
    ...t,
    resend,
    twilio,
    worker,
    logger,
    newWorker,
    async closeAll() {
      await worker.stop();
      await Promise.all([resend.close(), twilio.close()]);
      await t.close();
    },
  };
}
