/**
 * POST /l/:token is answered ahead of Express (src/http/portal/link-redeem-fast-path.ts)
 * when the request is a plain urlencoded form; anything else goes to the Express
 * route. A person must not be able to tell which one answered: same status,
 * headers in the same order, same body. A `; charset=utf-8` Content-Type is a
 * form body-parser reads the same way but the fast path leaves to Express, so
 * each case below is sent both ways and the raw answers compared.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { startPortalApp, PortalBrowser, csrfOf, type PortalApp } from '../support/portal-app.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';
import { createMagicLink } from '../../src/core/links/create-magic-link.ts';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { AddressInfo } from 'node:net';
import { fastPathTarget, serveAheadOfRouter } from '../../src/http/portal/link-redeem-fast-path.ts';
import { createAccount } from '../../src/core/accounts/create-account.ts';
import { archiveAccount } from '../../src/core/accounts/archive-account.ts';

const form = 'application/x-www-form-urlencoded';
const viaFastPath = { 'content-type': form };
const viaExpress = { 'content-type': `${form}; charset=utf-8` };

interface RawAnswer {
  status: number;
  /** Header names and values in the order they were sent; Date dropped, fresh secrets masked. */
  headers: string[];
  body: string;
}

function post(baseUrl: string, path: string, body: string, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}${path}`,
      { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const lines: string[] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            const [name, value] = [res.rawHeaders[i]!, res.rawHeaders[i + 1]!];
            if (name.toLowerCase() === 'date') continue;
            // A new session id and device cookie on every sign-in; their attributes must still match.
            lines.push(`${name}: ${value.replace(/^(pd_session[^=]*|pd_device[^=]*)=[^;]*/, '$1=…')}`);
          }
          resolve({ status: res.statusCode!, headers: lines, body: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let linkCount = 0;
/** A new contact's sign-in link on `accountId`'s portal. */
async function freshLinkOf(p: PortalApp, accountId: string): Promise<string> {
  linkCount += 1;
  const core = p.app.context.core;
  const address = `fast${linkCount}@example.com`;
  const { contact } = await findOrCreateContact(core, { accountId, address, actor: 'system' });
  return (await createMagicLink(core, { accountId, contactId: contact.id, actor: 'slack:U1', sentVia: 'email' })).token;
}

/** The same POST through the fast path and through Express (each with its own path, e.g. its own fresh link). */
async function bothWays(baseUrl: string, cookie: string, path: () => Promise<string> | string, body: string) {
  const fast = await post(baseUrl, await path(), body, { ...viaFastPath, cookie });
  const express = await post(baseUrl, await path(), body, { ...viaExpress, cookie });
  return { fast, express };
}

describe('which requests the fast path takes', () => {
  const token = 'A'.repeat(43);
  const plain = { method: 'POST', url: `/l/${token}`, headers: { 'content-type': form, 'content-length': '10' } };

  it('takes a plain urlencoded POST of a well-formed link, on /l/ and /a/<slug>/l/', () => {
    expect(fastPathTarget(plain)).toEqual({ token, route: '/l/:token' });
    expect(fastPathTarget({ ...plain, url: `/a/acme-2/l/${token}` })).toEqual({
      token,
      slug: 'acme-2',
      route: '/a/:slug/l/:token',
    });
  });

  it('leaves everything else to Express', () => {
    const others = [
      { ...plain, method: 'GET' },
      { ...plain, url: `/l/${token}?x=1` },
      { ...plain, url: `/l/${token}/` },
      { ...plain, url: `/L/${token}` },
      { ...plain, url: '/l/short' },
      { ...plain, url: `/l/${token}/renew` },
      { ...plain, headers: { ...plain.headers, 'content-type': `${form}; charset=utf-8` } },
      { ...plain, headers: { ...plain.headers, 'content-type': 'multipart/form-data' } },
      { ...plain, headers: { ...plain.headers, 'content-encoding': 'gzip' } },
      { ...plain, headers: { ...plain.headers, 'transfer-encoding': 'chunked' } },
      { ...plain, headers: { 'content-type': form } },
      { ...plain, headers: { ...plain.headers, 'content-length': '8193' } },
    ];
    for (const other of others) expect(fastPathTarget(other), JSON.stringify(other)).toBeNull();
  });
});

describe('the fast path ahead of the router', () => {
  const token = 'A'.repeat(43);
  /** An app whose fast path does `then` with what it is handed, and which says who answered. */
  async function appWith(then: (next: (error?: unknown) => void) => void) {
    const app = express();
    const taken: string[] = [];
    const fastPath: RequestHandler = (req, res, next) => {
      // Express's request and response, as the router would hand them over.
      taken.push(`${req.method} ${req.path} ${typeof res.location}`);
      then(next);
    };
    app.use(serveAheadOfRouter(app, fastPath));
    app.post('/l/:token', (_req, res) => {
      res.status(200).send('route');
    });
    const errors: ErrorRequestHandler = (error, _req, res, _next) => {
      res.status(500).send(`error handler: ${(error as Error).message}`);
    };
    app.use(errors);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url, taken, close: () => new Promise((resolve) => server.close(resolve)) };
  }
  const postLink = (url: string, headers: Record<string, string>) =>
    post(url, `/l/${token}`, 'csrf=x', headers).then((answer) => `${answer.status} ${answer.body}`);

  it('hands a request it gives back to the app, and its error to the error handlers', async () => {
    const handsBack = await appWith((next) => next());
    const fails = await appWith((next) => next(new Error('account lookup failed')));
    try {
      expect(await postLink(handsBack.url, viaFastPath)).toBe('200 route');
      expect(handsBack.taken).toEqual([`POST /l/${token} function`]);
      expect(await postLink(fails.url, viaFastPath)).toBe('500 error handler: account lookup failed');
      // Anything the fast path does not take goes straight to the router.
      expect(await postLink(fails.url, viaExpress)).toBe('200 route');
      expect(fails.taken).toHaveLength(1);
    } finally {
      await handsBack.close();
      await fails.close();
    }
  });
});

describe.each(testProviders)('POST /l/:token answers the same with and without the fast path on %s', (provider) => {
  let p: PortalApp;
  let cookie: string;
  let csrf: string;
  beforeAll(async () => {
    p = await startPortalApp(provider);
    const browser = new PortalBrowser(p.url);
    csrf = csrfOf(await browser.get('/login'));
    cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  });
  afterAll(() => p?.close());

  const freshLink = () => freshLinkOf(p, p.app.context.defaultAccount.id);
  const both = (path: () => Promise<string> | string, body: string) => bothWays(p.url, cookie, path, body);

  it('signs in with 303, the same Location, cookies and security headers', async () => {
    const { fast, express } = await both(async () => `/l/${await freshLink()}`, `csrf=${csrf}`);
    expect(fast.status).toBe(303);
    expect(fast.headers).toContain('Location: /portal');
    expect(fast.headers.some((line) => line.startsWith('Set-Cookie: pd_session=…; Path=/; HttpOnly'))).toBe(true);
    expect(fast.headers).toContain('X-Frame-Options: DENY');
    expect(fast).toEqual(express);
  });

  it('answers a used link with the same 410 page', async () => {
    const token = await freshLink();
    expect((await post(p.url, `/l/${token}`, `csrf=${csrf}`, { ...viaFastPath, cookie })).status).toBe(303);
    const { fast, express } = await both(() => `/l/${token}`, `csrf=${csrf}`);
    expect(fast.status).toBe(410);
    expect(fast.body).toContain('already been used');
    expect(fast).toEqual(express);
  });

  it('answers an unknown link with the same 404 page', async () => {
    const { fast, express } = await both(() => `/l/${'B'.repeat(43)}`, `csrf=${csrf}`);
    expect(fast.status).toBe(404);
    expect(fast).toEqual(express);
  });

  it('refuses a missing or wrong CSRF value with the same 403 page, and the link stays usable', async () => {
    const token = await freshLink();
    for (const body of ['', `csrf=${'x'.repeat(43)}`, `csrf=${csrf}&csrf=${csrf}`, 'other=1']) {
      const { fast, express } = await both(() => `/l/${token}`, body);
      expect(fast.status, body).toBe(403);
      expect(fast, body).toEqual(express);
    }
    expect((await post(p.url, `/l/${token}`, `csrf=${csrf}`, { ...viaFastPath, cookie })).status).toBe(303);
  });

  it('reads any other form as body-parser does: extra fields, escapes, too many fields', async () => {
    const { fast, express } = await both(
      async () => `/l/${await freshLink()}`,
      `note=a+b%20c&csrf=${encodeURIComponent(csrf)}&x=%E2%9C%93`,
    );
    expect(fast.status).toBe(303);
    expect(fast).toEqual(express);
    const tooMany = Array.from({ length: 21 }, (_, i) => `f${i}=1`).join('&');
    const refused = await both(async () => `/l/${await freshLink()}`, tooMany);
    expect(refused.fast.status).toBe(413);
    expect(refused.fast).toEqual(refused.express);
  });
});

const metricsToken = 'fast-path-metrics-token-0123456789';

describe.each(testProviders)(
  'POST /a/<slug>/l/:token answers the same with and without the fast path on %s',
  (provider) => {
    let p: PortalApp;
    let cookie: string;
    let csrf: string;
    let acmeId: string;
    beforeAll(async () => {
      p = await startPortalApp(provider, { METRICS_TOKEN: metricsToken });
      acmeId = (await createAccount(p.app.context.core, { slug: 'acme', name: 'Acme Academy' })).id;
      await createAccount(p.app.context.core, { slug: 'closed', name: 'Closed Academy' });
      await archiveAccount(p.app.context.core, { slug: 'closed', actor: 'system' });
      const browser = new PortalBrowser(p.url);
      csrf = csrfOf(await browser.get('/a/acme/login'));
      cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    });
    afterAll(() => p?.close());

    const freshLink = (accountId: string) => freshLinkOf(p, accountId);
    const both = (path: () => Promise<string> | string, body: string) => bothWays(p.url, cookie, path, body);

    it("signs in on the account's own portal: 303 under the prefix, cookies scoped to it", async () => {
      const { fast, express } = await both(async () => `/a/acme/l/${await freshLink(acmeId)}`, `csrf=${csrf}`);
      expect(fast.status).toBe(303);
      expect(fast.headers).toContain('Location: /a/acme/portal');
      expect(
        fast.headers.some((line) => line.startsWith('Set-Cookie: pd_session-acme=…; Path=/a/acme; HttpOnly')),
      ).toBe(true);
      expect(fast).toEqual(express);
      // The fast path answered the first: it labels its requests with the route pattern, Express with the slug.
      const scraped = await fetch(`${p.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
      expect(await scraped.text()).toMatch(/route="\/a\/:slug\/l\/:token",status="303"/);
    });

    it("answers another account's link, an unknown slug and a closed portal with the same pages", async () => {
      const defaultId = p.app.context.defaultAccount.id;
      const foreign = await both(async () => `/a/acme/l/${await freshLink(defaultId)}`, `csrf=${csrf}`);
      expect(foreign.fast.status).toBe(404);
      expect(foreign.fast).toEqual(foreign.express);
      const unknownSlug = await both(() => `/a/nobody/l/${'D'.repeat(43)}`, `csrf=${csrf}`);
      expect(unknownSlug.fast.status).toBe(404);
      expect(unknownSlug.fast.body).toContain('There is no portal here');
      expect(unknownSlug.fast).toEqual(unknownSlug.express);
      const closed = await both(() => `/a/closed/l/${'E'.repeat(43)}`, `csrf=${csrf}`);
      expect(closed.fast.status).toBe(410);
      expect(closed.fast).toEqual(closed.express);
    });
  },
);

