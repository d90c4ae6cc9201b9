import type { Core } from '../core.ts';
import { appLaunchPath } from '../oidc/app-link-target.ts';
import { AppError, invalidInput } from '../shared/errors.ts';
import { secretsEqual } from '../shared/secret-hash.ts';
import { parseAddress } from '../contacts/parse-address.ts';
import { toContact, type Contact } from '../contacts/contact-view.ts';
import { sectionPath, type Section } from '../access/sections.ts';
import { recordSignIn } from '../credentials/record-sign-in.ts';
import { defaultMaxFailedSignIns, recordFailedSignIn } from '../credentials/record-failed-sign-in.ts';
import { linkCode } from './link-secrets.ts';
import { countLinkDay } from './link-day-counts.ts';
import type { LinkPurpose } from './link-purpose.ts';

export interface RedeemCodeOptions {
  accountId: string;
  /** The email or phone number the code was sent to. */
  address: string;
  /** Six digits; spaces and dashes are ignored. */
  code: string;
  /** Consecutive failures before a fresh link is needed. @default 100 */
  maxFailedSignIns?: number;
}

export interface RedeemedCode {
  linkId: string;
  contact: Contact;
  /** The section of the link the code belongs to (a code-only sign-in lands on the portal home). */
  path: string;
  firstSignIn: boolean;
}

/** Links whose 6-digit code signs in: the invite and login links, and code-only messages. */
const codePurposes: LinkPurpose[] = ['invite', 'login', 'code'];

/**
 * Signs a contact in with the 6-digit code of one of their live links. Every
 * try first reserves one of the link's attempts (a conditional increment), and
 * only a reserved try is compared, so no amount of concurrency gets more than
 * `account.codeMaxAttempts` guesses at one code. The link itself stays
 * one-time: a right code spends it.
 * @throws AppError invalid_input (not 6 digits), code_invalid (details.attemptsLeft), code_spent, rate_limited
 */
export async function redeemCode(core: Core, options: RedeemCodeOptions): Promise<RedeemedCode> {
  const code = options.code.replace(/[\s-]/g, '');
  if (!/^\d{6}$/.test(code)) throw invalidInput('enter the 6-digit code from your message');
  const parsed = parseAddress(options.address);
  const account = await core.db.account.findUniqueOrThrow({ where: { id: options.accountId }, select: { codeMaxAttempts: true } });
  const where = !parsed.ok ? null : parsed.address.kind === 'email' ? { email: parsed.address.email } : { phone: parsed.address.phone };
  const contact = where ? await core.db.contact.findFirst({ where: { accountId: options.accountId, ...where } }) : null;
  if (!contact) throw new AppError('code_invalid', 'that code is not right');
  if (contact.failedSignIns >= (options.maxFailedSignIns ?? defaultMaxFailedSignIns)) {
    throw new AppError('rate_limited', 'too many failed sign-ins in a row: sign in with a link we email you', { contactId: contact.id });
  }

  const now = core.now();
  const live = { contactId: contact.id, purpose: { in: codePurposes }, usedAt: null, revokedAt: null, expiresAt: { gt: now } };
  const candidates = await core.db.loginToken.findMany({ where: live, orderBy: { createdAt: 'desc' }, take: 3 });
  let attemptsLeft = 0;
  for (const link of candidates) {
    const reserved = await core.db.loginToken.updateMany({
      where: { ...live, id: link.id, codeAttempts: { lt: account.codeMaxAttempts } },
      data: { codeAttempts: { increment: 1 } },
    });
    if (reserved.count === 0) continue;
    if (!secretsEqual(linkCode(core.linkKey, link.id), code)) {
      attemptsLeft = Math.max(attemptsLeft, account.codeMaxAttempts - link.codeAttempts - 1);
      continue;
    }
    const signedIn = await core.db.$transaction(async (tx) => {
      const spent = await tx.loginToken.updateMany({ where: { ...live, id: link.id }, data: { usedAt: now } });
      if (spent.count === 0) return null;
      if (link.purpose !== 'code') await countLinkDay(tx, options.accountId, now, { redeemed: 1 });
      return recordSignIn(core, tx, { accountId: options.accountId, contactId: contact.id, method: 'code', linkId: link.id });
    });
    if (signedIn === null) continue;
    const row = await core.db.contact.findUniqueOrThrow({ where: { id: contact.id } });
    return { linkId: link.id, contact: toContact(row), path: link.appId ? appLaunchPath(link.appId, link.appPath) : sectionPath(link.section as Section, link.resourceId), firstSignIn: signedIn };
  }
  await recordFailedSignIn(core, { accountId: options.accountId, contactId: contact.id, method: 'code' });
  if (candidates.length > 0 && attemptsLeft === 0) {
    throw new AppError('code_spent', 'too many wrong tries: this code no longer works. Ask for a new one.');
  }
  throw new AppError('code_invalid', 'that code is not right', { attemptsLeft });
}
