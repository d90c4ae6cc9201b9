import type { Core } from '../core.ts';
import { createBatcher, type Batcher, type BatcherOptions } from '../shared/batcher.ts';
import { redeemLinks, type RedeemedLink, type RedeemRequest } from './redeem-links.ts';

/**
 * Sign-in link redemption for a busy server: concurrent redemptions share
 * one transaction (src/core/shared/batcher.ts), so a click storm after a
 * bulk invite costs a few statements per batch instead of a dozen per click.
 * Each caller still gets its own answer, and a lone click is not delayed.
 * `submit` rejects with AppError link_unknown | link_expired | link_used | link_revoked.
 */
export function createLinkRedeemer(core: Core, options: BatcherOptions = {}): Batcher<RedeemRequest, RedeemedLink> {
  return createBatcher<RedeemRequest, RedeemedLink>((requests) => redeemLinks(core, { requests }), options);
}
