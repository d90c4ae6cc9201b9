/**
 * How long a portal session lives. Idle: signed out after this long without a
 * request. Absolute: signed out this long after sign-in, however active.
 */
export interface SessionPolicy {
  /** @default 24 hours */
  idleMinutes: number;
  /** @default 14 days */
  absoluteMinutes: number;
}

export const defaultSessionPolicy: SessionPolicy = { idleMinutes: 24 * 60, absoluteMinutes: 14 * 24 * 60 };

/** lastSeenAt is written at most this often, so page views are not all writes. */
export const touchEveryMs = 5 * 60_000;
