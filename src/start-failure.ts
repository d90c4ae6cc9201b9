import type { Config } from './config.ts';

/** A start-up error as the one line printed before exiting with code 1. */
export function describeStartFailure(error: unknown, config: Pick<Config, 'port' | 'host'>): string {
  const e = error as NodeJS.ErrnoException;
  const where = `${config.host ?? 'all interfaces'} port ${config.port}`;
  if (e?.code === 'EADDRINUSE')
    return `Portal Desk cannot start: port ${config.port} is already in use (${where}). Stop what uses it, or set PORT to a free port.`;
  if (e?.code === 'EACCES')
    return `Portal Desk cannot start: not allowed to listen on ${where}. Use a PORT above 1023.`;
  if (e?.code === 'EADDRNOTAVAIL')
    return `Portal Desk cannot start: HOST ${config.host} is not an address of this machine.`;
  const message =
    e instanceof Error ? (e.message.split('\n').find((line) => line.trim() !== '') ?? e.name) : String(error);
  return `Portal Desk cannot start: ${message}`;
}
