import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { createAccount } from '../../src/core/accounts/create-account.ts';
import { findAccount } from '../../src/core/accounts/find-account.ts';
import { ensureDefaultAccount } from '../../src/core/accounts/ensure-default-account.ts';
import { isAppError } from '../../src/core/shared/errors.ts';

describe.each(testProviders)('accounts on %s', (provider) => {
  let t: TestCore;
  beforeAll(async () => {
    t = await createTestCore(provider);
  });
  afterAll(() => t?.close());

  it('creates the default account once, even when asked concurrently', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => ensureDefaultAccount(t.core)));
    expect(new Set(results.map((a) => a.id)).size).toBe(1);
    expect(results[0]).toMatchObject({
      slug: 'default',
      portalUrl: 'http://portal.test/portal',
      inviteTtlMinutes: 7 * 24 * 60,
      loginTtlMinutes: 24 * 60,
    });
    expect(await t.core.db.account.count()).toBe(1);
  });

  it('adds accounts by slug with unique slugs and portal URLs', async () => {
    const agency = await createAccount(t.core, {
      slug: 'Acme',
      name: 'Acme Academy',
      portalUrl: 'https://acme.example.com/portal',
      actor: 'slack:U1',
    });
    expect(agency.slug).toBe('acme');
    expect((await findAccount(t.core, { slug: 'acme' })).id).toBe(agency.id);
    const clash = await createAccount(t.core, {
      slug: 'other',
      name: 'Other',
      portalUrl: 'https://acme.example.com/portal',
    }).catch((e: unknown) => e);
    expect(isAppError(clash, 'conflict')).toBe(true);
    const bad = await createAccount(t.core, { slug: 'no spaces!', name: '', portalUrl: 'nope' }).catch(
      (e: unknown) => e,
    );
    expect(isAppError(bad, 'invalid_input')).toBe(true);
    expect((bad as Error).message).toMatch(/slug.*name is required.*portalUrl/);
    const missing = await findAccount(t.core, { slug: 'ghost' }).catch((e: unknown) => e);
    expect(isAppError(missing, 'account_not_found')).toBe(true);
  });
});
