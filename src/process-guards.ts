/**
 * Last-resort logging for errors nobody caught. A rejected promise that no
 * code handles is logged and the service runs on: the one such case seen
 * (Slack's eager auth.test) took the sign-in pages and the API down with it.
 * An uncaught exception is logged and then ends the process, as Node's own
 * documentation advises: after one, the process state cannot be trusted, and
 * a supervisor restarts it cleanly.
 */
import type { Logger } from './logger.ts';

export function installProcessGuards(
  logger: Logger,
  exit: (code: number) => void = (code) => process.exit(code),
): () => void {
  const onRejection = (reason: unknown) => {
    logger.error('unhandled promise rejection (the service runs on)', {
      error: reason instanceof Error ? reason.message : String(reason),
      stack: reason instanceof Error ? reason.stack?.split('\n').slice(1, 6).join(' | ') : undefined,
    });
  };
  const onException = (error: Error, origin: string) => {
    logger.error('uncaught exception: stopping', {
      origin,
      error: error.message,
      stack: error.stack?.split('\n').slice(1, 6).join(' | '),
    });
    exit(1);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
