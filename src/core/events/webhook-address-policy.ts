/**
 * Where outgoing events may go. A webhook URL is chosen by an API caller, and
 * the service POSTs to it from inside the network it runs in: without these
 * checks a subscription to http://10.0.0.5/ or the cloud metadata address
 * (169.254.169.254) would make the service call its own neighbours (SSRF).
 * The URL is checked here when a subscription is created; the delivery adapter
 * checks the address it actually connects to with `isPrivateAddress`.
 */
import { BlockList, isIP } from 'node:net';

const nonPublic = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16],
  ['192.0.2.0', 24], // documentation (TEST-NET-1)
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved
] as const) {
  nonPublic.addSubnet(network, prefix, 'ipv4');
}
nonPublic.addAddress('255.255.255.255', 'ipv4');
nonPublic.addAddress('::', 'ipv6');
nonPublic.addAddress('::1', 'ipv6');
nonPublic.addSubnet('::', 96, 'ipv6'); // IPv4-compatible (deprecated)
nonPublic.addSubnet('2001::', 32, 'ipv6'); // Teredo tunnels
nonPublic.addSubnet('2001:db8::', 32, 'ipv6'); // documentation
nonPublic.addSubnet('::ffff:0:0:0', 96, 'ipv6'); // IPv4-translated (SIIT, RFC 2765): a translator on the path reaches an IPv4 address we would have to judge
nonPublic.addSubnet('64:ff9b:1::', 48, 'ipv6'); // local-use NAT64 (RFC 8215): translated inside this network
nonPublic.addSubnet('2002::', 16, 'ipv6'); // 6to4 tunnels: they reach an IPv4 address we would have to judge
nonPublic.addSubnet('fc00::', 7, 'ipv6'); // unique local
nonPublic.addSubnet('fec0::', 10, 'ipv6'); // site-local (deprecated)
nonPublic.addSubnet('fe80::', 10, 'ipv6'); // link-local
nonPublic.addSubnet('ff00::', 8, 'ipv6'); // multicast

/** The eight 16-bit groups of an IPv6 address, whatever form it was written in. */
function ipv6Groups(address: string): number[] {
  // The URL parser rewrites any IPv6 form (a dotted IPv4 tail included) as hex groups around at most one "::".
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const [head = '', tail] = canonical.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** The IPv4 address an IPv4-mapped (::ffff:0:0/96) or NAT64 (64:ff9b::/96) address reaches, if it is one. */
function embeddedIpv4(address: string): string | null {
  const groups = ipv6Groups(address);
  const prefix = groups
    .slice(0, 6)
    .map((group) => group.toString(16))
    .join(':');
  if (prefix !== '0:0:0:0:0:ffff' && prefix !== '64:ff9b:0:0:0:0') return null;
  const [high = 0, low = 0] = groups.slice(6);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/**
 * Whether an IP address is outside the public internet: loopback, private,
 * link-local, carrier-grade NAT, multicast, reserved, documentation, and the
 * tunnel prefixes (6to4, Teredo) whose far end we could not judge. An IPv6 address that
 * carries an IPv4 address (::ffff:10.0.0.1, 64:ff9b::a00:1) is judged by the
 * IPv4 address. Anything that is not an IP address counts as private, so a
 * caller refuses what it cannot classify.
 * @example isPrivateAddress('169.254.169.254') // true
 * @example isPrivateAddress('::ffff:8.8.8.8') // false
 */
export function isPrivateAddress(ip: string): boolean {
  // A zone (fe80::1%eth0) names a local interface; the address is what is judged.
  const address = ip.replace(/%.*$/, '');
  const version = isIP(address);
  if (version === 4) return nonPublic.check(address, 'ipv4');
  if (version !== 6) return true;
  const ipv4 = embeddedIpv4(address);
  return ipv4 === null ? nonPublic.check(address, 'ipv6') : nonPublic.check(ipv4, 'ipv4');
}

const PUBLIC_ONLY = 'webhooks are only sent to addresses on the public internet';

/**
 * What is wrong with a webhook URL, in words for the person who typed it, or
 * null when it may be subscribed. Unless private networks are allowed (local
 * development, tests), the URL must be https to a public host: no IP address
 * in a private range and no name that only makes sense inside a network
 * (localhost, *.local, *.internal, a name without a dot).
 * @example webhookUrlProblem(new URL('https://10.0.0.5/hooks'), { allowPrivateNetworks: false })
 * // '10.0.0.5 is a private network address: webhooks are only sent to addresses on the public internet'
 */
export function webhookUrlProblem(url: URL, options: { allowPrivateNetworks: boolean }): string | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return `webhook URLs must use https${options.allowPrivateNetworks ? ' or http' : ''}`;
  if (url.username || url.password)
    return 'put no credentials in the webhook URL: events are signed with the subscription secret';
  if (options.allowPrivateNetworks) return null;
  // Where it points first: for http://10.0.0.5 "use https" would not help.
  return hostProblem(url) ?? (url.protocol === 'http:' ? 'webhook URLs must use https' : null);
}

/** A URL's host as an address or a name: IPv6 without its brackets, a name without trailing dots. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.+$/, '');
}

function hostProblem(url: URL): string | null {
  // The URL parser has already turned 2130706433, 0x7f.1 and 127.1 into 127.0.0.1.
  const host = hostOf(url);
  if (isIP(host)) return isPrivateAddress(host) ? `${host} is a private network address: ${PUBLIC_ONLY}` : null;
  if (host === 'localhost' || host.endsWith('.localhost')) return `${host} is the server itself: ${PUBLIC_ONLY}`;
  if (host.endsWith('.local') || host.endsWith('.internal'))
    return `${host} is a name on a private network: ${PUBLIC_ONLY}`;
  if (!host.includes('.'))
    return `"${url.hostname}" is not a full domain name (like hooks.example.com): ${PUBLIC_ONLY}`;
  return null;
}
