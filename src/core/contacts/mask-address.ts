/**
 * Enough of an address for a person to recognise it, not enough to learn it:
 * "alex@example.com" -> "a…@example.com", "+14155550123" -> "…0123".
 */
export function maskAddress(contact: { email: string | null; phone: string | null }): string {
  if (contact.email) {
    const [local, domain] = contact.email.split('@');
    return `${local!.slice(0, 1)}…@${domain}`;
  }
  if (contact.phone) return `…${contact.phone.slice(-4)}`;
  return 'your address';
}
