/**
 * Builds delivery from the configuration: Resend when RESEND_API_KEY is set
 * and Twilio when TWILIO_ACCOUNT_SID is, the local outbox otherwise, and the
 * outbox worker that sends through them. src/app.ts and worker-cli.ts call it.
 */
import type { Config } from '../config.ts';
import type { Core } from '../core/core.ts';
import type { Logger } from '../logger.ts';
import type { Integration } from '../app-context.ts';
import { createLocalOutbox } from './local-outbox.ts';
import { createResendEmailSender } from './resend-email-sender.ts';
import { createTwilioSmsSender } from './twilio-sms-sender.ts';
import { createOutboxWorker, type OutboxWorker } from './outbox-worker.ts';
import { createWebhookSender } from './webhook-sender.ts';

export interface Delivery {
  /** stop() finishes the groups in hand (shutdown calls it). */
  worker: OutboxWorker;
  /**
   * When the worker's heartbeat last reached the database; undefined before
   * the first one or when the worker is not started. Cheap (no query): for a
   * readiness check, "alive" is a heartbeat within a few heartbeat intervals
   * (OUTBOX_LEASE_SECONDS / 10 each).
   */
  lastHeartbeatAt(): Date | undefined;
  /** Banner lines: email, sms, outbox. */
  integrations: Integration[];
}

/** Used only by the local outbox when EMAIL_FROM is unset. */
const LOCAL_FROM = 'Portal Desk <portal@localhost>';

export function startDelivery(options: {
  config: Config;
  core: Core;
  logger: Logger;
  pollIntervalMs?: number;
  start?: boolean;
}): Delivery {
  const { config, core, logger } = options;
  const local = createLocalOutbox({ dataDir: config.dataDir, logger });
  // The heartbeat keeps a slow request's claim; the timeout only bounds a provider that hangs.
  const timeoutMs = 30_000;
  const email = config.email.resendApiKey
    ? createResendEmailSender({ apiKey: config.email.resendApiKey, baseUrl: config.email.resendBaseUrl, timeoutMs })
    : local.email;
  const sms =
    config.sms.accountSid && config.sms.authToken
      ? createTwilioSmsSender({
          accountSid: config.sms.accountSid,
          authToken: config.sms.authToken,
          from: config.sms.from,
          messagingServiceSid: config.sms.messagingServiceSid,
          apiUrl: config.sms.apiUrl,
          statusCallbackUrl: `${config.publicUrl}/webhooks/twilio`,
          timeoutMs,
        })
      : local.sms;
  const worker = createOutboxWorker({
    core,
    email,
    sms,
    webhooks: createWebhookSender({ allowPrivateNetworks: config.webhookAllowPrivateNetworks }),
    logger: logger.child({ component: 'outbox' }),
    maxAttempts: config.outbox.maxAttempts,
    pollIntervalMs: options.pollIntervalMs,
    emailFrom: config.email.from ?? LOCAL_FROM,
  });
  if (options.start !== false) worker.start();

  const webhooks = (secret: string | undefined, path: string) =>
    secret ? `, delivery reports at ${path}` : `, no delivery reports (${path} needs its secret)`;
  const integrations: Integration[] = [
    {
      name: 'email',
      on: email !== local.email,
      detail:
        email !== local.email
          ? `Resend${config.email.resendBaseUrl ? ` at ${config.email.resendBaseUrl}` : ''}, from ${config.email.from}${webhooks(config.email.webhookSecret, 'POST /webhooks/resend')}`
          : `no RESEND_API_KEY: emails go to the local outbox ${local.dir}`,
    },
    {
      name: 'sms',
      on: sms !== local.sms,
      detail:
        sms !== local.sms
          ? `Twilio from ${config.sms.from ?? `Messaging Service ${config.sms.messagingServiceSid}`}${config.sms.apiUrl ? ` at ${config.sms.apiUrl}` : ''}, status callbacks at POST /webhooks/twilio`
          : `no TWILIO_ACCOUNT_SID: texts go to the local outbox ${local.dir}`,
    },
    {
      name: 'outbox',
      on: options.start !== false,
      detail: `worker ${worker.workerId}: email via ${email.name}, SMS via ${sms.name}, dead after ${config.outbox.maxAttempts} attempts, claims leased for ${config.outbox.leaseSeconds} s${config.webhookAllowPrivateNetworks ? ', webhooks may go to private networks (WEBHOOK_ALLOW_PRIVATE_NETWORKS, development only)' : ''}`,
    },
  ];
  return { worker, integrations, lastHeartbeatAt: () => worker.lastHeartbeatAt };
}
