/**
 * An address as the audit trail keeps it: enough to recognise, not enough to
 * learn ("a…@example.com", "…0123"), so the trail holds no address in full.
 */
export function maskValue(kind: 'email' | 'phone', value: string | null): string | null {
  if (value === null) return null;
  if (kind === 'phone') return `…${value.slice(-4)}`;
  const [local, domain] = value.split('@');
  return `${local!.slice(0, 1)}…@${domain}`;
}
