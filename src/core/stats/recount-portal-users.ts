import type { Core } from '../core.ts';
import { dayKey } from '../contacts/portal-status.ts';

/**
 * Rebuilds an account's counters from the contacts table: a repair tool (and
 * the test oracle) for the counters that `countPortalUsers` reads. Scans the
 * account's contacts, so it is never on a request path.
 */
export async function recountPortalUsers(
  core: Core,
  options: { accountId: string },
): Promise<{ invited: number; active: number; deactivated: number }> {
  return core.db.$transaction(async (tx) => {
    const invited = await tx.contact.count({ where: { accountId: options.accountId, status: 'invited' } });
    const active = await tx.contact.count({ where: { accountId: options.accountId, status: 'active' } });
    const deactivated = await tx.contact.count({ where: { accountId: options.accountId, status: 'deactivated' } });
    const rows = await tx.contact.findMany({
      where: { accountId: options.accountId, status: 'invited' },
      select: { invitedAt: true },
    });
    const perDay = new Map<string, number>();
    for (const row of rows)
      if (row.invitedAt) perDay.set(dayKey(row.invitedAt), (perDay.get(dayKey(row.invitedAt)) ?? 0) + 1);
    await tx.inviteDayCount.deleteMany({ where: { accountId: options.accountId } });
    for (const [day, count] of perDay)
      await tx.inviteDayCount.create({ data: { accountId: options.accountId, day, count } });
    await tx.account.update({
      where: { id: options.accountId },
      data: { invitedCount: invited, activeCount: active, deactivatedCount: deactivated },
    });
    return { invited, active, deactivated };
  });
}
