import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProviders } from '../support/test-database.ts';
import { createTestCore, type TestCore } from '../support/test-core.ts';
import { findOrCreateContact } from '../../src/core/contacts/find-or-create-contact.ts';
import { createMagicLink } from '../../src/core/links/create-magic-link.ts';
import { redeemLink } from '../../src/core/links/redeem-link.ts';
import { isAppError, type AppError } from '../../src/core/shared/errors.ts';
import { linkTokenHash } from '../../src/core/links/link-secrets.ts';

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe.each(testProviders)('magic links on %s', (provider) => {
  let t: TestCore;
  beforeAll(async () => {
    t = await createTestCore(provider, { poolSize: 20 });
  });
  afterAll(() => t?.close());

  async function contact(email: string) {
    return (await findOrCreateContact(t.core, { accountId: t.account.id, address: email, actor: 'slack:U1' })).contact;
  }

  it('stores only a hash of the token and redeems to the section path', async () => {
    const c = await contact('reader@example.com');
    const link = await createMagicLink(t.core, {
      accountId: t.account.id,
      contactId: c.id,
      section: 'courses',
      resourceName: 'Intro to SEO',
      actor: 'slack:U1',
    });
    expect(link.url).toBe(`http://portal.test/l/${link.token}`);
    expect(link.code).toMatch(/^\d{6}$/);
    const row = await t.core.db.loginToken.findUniqueOrThrow({ where: { id: link.id } });
    expect(row.tokenHash).toBe(linkTokenHash(link.token));
    expect(JSON.stringify(row)).not.toContain(link.token);
    const redeemed = await redeemLink(t.core, { accountId: t.account.id, token: link.token });
    expect(redeemed.contact.id).toBe(c.id);
    expect(redeemed.path).toBe('/portal/courses/intro-to-seo');
    expect(redeemed.firstSignIn).toBe(true);
    expect(redeemed.contact.status).toBe('active');
    expect(redeemed.contact.lastLoginAt).toEqual(t.clock.now);
  });

  it('lets exactly one of 100 concurrent redemptions win', async () => {
    const c = await contact('racer@example.com');
    const link = await createMagicLink(t.core, { accountId: t.account.id, contactId: c.id, actor: 'system' });
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () => redeemLink(t.core, { accountId: t.account.id, token: link.token })),
    );
    const wins = results.filter((r) => r.status === 'fulfilled');
    const losses = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(wins).toHaveLength(1);
    expect(losses).toHaveLength(99);
    for (const loss of losses) expect(isAppError(loss.reason, 'link_used')).toBe(true);
    const account = await t.core.db.account.findUniqueOrThrow({ where: { id: t.account.id } });
    const activeRows = await t.core.db.contact.count({ where: { accountId: t.account.id, status: 'active' } });
    expect(account.activeCount).toBe(activeRows);
  });

  it('tells expired, revoked, used and unknown links apart', async () => {
    const c = await contact('errors@example.com');
    const expired = await createMagicLink(t.core, {
      accountId: t.account.id,
      contactId: c.id,
      purpose: 'login',
      actor: 'system',
    });
    t.clock.advance(24 * 3600_000 + 1);
    expect((await errorOf(redeemLink(t.core, { accountId: t.account.id, token: expired.token }))).code).toBe(
      'link_expired',
    );

    const older = await createMagicLink(t.core, { accountId: t.account.id, contactId: c.id, actor: 'system' });
    // Sent by email: replaces the older unused link (one only shown to an admin would not; test/lifecycle/link-story.test.ts).
    const newer = await createMagicLink(t.core, {
      accountId: t.account.id,
      contactId: c.id,
      sentVia: 'email',
      actor: 'system',
    });
    const revoked = await errorOf(redeemLink(t.core, { accountId: t.account.id, token: older.token }));
    expect(revoked.code).toBe('link_revoked');
    expect(revoked.details).toMatchObject({ contactId: c.id, linkId: older.id });

    await redeemLink(t.core, { accountId: t.account.id, token: newer.token });
    expect((await errorOf(redeemLink(t.core, { accountId: t.account.id, token: newer.token }))).code).toBe('link_used');

    const unknown = 'A'.repeat(43);
    expect((await errorOf(redeemLink(t.core, { accountId: t.account.id, token: unknown }))).code).toBe('link_unknown');
    expect((await errorOf(redeemLink(t.core, { accountId: t.account.id, token: 'short' }))).code).toBe('link_unknown');
    expect(
      (await errorOf(redeemLink(t.core, { accountId: t.account.id, token: '\'; DROP TABLE "LoginToken"; --' }))).code,
    ).toBe('link_unknown');
  });

  it('does not redeem a password-reset link as a sign-in link', async () => {
    const c = await contact('reset@example.com');
    const reset = await createMagicLink(t.core, {
      accountId: t.account.id,
      contactId: c.id,
      purpose: 'reset',
      actor: 'system',
    });
    expect((await errorOf(redeemLink(t.core, { accountId: t.account.id, token: reset.token }))).code).toBe(
      'link_unknown',
    );
    const spent = await redeemLink(t.core, { accountId: t.account.id, token: reset.token, purposes: ['reset'] });
    expect(spent.firstSignIn).toBe(false);
  });

  it('refuses a named item in a section that has none', async () => {
    const c = await contact('sections@example.com');
    const error = await errorOf(
      createMagicLink(t.core, {
        accountId: t.account.id,
        contactId: c.id,
        section: 'affiliates',
        resourceName: 'x',
        actor: 'system',
      }),
    );
    expect(error.code).toBe('invalid_input');
  });
});
