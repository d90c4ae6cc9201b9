import { metrics } from './metrics.ts';

/** One group's outcomes into portal_desk_sends_total. */
export function countSends(
  channel: string,
  provider: string,
  counts: { sent: number; retry: number; failed: number; dead: number },
): void {
  for (const result of ['sent', 'retry', 'failed', 'dead'] as const) {
    if (counts[result] > 0) metrics.sends.inc({ channel, provider, result }, counts[result]);
  }
}
