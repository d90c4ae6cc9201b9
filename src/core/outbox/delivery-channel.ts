import { AppError } from '../shared/errors.ts';

export type DeliveryChoice = 'email' | 'sms' | 'auto';

export interface Reachable {
  email: string | null;
  phone: string | null;
  smsOptedOutAt?: Date | null;
}

/**
 * Where a message to this contact goes: `auto` prefers email, then SMS.
 * @throws AppError no_address_for_channel, sms_opted_out
 */
export function resolveChannel(
  contact: Reachable,
  choice: DeliveryChoice,
): { channel: 'email' | 'sms'; toAddress: string } {
  const wantsSms = choice === 'sms' || (choice === 'auto' && !contact.email);
  if (!wantsSms) {
    if (!contact.email) throw new AppError('no_address_for_channel', 'this contact has no email address');
    return { channel: 'email', toAddress: contact.email };
  }
  if (!contact.phone) throw new AppError('no_address_for_channel', 'this contact has no phone number');
  if (contact.smsOptedOutAt)
    throw new AppError(
      'sms_opted_out',
      'this contact replied STOP to our texts; SMS to them is refused until they opt back in',
    );
  return { channel: 'sms', toAddress: contact.phone };
}
