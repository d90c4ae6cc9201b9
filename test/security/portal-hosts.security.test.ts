/**
 * Which portal a Host names (issue #16): `<slug>.PORTAL_BASE_DOMAIN`, a custom domain, or nothing (404).
 * X-Forwarded-Host counts only from a proxy TRUST_PROXY names; otherwise any client could pick its portal
 * by header while connecting to another one's address.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortalApp, type PortalApp } from '../support/portal-app.ts';
import { createAccount } from '../../src/core/accounts/create-account.ts';
import { setAccountDomain } from '../../src/core/accounts/set-account-domain.ts';

/** GET with the headers a browser behind a proxy would send (fetch cannot set Host). */
function get(p: PortalApp, path: string, headers: Record<string, string>) {
  const url = new URL(p.url);
  return new Promise<{ status: number; body: string; location?: string }>((resolve, reject) => {
    request({ host: url.hostname, port: url.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body, location: res.headers.location }));
    })
      .on('error', reject)
      .end();
  });
}
const titleOf = (page: { body: string }) => /<title>([^<]*)<\/title>/.exec(page.body)?.[1];

describe.each([
  ['off', {}],
  ['loopback', { TRUST_PROXY: 'loopback' }],
] as const)('portal hosts with TRUST_PROXY %s', (trust, env) => {
  let p: PortalApp;
  beforeAll(async () => {
    p = await startPortalApp('sqlite', {
      PUBLIC_URL: 'https://desk.test',
      PORTAL_BASE_DOMAIN: 'portals.test',
      PORTAL_NAME: 'Desk Default',
      ...env,
    });
    const { core } = p.app.context;
    await createAccount(core, { slug: 'acme', name: 'Acme Academy' });
    await createAccount(core, { slug: 'beta', name: 'Beta School' });
    await setAccountDomain(core, { slug: 'beta', domain: 'learn.beta.org', actor: 'system' });
  });
  afterAll(() => p?.close());

  it('serves <slug>.PORTAL_BASE_DOMAIN and custom domains, and nothing at other hosts', async () => {
    expect(titleOf(await get(p, '/login', { host: 'acme.portals.test' }))).toBe('Sign in · Acme Academy');
    expect(titleOf(await get(p, '/login', { host: 'LEARN.beta.org:443' }))).toBe('Sign in · Beta School');
    expect(titleOf(await get(p, '/login', { host: 'desk.test' }))).toBe('Sign in · Desk Default');
    for (const host of ['nope.portals.test', 'a.acme.portals.test', 'portals.test', 'evil.example'])
      expect(await get(p, '/login', { host })).toMatchObject({
        status: 404,
        body: expect.stringContaining('There is no portal here'),
      });
    // Beta has its own domain now: its base-domain address sends browsers there.
    expect(await get(p, '/login?signed-out', { host: 'beta.portals.test' })).toMatchObject({
      status: 308,
      location: 'https://learn.beta.org/login?signed-out',
    });
    // Host-only, __Host- cookies on https: the browser keeps each portal's to its own host.
    const page = await new Promise<string[]>((resolve, reject) => {
      const url = new URL(p.url);
      request({ host: url.hostname, port: url.port, path: '/login', headers: { host: 'acme.portals.test' } }, (res) => {
        res.resume();
        resolve(res.headers['set-cookie'] ?? []);
      })
        .on('error', reject)
        .end();
    });
    expect(page.find((line) => line.startsWith('__Host-pd_csrf='))).toMatch(
      /; Path=\/; HttpOnly; SameSite=Lax; Secure$/,
    );
    expect(page.join('\n')).not.toMatch(/Domain=/i);
  });

  it(`${trust === 'off' ? 'ignores' : 'believes'} X-Forwarded-Host from the loopback proxy`, async () => {
    const page = await get(p, '/login', { host: '127.0.0.1', 'x-forwarded-host': 'acme.portals.test' });
    expect(titleOf(page)).toBe(trust === 'off' ? 'Sign in · Desk Default' : 'Sign in · Acme Academy');
  });
});
