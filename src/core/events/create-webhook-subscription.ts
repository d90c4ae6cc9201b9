import { randomBytes } from 'node:crypto';
import type { Core } from '../core.ts';
import { invalidInput } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { isOutgoingEventType, outgoingEventTypes } from './event-types.ts';
import { sealSecret } from './webhook-secret-box.ts';
import { webhookUrlProblem } from './webhook-address-policy.ts';
import { toWebhookSubscription, type WebhookSubscription } from './webhook-subscription-view.ts';
import type { Actor } from '../audit/actor.ts';

export interface CreateWebhookSubscriptionOptions {
  accountId: string;
  /** Where events are POSTed: https to a public host (webhook-address-policy.ts). */
  url: string;
  /** @default every event type */
  events?: string[];
  /** The signing secret; one is generated when absent. At least 16 characters. */
  secret?: string;
  actor: Actor;
  /**
   * Accept http and hosts on private networks (localhost, 10.0.0.0/8, *.internal…).
   * For development and tests only: otherwise anyone with an API key could make
   * the service call inside its own network. WEBHOOK_ALLOW_PRIVATE_NETWORKS.
   * @default false
   */
  allowPrivateNetworks?: boolean;
}

/**
 * Subscribes a URL to outgoing events. Returns the signing secret once; it is
 * stored sealed (webhook-secret-box.ts) and never shown again.
 * @throws AppError invalid_input
 */
export async function createWebhookSubscription(
  core: Core,
  options: CreateWebhookSubscriptionOptions,
): Promise<{ subscription: WebhookSubscription; secret: string }> {
  let url: URL;
  try {
    url = new URL(options.url.trim());
  } catch {
    throw invalidInput(`"${options.url}" is not a URL`);
  }
  const problem = webhookUrlProblem(url, { allowPrivateNetworks: options.allowPrivateNetworks ?? false });
  if (problem) throw invalidInput(problem);
  const events = options.events?.length ? [...new Set(options.events.map((e) => e.trim()))] : [...outgoingEventTypes];
  const unknown = events.filter((e) => !isOutgoingEventType(e));
  if (unknown.length > 0)
    throw invalidInput(`unknown event(s) ${unknown.join(', ')}: use ${outgoingEventTypes.join(', ')}`);
  const secret = options.secret ?? `whsec_${randomBytes(24).toString('base64url')}`;
  if (secret.length < 16 || secret.length > 200) throw invalidInput('a webhook secret is 16 to 200 characters');
  const now = core.now();
  const row = await core.db.$transaction(async (tx) => {
    const created = await tx.webhookSubscription.create({
      data: {
        id: newId(),
        accountId: options.accountId,
        url: url.toString(),
        secret: sealSecret(core.linkKeys, secret),
        events: events.join(','),
        createdBy: options.actor,
        createdAt: now,
      },
    });
    await recordAuditEvent(core, tx, {
      accountId: options.accountId,
      actor: options.actor,
      action: 'webhook.subscribed',
      subject: `webhook:${created.id}`,
      metadata: { url: created.url, events },
      at: now,
    });
    return created;
  });
  return { subscription: toWebhookSubscription(row), secret };
}
