/**
 * Graceful stop of the HTTP server: refuse new connections, let requests in
 * flight finish for up to `timeoutMs`, then cut what is left. Idle keep-alive
 * connections are closed at once, and again as in-flight ones go idle, so a
 * client holding a connection open does not keep the process alive.
 */
import type { Server } from 'node:http';

export async function drainServer(server: Server, options: { timeoutMs?: number } = {}): Promise<{ drained: boolean }> {
  if (!server.listening) return { drained: true };
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => {
      clearInterval(sweep);
      server.closeAllConnections();
      resolve({ drained: false });
    }, timeoutMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve({ drained: true });
    });
    server.closeIdleConnections();
  });
}
