import type { Core } from '../core.ts';

/** The audit actions an alert is posted for: a message given up on, or bounced by the provider. */
export const alertActions = ['message.failed', 'message.bounced', 'message.undelivered', 'message.complained'] as const;

/**
 * Audit events commit in the order of their transactions, not of their ids:
 * an event is only alerted once it is this old, so one that committed late
 * is not jumped over by the cursor.
 */
const SETTLE_MS = 3_000;

export interface FailureAlert {
  eventId: string;
  action: string;
  at: Date;
  messageId: string | null;
  contactId: string | null;
  channel: string | null;
  template: string | null;
  toAddress: string | null;
  /** Why, in the provider's words or ours. */
  reason: string | null;
}

/**
 * Takes the account's failures not alerted yet, moving its AlertCursor past
 * them with a compare-and-set: of several instances polling at once, one
 * gets each event, and a crash after the claim loses at most one post rather
 * than repeating it. The first call for an account only places the cursor
 * (history before ALERTS_CHANNEL was set is not replayed).
 */
export async function claimFailureAlerts(
  core: Core,
  options: { accountId: string; limit?: number },
): Promise<FailureAlert[]> {
  const settled = new Date(core.now().getTime() - SETTLE_MS);
  const cursor = await core.db.alertCursor.findUnique({ where: { accountId: options.accountId } });
  if (!cursor) {
    const last = await core.db.auditEvent.findFirst({
      where: { accountId: options.accountId, createdAt: { lte: settled } },
      orderBy: { id: 'desc' },
      select: { id: true },
    });
    await core.db.alertCursor
      .createMany({ data: [{ accountId: options.accountId, afterId: last?.id ?? '0', updatedAt: core.now() }] })
      .catch(() => undefined);
    return [];
  }
  const events = await core.db.auditEvent.findMany({
    where: {
      accountId: options.accountId,
      id: { gt: cursor.afterId },
      createdAt: { lte: settled },
      action: { in: [...alertActions] },
    },
    orderBy: { id: 'asc' },
    take: Math.min(options.limit ?? 200, 500),
  });
  if (events.length === 0) return [];
  const { count } = await core.db.alertCursor.updateMany({
    where: { accountId: options.accountId, afterId: cursor.afterId },
    data: { afterId: events[events.length - 1]!.id, updatedAt: core.now() },
  });
  if (count === 0) return []; // another instance took them
  const messageIdOf = (e: (typeof events)[number]) => {
    const metadata = JSON.parse(e.metadata) as { messageId?: string };
    return metadata.messageId ?? (e.subject?.startsWith('message:') ? e.subject.slice('message:'.length) : null);
  };
  const ids = events.map(messageIdOf).filter((id): id is string => !!id);
  const messages = await core.db.message.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      contactId: true,
      channel: true,
      template: true,
      toAddress: true,
      lastError: true,
      deliveryDetail: true,
    },
  });
  const byId = new Map(messages.map((m) => [m.id, m]));
  return events.map((e) => {
    const message = byId.get(messageIdOf(e) ?? '');
    const metadata = JSON.parse(e.metadata) as { error?: string; detail?: string };
    return {
      eventId: e.id,
      action: e.action,
      at: e.createdAt,
      messageId: message?.id ?? null,
      contactId: message?.contactId ?? null,
      channel: message?.channel ?? null,
      template: message?.template ?? null,
      toAddress: message?.toAddress ?? null,
      reason: message?.deliveryDetail ?? metadata.detail ?? metadata.error ?? message?.lastError ?? null,
    };
  });
}
