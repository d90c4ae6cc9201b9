import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../logger.ts';

/** Bolt logs through ours, so its lines are redacted and formatted like the rest. */
export function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (parts: unknown[]) =>
    parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  return {
    debug: (...parts) => logger.debug(`bolt: ${text(parts)}`),
    info: (...parts) => logger.info(`bolt: ${text(parts)}`),
    warn: (...parts) => logger.warn(`bolt: ${text(parts)}`),
    error: (...parts) => logger.error(`bolt: ${text(parts)}`),
    setLevel: (next) => void (level = next),
    getLevel: () => level,
    setName: () => undefined,
  };
}
