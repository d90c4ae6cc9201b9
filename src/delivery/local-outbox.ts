/**
 * The transport used when no provider is configured: each message becomes a
 * file under `${DATA_DIR}/outbox/` that a person can open (the full message,
 * link included, so a developer can click it; emails also as an .html page),
 * and one log line that names
 * the file but never shows the link. The file is named after the idempotency
 * key, so a retried message rewrites its file instead of adding a second one.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from '../logger.ts';
import type { EmailSender, OutgoingEmail } from './email-sender.ts';
import type { OutgoingSms, SmsSender } from './sms-sender.ts';
import { permanent } from './send-failure.ts';

export interface LocalOutbox {
  email: EmailSender;
  sms: SmsSender;
  dir: string;
}

export function createLocalOutbox(options: { dataDir: string; logger: Logger }): LocalOutbox {
  const dir = resolve(options.dataDir, 'outbox');
  const log = options.logger.child({ transport: 'local outbox' });

  function write(
    key: string,
    channel: 'email' | 'sms',
    content: Record<string, unknown>,
    summary: Record<string, unknown>,
  ) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = join(dir, `${key.replace(/[^\w.-]/g, '_')}.${channel}.json`);
      writeFileSync(
        file,
        JSON.stringify({ channel, writtenAt: new Date().toISOString(), ...content }, null, 2) + '\n',
        { mode: 0o600 },
      );
      // An email's HTML beside its JSON, so a person opens it in a browser and clicks the link.
      const page = typeof content.html === 'string' ? file.replace(/\.json$/, '.html') : undefined;
      if (page) writeFileSync(page, content.html as string, { mode: 0o600 });
      log.info(`${channel} written to the local outbox`, { ...summary, file: page ?? file });
      return { ok: true as const, providerId: `local-${key}` };
    } catch (error) {
      return {
        ok: false as const,
        failure: permanent(`local outbox: cannot write ${dir}: ${(error as Error).message}`),
      };
    }
  }

  const writeEmail = (email: OutgoingEmail) =>
    write(email.idempotencyKey, 'email', { ...email }, { messageId: email.messageId, to: email.to });

  return {
    dir,
    email: {
      name: 'local outbox',
      maxBatchSize: 100,
      send: async (email) => writeEmail(email),
      async sendBatch(emails) {
        const providerIds: string[] = [];
        for (const email of emails) {
          const result = writeEmail(email);
          if (!result.ok) return result;
          providerIds.push(result.providerId);
        }
        return { ok: true, providerIds };
      },
    },
    sms: {
      name: 'local outbox',
      send: async (sms: OutgoingSms) =>
        write(
          `portal-desk-${sms.messageId}`,
          'sms',
          { ...sms },
          { messageId: sms.messageId, to: sms.to, characters: sms.body.length },
        ),
    },
  };
}
