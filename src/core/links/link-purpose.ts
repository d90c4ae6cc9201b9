import type { Account } from '../accounts/account-view.ts';

export const linkPurposes = ['invite', 'login', 'reset', 'code'] as const;
export type LinkPurpose = (typeof linkPurposes)[number];

/** Purposes that sign a person in; a new one of these replaces the older unused ones. */
export const signInPurposes: LinkPurpose[] = ['invite', 'login'];

/** Lifetime of a link of this purpose in this account (minutes). */
export function lifetimeMinutes(
  account: Pick<Account, 'inviteTtlMinutes' | 'loginTtlMinutes' | 'resetTtlMinutes' | 'codeTtlMinutes'>,
  purpose: LinkPurpose,
): number {
  switch (purpose) {
    case 'invite':
      return account.inviteTtlMinutes;
    case 'login':
      return account.loginTtlMinutes;
    case 'reset':
      return account.resetTtlMinutes;
    case 'code':
      return account.codeTtlMinutes;
  }
}
