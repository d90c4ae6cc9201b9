import { describe, expect, it } from 'vitest';
import { createAccountProviders } from '../../src/http/oidc/account-providers.ts';
import type { OidcPortal } from '../../src/http/oidc/oidc-portal.ts';

const portal = (slug: string, issuer = `http://desk.test/a/${slug}`): OidcPortal => ({
  accountId: `id-${slug}`,
  slug,
  issuer,
  base: `/a/${slug}`,
});

describe('the per-account provider cache', () => {
  it('builds once per account and issuer, shares a build in flight, and keeps at most maxEntries (least recently used goes)', async () => {
    const builds: string[] = [];
    const providers = createAccountProviders({
      maxEntries: 2,
      build: async (p) => {
        builds.push(p.issuer);
        return { issuer: p.issuer };
      },
    });
    const [one, two] = await Promise.all([providers.get(portal('a')), providers.get(portal('a'))]);
    expect(one).toBe(two);
    await providers.get(portal('b'));
    await providers.get(portal('a')); // a is now the most recent
    await providers.get(portal('c')); // b goes
    expect(providers.size).toBe(2);
    await providers.get(portal('a'));
    await providers.get(portal('b'));
    expect(builds).toEqual([
      'http://desk.test/a/a',
      'http://desk.test/a/b',
      'http://desk.test/a/c',
      'http://desk.test/a/b',
    ]);
    // A new address (a custom domain) is a new issuer: a new instance.
    await providers.get(portal('a', 'https://portal.a.test'));
    expect(builds.at(-1)).toBe('https://portal.a.test');
    providers.clear();
    expect(providers.size).toBe(0);
  });

  it('does not remember a failed build', async () => {
    let fail = true;
    const providers = createAccountProviders({
      build: async () => {
        if (fail) throw new Error('keys not readable');
        return 'built';
      },
    });
    await expect(providers.get(portal('a'))).rejects.toThrow('keys not readable');
    fail = false;
    await expect(providers.get(portal('a'))).resolves.toBe('built');
  });
});
