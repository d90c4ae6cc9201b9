import { describe, expect, it } from 'vitest';
import { isPrivateAddress, webhookUrlProblem } from '../../src/core/events/webhook-address-policy.ts';

describe('isPrivateAddress', () => {
  it.each([
    ['0.0.0.0', '0.0.0.0/8'],
    ['0.255.255.255', '0.0.0.0/8'],
    ['10.0.0.5', '10.0.0.0/8'],
    ['10.255.255.255', '10.0.0.0/8'],
    ['100.64.0.0', '100.64.0.0/10'],
    ['100.127.255.255', '100.64.0.0/10'],
    ['127.0.0.1', '127.0.0.0/8'],
    ['127.255.255.254', '127.0.0.0/8'],
    ['169.254.169.254', '169.254.0.0/16 (cloud metadata)'],
    ['172.16.0.1', '172.16.0.0/12'],
    ['172.31.255.255', '172.16.0.0/12'],
    ['192.0.0.8', '192.0.0.0/24'],
    ['192.168.1.1', '192.168.0.0/16'],
    ['192.0.2.1', '192.0.2.0/24 (documentation)'],
    ['198.51.100.1', '198.51.100.0/24 (documentation)'],
    ['203.0.113.255', '203.0.113.0/24 (documentation)'],
    ['198.18.0.1', '198.18.0.0/15'],
    ['198.19.255.255', '198.18.0.0/15'],
    ['224.0.0.1', '224.0.0.0/4'],
    ['239.255.255.255', '224.0.0.0/4'],
    ['240.0.0.1', '240.0.0.0/4'],
    ['255.255.255.255', 'broadcast'],
    ['::', '::/128'],
    ['::1', '::1/128'],
    ['0:0:0:0:0:0:0:1', '::1/128, written out'],
    ['fc00::1', 'fc00::/7'],
    ['fdff:ffff::1', 'fc00::/7'],
    ['fe80::1', 'fe80::/10'],
    ['fe80::1%eth0', 'fe80::/10 with a zone'],
    ['febf:ffff::1', 'fe80::/10'],
    ['ff02::1', 'ff00::/8'],
    ['::2', '::/96 (IPv4-compatible)'],
    ['::7f00:1', '::/96, IPv4-compatible 127.0.0.1'],
    ['2001:0:4136:e378::1', '2001::/32 (Teredo)'],
    ['2001:db8::1', '2001:db8::/32 (documentation)'],
    ['2002:7f00:1::1', '2002::/16 (6to4 of 127.0.0.1)'],
    ['fec0::', 'fec0::/10 (site-local)'],
    ['feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'fec0::/10, its last address'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, in hex'],
    ['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
    ['64:ff9b::10.0.0.1', 'NAT64 of 10.0.0.1'],
    ['64:ff9b::7f00:1', 'NAT64 of 127.0.0.1, in hex'],
    ['::ffff:0:7f00:1', '::ffff:0:0:0/96 (IPv4-translated 127.0.0.1)'],
    ['::ffff:0:808:808', '::ffff:0:0:0/96 (IPv4-translated, even of a public address)'],
    ['::ffff:10.0.0.1', '::ffff:0:0/96 (IPv4-mapped 10.0.0.1)'],
    ['::ffff:0.0.0.0', '::ffff:0:0/96 (IPv4-mapped 0.0.0.0)'],
    ['64:ff9b:1::1', '64:ff9b:1::/48 (local-use NAT64)'],
    ['64:ff9b:1:ffff:ffff:ffff:808:808', '64:ff9b:1::/48, its last /96'],
    ['not an address', 'not an IP address: refused rather than guessed'],
  ])('%s is private (%s)', (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each([
    ['1.0.0.0', 'just after 0.0.0.0/8'],
    ['9.255.255.255', 'just before 10.0.0.0/8'],
    ['11.0.0.0', 'just after 10.0.0.0/8'],
    ['100.63.255.255', 'just before 100.64.0.0/10'],
    ['100.128.0.0', 'just after 100.64.0.0/10'],
    ['126.255.255.255', 'just before 127.0.0.0/8'],
    ['128.0.0.0', 'just after 127.0.0.0/8'],
    ['169.253.255.255', 'just before 169.254.0.0/16'],
    ['169.255.0.0', 'just after 169.254.0.0/16'],
    ['172.15.255.255', 'just before 172.16.0.0/12'],
    ['172.32.0.0', 'just after 172.16.0.0/12'],
    ['192.0.1.0', 'just after 192.0.0.0/24'],
    ['192.167.255.255', 'just before 192.168.0.0/16'],
    ['192.169.0.0', 'just after 192.168.0.0/16'],
    ['198.17.255.255', 'just before 198.18.0.0/15'],
    ['198.20.0.0', 'just after 198.18.0.0/15'],
    ['192.0.3.0', 'just after 192.0.2.0/24'],
    ['203.0.114.0', 'just after 203.0.113.0/24'],
    ['223.255.255.255', 'just before 224.0.0.0/4'],
    ['8.8.8.8', 'public'],
    ['::1:0:0', 'just after ::/96'],
    ['2001:1::1', 'just after 2001::/32'],
    ['2001:db9::1', 'just after 2001:db8::/32'],
    ['2003::1', 'just after 2002::/16'],
    ['fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'just before fc00::/7'],
    ['fe00::', 'between fc00::/7 and fe80::/10'],
    ['2001:4860:4860::8888', 'public'],
    ['::ffff:8.8.8.8', 'IPv4-mapped public'],
    ['64:ff9b::808:808', 'NAT64 of 8.8.8.8'],
  ])('%s is public (%s)', (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });
});

describe('webhookUrlProblem', () => {
  const strict = (url: string) => webhookUrlProblem(new URL(url), { allowPrivateNetworks: false });
  const relaxed = (url: string) => webhookUrlProblem(new URL(url), { allowPrivateNetworks: true });

  it('accepts https to a public host', () => {
    expect(strict('https://crm.example.com/hooks/portal')).toBeNull();
    expect(strict('https://8.8.8.8/hooks')).toBeNull();
    expect(strict('https://[2001:4860:4860::8888]/hooks')).toBeNull();
  });

  it.each([
    ['http://crm.example.com/hooks', 'webhook URLs must use https'],
    ['ftp://example.com', 'webhook URLs must use https'],
    ['https://user:pass@crm.example.com/hooks', 'put no credentials in the webhook URL'],
    ['https://10.0.0.5/hooks', '10.0.0.5 is a private network address'],
    ['http://10.0.0.5/hooks', '10.0.0.5 is a private network address'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a private network address'],
    ['https://[::1]/hooks', '::1 is a private network address'],
    ['https://[::ffff:127.0.0.1]/hooks', '::ffff:7f00:1 is a private network address'],
    ['https://[::ffff:0:7f00:1]/hooks', 'is a private network address'],
    ['https://[64:ff9b:1::a00:1]/hooks', 'is a private network address'],
    ['https://localhost/hooks', 'localhost is the server itself'],
    ['https://LOCALHOST./hooks', 'localhost is the server itself'],
    ['https://api.localhost/hooks', 'api.localhost is the server itself'],
    ['https://printer.local/hooks', 'printer.local is a name on a private network'],
    ['https://metadata.google.internal/computeMetadata/v1/', 'metadata.google.internal is a name on a private network'],
    ['https://intranet/hooks', '"intranet" is not a full domain name'],
  ])('refuses %s', (url, reason) => {
    expect(strict(url)).toContain(reason);
  });

  it('judges the address the URL parser normalises to: http://2130706433/ is 127.0.0.1', () => {
    expect(new URL('http://2130706433/').hostname).toBe('127.0.0.1');
    expect(strict('http://2130706433/')).toBe(
      '127.0.0.1 is a private network address: webhooks are only sent to addresses on the public internet',
    );
    expect(strict('https://0x7f.1/')).toContain('127.0.0.1 is a private network address');
  });

  it('accepts everything but credentials when private networks are allowed', () => {
    for (const url of [
      'http://127.0.0.1:4000/hooks',
      'http://localhost:4000/hooks',
      'http://2130706433/',
      'http://[::1]:4000/hooks',
      'http://10.0.0.5/hooks',
      'http://169.254.169.254/',
      'https://printer.local/hooks',
      'http://intranet/hooks',
      'http://crm.example.com/hooks',
      'https://crm.example.com/hooks',
    ]) {
      expect(relaxed(url), url).toBeNull();
    }
    expect(relaxed('http://user:pass@127.0.0.1/hooks')).toContain('put no credentials in the webhook URL');
    expect(relaxed('ftp://127.0.0.1/')).toBe('webhook URLs must use https or http');
  });
});
