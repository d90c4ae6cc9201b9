/**
 * Where a modal came from, kept in its private_metadata: the account it acts
 * on and where to report (the channel and the slash command's response_url,
 * or nothing when opened from App Home: then we write to the person's DM).
 */
import { z } from 'zod';

const originSchema = z.object({
  a: z.string(),
  ch: z.string().optional(),
  ru: z.string().optional(),
  c: z.string().optional(),
  m: z.enum(['grant', 'revoke']).optional(),
  /** The templates modal: which message (kind and channel). */
  k: z.string().optional(),
  n: z.string().optional(),
});

export type ModalOrigin = z.infer<typeof originSchema>;

export function encodeOrigin(origin: ModalOrigin): string {
  return JSON.stringify(origin);
}

export function decodeOrigin(metadata: string | undefined): ModalOrigin | undefined {
  try {
    const parsed = originSchema.safeParse(JSON.parse(metadata ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