describe('POST /l/:token over the rate limit answers the same with and without the fast path', () => {
  let p: PortalApp;
  beforeAll(async () => {
    // 60 a minute * 0.05 = 3 link requests a minute per IP.
    p = await startPortalApp('sqlite', { RATE_LIMIT_SCALE: '0.05' });
  });
  afterAll(() => p?.close());

  it('answers 429 with the same page and Retry-After', async () => {
    const unknown = `/l/${'C'.repeat(43)}`;
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(p.url, unknown, '', viaFastPath)).status);
    expect(statuses).toEqual([403, 403, 403]);
    const fast = await post(p.url, unknown, '', viaFastPath);
    const express = await post(p.url, unknown, '', viaExpress);
    expect(fast.status).toBe(429);
    expect(fast.headers.find((line) => line.startsWith('Retry-After: '))).toMatch(/^Retry-After: \d+$/);
    // The wait shown may have ticked down by a second between the two.
    const steady = (answer: RawAnswer) => ({
      ...answer,
      headers: answer.headers.map((line) => line.replace(/^(Retry-After|ETag|Content-Length): .*/, '$1: …')),
      body: answer.body.replace(/wait \d+ seconds/, 'wait N seconds'),
    });
    expect(steady(fast)).toEqual(steady(express));
  });
});
