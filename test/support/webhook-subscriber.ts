/** A webhook subscriber for tests: a real HTTP server that records every outgoing event it receives. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Subscriber {
  url: string;
  events: Array<{ type: string; data: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startSubscriber(): Promise<Subscriber> {
  const events: Subscriber['events'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      events.push(JSON.parse(body) as Subscriber['events'][number]);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    events,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
