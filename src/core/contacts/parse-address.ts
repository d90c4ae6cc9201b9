import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';

export type ContactAddress = { kind: 'email'; email: string } | { kind: 'phone'; phone: string };

export type ParsedAddress = { ok: true; address: ContactAddress } | { ok: false; input: string; reason: string };

const emailSchema = z.email();

/**
 * An email (trimmed, lower-cased, validated) or a phone number (E.164).
 * Numbers without a country prefix are read in `defaultCountry` when given,
 * otherwise refused: guessing a country sends SMS to strangers.
 */
export function parseAddress(input: string, defaultCountry?: CountryCode): ParsedAddress {
  const raw = input
    .trim()
    .replace(/^mailto:|^tel:/i, '')
    .replace(/^<(.*)>$/, '$1');
  if (raw === '') return { ok: false, input, reason: 'empty address' };
  if (raw.length > 254)
    return { ok: false, input: input.slice(0, 60) + '…', reason: 'too long to be an email or phone number' };
  if (raw.includes('@')) {
    const email = raw.toLowerCase();
    return emailSchema.safeParse(email).success
      ? { ok: true, address: { kind: 'email', email } }
      : { ok: false, input, reason: 'not a valid email address' };
  }
  if (!/^[+\d][\d\s().-]{5,24}$/.test(raw)) return { ok: false, input, reason: 'not an email address or phone number' };
  const phone = parsePhoneNumberFromString(raw, defaultCountry);
  if (!raw.startsWith('+') && !defaultCountry)
    return { ok: false, input, reason: 'phone numbers need a country code, e.g. +14155550123' };
  if (!phone || !phone.isValid()) return { ok: false, input, reason: 'not a valid phone number' };
  return { ok: true, address: { kind: 'phone', phone: phone.number } };
}

/** Splits free text (spaces, commas, semicolons, new lines) into address candidates. */
export function splitAddresses(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}
