/**
 * How OUTBOX_LEASE_SECONDS (L) turns into timings. A claim is stored as
 * valid for L/2 and renewed every L/10; expired claims are looked for every
 * L/10. A live worker thus survives four missed renewals in a row, and a dead
 * worker's claims are taken over at most L/2 + L/10 (18 s at the default 30)
 * after its last renewal, within L as documented.
 */
export function storedLeaseMs(leaseMs: number): number {
  return Math.round(leaseMs / 2);
}

export function heartbeatEveryMs(leaseMs: number): number {
  return Math.max(Math.round(leaseMs / 10), 100);
}
