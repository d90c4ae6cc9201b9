/**
 * Who a request comes from, for per-client rate limits. The address is
 * Express's `req.ip`, so it follows TRUST_PROXY: with the default (off) it is
 * the socket's peer and X-Forwarded-For is ignored, because any client can
 * write that header. An IPv6 client usually holds a whole /64 (RFC 6177), so
 * it is counted per /64: otherwise it could rotate addresses inside its own
 * prefix and get a fresh limit with each.
 */
import { isIP } from 'node:net';
import type { Request } from 'express';

/** The rate-limit key of a client address: IPv4 as is, IPv6 as its /64 prefix. */
export function clientKeyOf(address: string): string {
  const ip = address.replace(/%.*$/, '');
  if (isIP(ip) !== 6) return ip;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  const [head = '', tail] = ip.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...left, ...new Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

/** The rate-limit key of the client that sent a request. */
export function clientKey(req: Request): string {
  return clientKeyOf(req.ip ?? req.socket.remoteAddress ?? '');
}
