/** The list filters of GET /contacts.csv, shared with nothing else on purpose: /contacts keeps its own older names. */
import { z } from 'zod';
import type { ContactFilter } from '../../core/contacts/contact-filter.ts';

export const contactFilterQuery = z
  .object({
    status: z.enum(['none', 'invited', 'active', 'deactivated']).optional(),
    neverActive: z.enum(['true', 'false']).optional().describe('true: only contacts who never signed in'),
    neverActiveDays: z.coerce
      .number()
      .int()
      .min(0)
      .max(3650)
      .optional()
      .describe('Only contacts invited more than this many days ago who never signed in'),
    grant: z
      .enum(['course', 'community', 'affiliate'])
      .optional()
      .describe('Only contacts with current access of this kind'),
    resourceName: z.string().max(120).optional().describe('With grant: only this course or community'),
  })
  .strict();

export function contactFilterOf(query: z.infer<typeof contactFilterQuery>, now: Date): ContactFilter {
  const days = query.neverActiveDays;
  return {
    status: days !== undefined ? 'invited' : query.status,
    neverActivated: query.neverActive === 'true' || days !== undefined,
    invitedBefore: days !== undefined ? new Date(now.getTime() - days * 86_400_000) : undefined,
    grantKind: query.grant,
    resourceName: query.resourceName,
  };
}
