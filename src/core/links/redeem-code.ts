import type { Core } from '../core.ts';
import { appLaunchPath } from '../oidc/app-link-target.ts';
import { AppError, invalidInput } from '../shared/errors.ts';
import { secretsEqual } from '../shared/secret-hash.ts';
import { parseAddress } from '../contacts/parse-address.ts';
import { toContact, type Contact } from '../contacts/contact-view.ts';
import { sectionPath, type Section } from '../access/sections.ts';
import { recordSignIn } from '../credentials/record-sign-in.ts';
import { recordFailedSignIn } from '../credentials/record-failed-sign-in.ts';
import { linkCode } from './link-secrets.ts';
import { linkKeyOf } from './link-keys.ts';
import { countLinkDay } from './link-day-counts.ts';
import type { LinkPurpose } from './link-purpose.ts';

export interface RedeemCodeOptions {
  accountId: string;
  /** The email or phone number the code was sent to. */
  address: string;
  /** Six digits; spaces and dashes are ignored. */
  code: string;
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

/** Never a contact id: the unknown-address path runs the same statements and finds nothing. */
const NO_CONTACT = '~no-contact~';

/**
 * Signs a contact in with the 6-digit code of their newest live link. Every
 * try first reserves one of that link's attempts (a conditional increment),
 * and only a reserved try is compared, so no amount of concurrency gets more
 * than `account.codeMaxAttempts` guesses at one code. Only the newest code
 * counts: guesses cannot be spread over several live codes.
 *
 * Every failure is the same `code_invalid` (wrong, spent, expired, no code,
 * unknown address), with no count of tries left, and an unknown address runs
 * the same statements as a known one (lookup, reservation, comparison, the
 * failure's audit row), so neither the answer nor its time tells whether an
 * address has an account (issue #11, finding 4). There is no lock-out per
 * contact: a freshly sent code always has its full tries (finding 3).
 * @throws AppError invalid_input (not 6 digits), code_invalid
 */
export async function redeemCode(core: Core, options: RedeemCodeOptions): Promise<RedeemedCode> {
  const code = options.code.replace(/[\s-]/g, '');
  if (!/^\d{6}$/.test(code)) throw invalidInput('enter the 6-digit code from your message');
  const parsed = parseAddress(options.address);
  const account = await core.db.account.findUniqueOrThrow({
    where: { id: options.accountId },
    select: { codeMaxAttempts: true },
  });
  const where = !parsed.ok
    ? { id: NO_CONTACT }
    : parsed.address.kind === 'email'
      ? { email: parsed.address.email }
      : { phone: parsed.address.phone };
  const contact = await core.db.contact.findFirst({ where: { accountId: options.accountId, ...where } });
  const contactId = contact?.id ?? NO_CONTACT;

  const now = core.now();
  const live = { contactId, purpose: { in: codePurposes }, usedAt: null, revokedAt: null, expiresAt: { gt: now } };
  const newest = await core.db.loginToken.findFirst({ where: live, orderBy: { createdAt: 'desc' } });
  const reserved = await core.db.loginToken.updateMany({
    where: { ...live, id: newest?.id ?? NO_CONTACT, codeAttempts: { lt: account.codeMaxAttempts } },
    data: { codeAttempts: { increment: 1 } },
  });
  const expected = newest ? linkCode(linkKeyOf(core, newest), newest.id) : linkCode(core.linkKey, NO_CONTACT);
  const matches = secretsEqual(expected, code);
  if (contact && newest && reserved.count === 1 && matches) {
    const link = newest;
    const signedIn = await core.db.$transaction(async (tx) => {
      const spent = await tx.loginToken.updateMany({ where: { ...live, id: link.id }, data: { usedAt: now } });
      if (spent.count === 0) return null;
      if (link.purpose !== 'code') await countLinkDay(tx, options.accountId, now, { redeemed: 1 });
      return recordSignIn(core, tx, {
        accountId: options.accountId,
        contactId: contact.id,
        method: 'code',
        linkId: link.id,
      });
    });
    if (signedIn !== null) {
      const row = await core.db.contact.findUniqueOrThrow({ where: { id: contact.id } });
      return {
        linkId: link.id,
        contact: toContact(row),
        path: link.appId
          ? appLaunchPath(link.appId, link.appPath)
          : sectionPath(link.section as Section, link.resourceId),
        firstSignIn: signedIn,
      };
    }
  }
  await recordFailedSignIn(core, { accountId: options.accountId, contactId: contact?.id ?? null, method: 'code' });
  throw new AppError('code_invalid', 'that code did not work');
}
