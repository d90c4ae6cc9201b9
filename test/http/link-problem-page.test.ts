/** The one table from link errors to pages, and the errors it reads: pure, no database. */
import { describe, expect, it } from 'vitest';
import { linkError, linkErrorDetails, unknownLinkError } from '../../src/core/links/link-error.ts';
import { linkProblemPage } from '../../src/http/portal/link-problem-page.ts';
import { AppError } from '../../src/core/shared/errors.ts';

const link = { id: 'lnk1', accountId: 'acc1', contactId: 'c1', contact: { email: 'alex@example.com', phone: null } };

describe('linkError', () => {
  it('carries the state and the masked address, never the address itself', () => {
    const error = linkError('revoked', link);
    expect(error.code).toBe('link_revoked');
    expect(error.details).toEqual({
      state: 'revoked',
      linkId: 'lnk1',
      accountId: 'acc1',
      contactId: 'c1',
      masked: 'a…@example.com',
    });
    expect(JSON.stringify(error.details)).not.toContain('alex@');
    expect(linkError('used', link).code).toBe('link_used');
    expect(linkError('expired', { ...link, contact: { email: null, phone: '+14155550123' } }).details).toMatchObject({
      state: 'expired',
      masked: '…0123',
    });
  });

  it('has no details for other errors', () => {
    expect(linkErrorDetails(unknownLinkError())).toBeUndefined();
    expect(linkErrorDetails(new AppError('invalid_input', 'x'))).toBeUndefined();
    expect(linkErrorDetails(new Error('x'))).toBeUndefined();
  });
});

describe('linkProblemPage', () => {
  it('answers 410 with a form that sends a new link to the masked address', () => {
    let asked = 0;
    const page = linkProblemPage(linkError('used', link), {
      token: 'T'.repeat(43),
      reset: false,
      csrfToken: () => (asked++, 'csrf-value'),
    });
    expect(page?.status).toBe(410);
    expect(page?.title).toBe('Link no longer works');
    const body = page!.body.toString();
    expect(body).toContain('This link has already been used');
    expect(body).toContain('a…@example.com');
    expect(body).toContain(`/l/${'T'.repeat(43)}/renew`);
    expect(body).toContain('csrf-value');
    expect(asked).toBe(1);
  });

  it('names a reset link as such', () => {
    const body = linkProblemPage(linkError('expired', link), {
      token: 't',
      reset: true,
      csrfToken: () => 'c',
    })!.body.toString();
    expect(body).toContain('This password reset link has expired');
  });

  it('answers 404 for an unknown link without asking for a CSRF value, and nothing for other errors', () => {
    const csrfToken = () => {
      throw new Error('a 404 has no form');
    };
    expect(linkProblemPage(unknownLinkError(), { token: 't', reset: false, csrfToken })).toMatchObject({
      status: 404,
      title: 'Link not found',
    });
    expect(
      linkProblemPage(new AppError('invalid_input', 'x'), { token: 't', reset: false, csrfToken }),
    ).toBeUndefined();
    expect(linkProblemPage(new Error('boom'), { token: 't', reset: false, csrfToken })).toBeUndefined();
  });
});
