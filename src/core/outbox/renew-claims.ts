import type { Core } from '../core.ts';
import { storedLeaseMs } from './lease-timing.ts';

/**
 * The worker's heartbeat: extends the lease of every claim it still holds
 * (Message.claimedBy is a claim id). A long provider call never loses its
 * claim while its worker lives.
 * @returns messages renewed.
 */
export async function renewClaims(core: Core, options: { claimIds: string[] }): Promise<number> {
  if (options.claimIds.length === 0) return 0;
  const { count } = await core.db.message.updateMany({
    where: { status: 'sending', claimedBy: { in: options.claimIds } },
    data: { leaseUntil: new Date(core.now().getTime() + storedLeaseMs(core.leaseMs)) },
  });
  return count;
}
