import type { Core } from '../core.ts';

/**
 * Gives back messages whose lease ran out: their worker stopped renewing it
 * (killed, crashed, cut off). They become due again at once, in the same send
 * group, and go out as the same request under the same idempotency key.
 * Claims the caller itself still holds are never taken (`except`), and a live
 * worker's claims never expire, since its heartbeat renews them. Their
 * attempt was counted when they were claimed, so a message that kills every
 * worker ends up dead.
 * @returns the messages taken back, with the claim each was under.
 */
export async function reclaimStaleClaims(
  core: Core,
  options: { except: string[] },
): Promise<Array<{ id: string; claimedBy: string | null }>> {
  const now = core.now();
  // Claims from before leases (no leaseUntil) expire a lease after they were made.
  const expired = [
    { leaseUntil: { lt: now } },
    { leaseUntil: null, claimedAt: { lt: new Date(now.getTime() - core.leaseMs) } },
  ];
  const where = {
    status: 'sending',
    OR: expired,
    ...(options.except.length > 0 ? { claimedBy: { notIn: options.except } } : {}),
  };
  const stale = await core.db.message.findMany({ where, select: { id: true, claimedBy: true }, take: 1000 });
  if (stale.length === 0) return [];
  const { count } = await core.db.message.updateMany({
    where: { ...where, id: { in: stale.map((m) => m.id) } },
    data: { status: 'pending', nextAttemptAt: now, claimedBy: null, leaseUntil: null },
  });
  return count === stale.length ? stale : stale.slice(0, count);
}
