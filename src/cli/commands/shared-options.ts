import { UsageError } from '../cli-command.ts';

/** --sms / --email, or the default. */
export function channelOf<D extends 'auto' | 'email'>(
  values: Record<string, unknown>,
  fallback: D,
): 'sms' | 'email' | D {
  if (values.sms && values.email) throw new UsageError('choose --sms or --email, not both');
  return values.sms ? 'sms' : values.email ? 'email' : fallback;
}

/** --grant course:"Intro to SEO" --grant affiliate */
export function grantsOf(value: unknown): Array<{ kind: string; resourceName?: string }> {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.map((entry: string) => {
    const [kind, ...name] = entry.split(':');
    return { kind: kind!.trim(), resourceName: name.join(':').trim() || undefined };
  });
}
