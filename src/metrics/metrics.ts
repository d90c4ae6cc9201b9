/**
 * Prometheus metrics for the process (prom-client). Counters live in one
 * registry for the process, so instrumenting a place is one line:
 * `metrics.sends.inc({ channel, provider, result })`. Numbers the database
 * knows better (outbox depth and age, bulk-job progress) are read at scrape
 * time instead (src/metrics/metrics-route.ts), so every instance reports the
 * same truth.
 *
 * Labels are bounded on purpose: routes are Express patterns (`/l/:token`,
 * never a token), reasons are error codes.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry, prefix: 'portal_desk_' });

export const metrics = {
  httpDuration: new Histogram({
    name: 'portal_desk_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [processRegistry],
  }),
  sends: new Counter({
    name: 'portal_desk_sends_total',
    help: 'Messages handed to a provider, by channel, provider and result (sent, retry, failed, dead)',
    labelNames: ['channel', 'provider', 'result'] as const,
    registers: [processRegistry],
  }),
  redemptions: new Counter({
    name: 'portal_desk_redemptions_total',
    help: 'Login links and codes redeemed (result=redeemed) or refused (result=refused, reason=error code)',
    labelNames: ['kind', 'result', 'reason'] as const,
    registers: [processRegistry],
  }),
  rateLimited: new Counter({
    name: 'portal_desk_rate_limit_refusals_total',
    help: 'Requests refused by a rate limit, by limit name',
    labelNames: ['limit'] as const,
    registers: [processRegistry],
  }),
};

/** Counts a redemption by its outcome and passes the result (or the error) through unchanged. */
export async function countRedemption<T>(kind: 'link' | 'code', redemption: Promise<T>): Promise<T> {
  try {
    const result = await redemption;
    metrics.redemptions.inc({ kind, result: 'redeemed', reason: '' });
    return result;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    metrics.redemptions.inc({ kind, result: 'refused', reason: typeof code === 'string' ? code : 'error' });
    throw error;
  }
}
