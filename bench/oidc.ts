/**
 * bench/oidc: what does a full sign-in through the OpenID Connect provider
 * cost next to the redeem path alone?
 *
 * One service (startApp) on a fresh SQLite file, and in this process:
 *   - redeem: a fresh magic link per sign-in, GET /l/:token then POST
 *     (Continue): the portal session starts. Two requests.
 *   - oidc: the same, then the app's part: /oidc/auth → interaction → code
 *     (four redirects), code + PKCE exchanged at /oidc/token (openid-client,
 *     client_secret_basic), and /oidc/me read. Eight requests.
 * Each runs BENCH_CONCURRENCY sign-ins at a time for BENCH_SECONDS; the two
 * alternate over BENCH_ROUNDS (the machine is shared) and the median of the
 * ratio counts. A figure to record, not a gate.
 *
 *   npm run bench:oidc
 *   (BENCH_SECONDS=5 BENCH_ROUNDS=3 BENCH_CONCURRENCY=8)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as client from 'openid-client';
import { loadConfig } from '../src/config.ts';
import { startApp } from '../src/app.ts';
import { createLogger } from '../src/logger.ts';
import { createMagicLink } from '../src/core/links/create-magic-link.ts';
import { findOrCreateContact } from '../src/core/contacts/find-or-create-contact.ts';
import { grantAccess } from '../src/core/access/grant-access.ts';
import { createApp } from '../src/core/oidc/create-app.ts';
import { freePort } from '../test/support/free-port.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const CONTACTS = 200;
const redirectUri = 'https://courses.example.com/api/auth/callback/portal';

const dir = mkdtempSync(join(tmpdir(), 'portal-desk-bench-oidc-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const app = await startApp(
  loadConfig({
    PORT: String(port),
    PUBLIC_URL: base,
    DATABASE_URL: `file:${join(dir, 'bench.db')}`,
    DATA_DIR: dir,
    RATE_LIMIT_SCALE: '1000000',
    LOG_LEVEL: 'error',
  }),
  { logger: createLogger({ level: 'error' }) },
);
const { core } = app.context;
const accountId = app.context.defaultAccount.id;
const contactIds: string[] = [];
for (let i = 0; i < CONTACTS; i += 1) {
  const contact = (await findOrCreateContact(core, { accountId, address: `bench${i}@example.com`, actor: 'system' }))
    .contact;
  await grantAccess(core, {
    accountId,
    contactId: contact.id,
    kind: 'course',
    resourceName: 'Intro to SEO',
    actor: 'system',
  });
  contactIds.push(contact.id);
}
const { app: courses, clientSecret } = await createApp(core, {
  accountId,
  name: 'Courses',
  redirectUris: [redirectUri],
  requires: 'course:*',
  actor: 'system',
});
const config = await client.discovery(
  new URL(base),
  courses.id,
  clientSecret!,
  client.ClientSecretBasic(clientSecret!),
  { execute: [client.allowInsecureRequests] },
);

/** A cookie-keeping browser that does not follow redirects. */
function browser() {
  const cookies = new Map<string, string>();
  return async (method: string, url: string, form?: Record<string, string>) => {
    const response = await fetch(new URL(url, base), {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form) : undefined,
    });
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0]!;
      cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    return { status: response.status, location: response.headers.get('location'), body: await response.text() };
  };
}

let n = 0;
async function redeem() {
  const link = await createMagicLink(core, { accountId, contactId: contactIds[n++ % CONTACTS]!, actor: 'system' });
  const go = browser();
  const page = await go('GET', `/l/${link.token}`);
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const done = await go('POST', `/l/${link.token}`, { csrf });
  if (done.status !== 303) throw new Error(`redeem answered ${done.status}`);
  return go;
}

async function signInThroughProvider() {
  const go = await redeem();
  const verifier = client.randomPKCECodeVerifier();
  const nonce = client.randomNonce();
  const state = client.randomState();
  let url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email portal',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    nonce,
    state,
  }).href;
  while (url.startsWith(base)) {
    const answer = await go('GET', url);
    if (!answer.location) throw new Error(`stopped at ${new URL(url).pathname} (${answer.status})`);
    url = new URL(answer.location, url).href;
  }
  const tokens = await client.authorizationCodeGrant(config, new URL(url), {
    pkceCodeVerifier: verifier,
    expectedNonce: nonce,
    expectedState: state,
  });
  const info = await client.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
  if (!Array.isArray(info.portal_access) || info.portal_access.length !== 1)
    throw new Error('userinfo without the grant');
}

async function run(label: string, once: () => Promise<unknown>): Promise<number> {
  const until = Date.now() + SECONDS * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < until) {
        await once();
        done += 1;
      }
    }),
  );
  const perSecond = done / SECONDS;
  console.log(`  ${label.padEnd(8)} ${perSecond.toFixed(1).padStart(8)} sign-ins/s`);
  return perSecond;
}

console.log(
  `bench:oidc on SQLite, ${CONCURRENCY} at a time, ${SECONDS}s per run, ${ROUNDS} rounds (Node ${process.version})`,
);
await signInThroughProvider(); // warm-up: provider loaded, keys read
const ratios: number[] = [];
for (let round = 1; round <= ROUNDS; round += 1) {
  console.log(`round ${round}`);
  const redeemed = await run('redeem', redeem);
  const full = await run('oidc', signInThroughProvider);
  ratios.push(full / redeemed);
}
ratios.sort((a, b) => a - b);
console.log(
  `median oidc / redeem: ${ratios[Math.floor(ratios.length / 2)]!.toFixed(2)} (a full app sign-in: link → Continue → code → token → userinfo)`,
);
await app.stop();
rmSync(dir, { recursive: true, force: true });
