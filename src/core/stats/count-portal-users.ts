import type { Core } from '../core.ts';
import { AppError } from '../shared/errors.ts';
import { dayKey } from '../contacts/portal-status.ts';

export interface PortalStats {
  portalUrl: string;
  portalName: string;
  invited: number;
  active: number;
  /** Contacts whose access is turned off (not in invited or active). */
  deactivated: number;
  /** active / (invited + active), 0..1; 0 when nobody was invited. */
  activationRate: number;
  /** Invited more than `staleAfterDays` ago and never signed in. */
  invitedNeverActive: number;
  linksCreated: number;
  /** Links that went out by email or SMS. */
  linksSent: number;
  linksRedeemed: number;
  windowDays: number;
  staleAfterDays: number;
}

export interface CountPortalUsersOptions {
  accountId: string;
  /** @default 7 */
  windowDays?: number;
  /** @default 7 */
  staleAfterDays?: number;
}

const DAY = 86_400_000;

/**
 * The numbers managers watch, exact and without scanning the account: invited
 * and active are counters kept with every status change; "invited, never
 * active, older than N days" and the link counts sum per-day counters, plus an
 * index range over the one partial day at the edge of the window.
 */
export async function countPortalUsers(core: Core, options: CountPortalUsersOptions): Promise<PortalStats> {
  const windowDays = options.windowDays ?? 7;
  const staleAfterDays = options.staleAfterDays ?? 7;
  const now = core.now();
  const account = await core.db.account.findUnique({ where: { id: options.accountId } });
  if (!account) throw new AppError('account_not_found', `no account ${options.accountId}`);

  const cutoff = new Date(now.getTime() - staleAfterDays * DAY);
  const cutoffDay = dayKey(cutoff);
  const windowStart = new Date(now.getTime() - windowDays * DAY);
  const windowStartDay = dayKey(windowStart);
  const nextDayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + DAY);
  const signInLinks = { accountId: account.id, purpose: { in: ['invite', 'login'] } };
  // The partial day at the window's start, counted exactly from an index range
  // bounded by one day's rows; whole days come from the day counters.
  const partialWindow = { gte: windowStart, lt: nextDayAfter(windowStartDay) };

  const [olderDays, cutoffDayPart, linkDays, createdPart, sentPart, redeemedPart] = await Promise.all([
    core.db.inviteDayCount.aggregate({
      where: { accountId: account.id, day: { lt: cutoffDay } },
      _sum: { count: true },
    }),
    core.db.contact.count({
      where: {
        accountId: account.id,
        status: 'invited',
        invitedAt: { gte: new Date(`${cutoffDay}T00:00:00.000Z`), lt: cutoff },
      },
    }),
    core.db.linkDayCount.aggregate({
      where: { accountId: account.id, day: { gt: windowStartDay } },
      _sum: { created: true, sent: true, redeemed: true },
    }),
    core.db.loginToken.count({ where: { ...signInLinks, createdAt: partialWindow } }),
    core.db.loginToken.count({
      where: { ...signInLinks, createdAt: partialWindow, sentVia: { in: ['email', 'sms'] } },
    }),
    core.db.loginToken.count({ where: { ...signInLinks, usedAt: partialWindow } }),
  ]);
  const linksCreated = (linkDays._sum.created ?? 0) + createdPart;
  const linksSent = (linkDays._sum.sent ?? 0) + sentPart;
  const linksRedeemed = (linkDays._sum.redeemed ?? 0) + redeemedPart;
  const invited = account.invitedCount;
  const active = account.activeCount;
  return {
    portalUrl: account.portalUrl,
    portalName: account.name,
    invited,
    active,
    deactivated: account.deactivatedCount,
    activationRate: invited + active === 0 ? 0 : active / (invited + active),
    invitedNeverActive: (olderDays._sum.count ?? 0) + cutoffDayPart,
    linksCreated,
    linksSent,
    linksRedeemed,
    windowDays,
    staleAfterDays,
  };
}
