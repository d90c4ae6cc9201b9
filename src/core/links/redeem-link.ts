import type { Core } from '../core.ts';
import type { LinkPurpose } from './link-purpose.ts';
import { redeemLinks, type RedeemedLink, type RedeemRequest } from './redeem-links.ts';

export interface RedeemLinkOptions extends RedeemRequest {
  /** Which purposes this caller redeems. @default invite and login */
  purposes?: LinkPurpose[];
}

/**
 * Spends one link: redeemLinks with a batch of one. Of any number of
 * concurrent redemptions exactly one wins; the losers get link_used.
 * @throws AppError link_unknown | link_expired | link_used | link_revoked
 */
export async function redeemLink(core: Core, options: RedeemLinkOptions): Promise<RedeemedLink> {
  const { purposes, ...request } = options;
  const [result] = await redeemLinks(core, { requests: [request], purposes });
  if (result instanceof Error) throw result;
  return result!;
}
