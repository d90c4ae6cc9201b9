import { createServer } from 'node:net';

/**
 * A port that was free a moment ago. For services whose PUBLIC_URL must be
 * known before they listen (links in emails carry it).
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
