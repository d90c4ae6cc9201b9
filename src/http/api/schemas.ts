/** Shapes shared by several routes, and the mapping from domain views to them. */
import { z } from 'zod';
import type { Contact } from '../../core/contacts/contact-view.ts';
import type { Grant } from '../../core/access/grant-view.ts';
import type { BulkJobProgress } from '../../core/outbox/get-bulk-job.ts';
import { sections } from '../../core/access/sections.ts';

const timestamp = z.iso.datetime();
const iso = (date: Date | null) => (date ? date.toISOString() : null);

export const sectionSchema = z.enum(sections).describe('Portal section the link lands in');

export const contactSchema = z.object({
  id: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable().describe('E.164'),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  status: z.enum(['none', 'invited', 'active', 'deactivated']),
  deactivatedAt: timestamp.nullable().optional().describe('When access was turned off'),
  invitedAt: timestamp.nullable(),
  activatedAt: timestamp.nullable(),
  lastLoginAt: timestamp.nullable(),
  hasPassword: z.boolean(),
  smsOptedOut: z.boolean(),
  createdAt: timestamp,
});

export function contactJson(contact: Contact): z.infer<typeof contactSchema> {
  return {
    id: contact.id,
    email: contact.email,
    phone: contact.phone,
    firstName: contact.firstName,
    lastName: contact.lastName,
    status: contact.status,
    invitedAt: iso(contact.invitedAt),
    activatedAt: iso(contact.activatedAt),
    lastLoginAt: iso(contact.lastLoginAt),
    deactivatedAt: iso(contact.deactivatedAt ?? null),
    hasPassword: contact.hasPassword,
    smsOptedOut: contact.smsOptedOut,
    createdAt: contact.createdAt.toISOString(),
  };
}

export const grantSchema = z.object({
  id: z.string(),
  contactId: z.string(),
  kind: z.enum(['course', 'community', 'affiliate']),
  resourceId: z.string(),
  resourceName: z.string(),
  grantedBy: z.string(),
  grantedAt: timestamp,
  revokedAt: timestamp.nullable(),
});

export function grantJson(grant: Grant): z.infer<typeof grantSchema> {
  return { ...grant, grantedAt: grant.grantedAt.toISOString(), revokedAt: iso(grant.revokedAt) };
}

export const jobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  total: z.number().int(),
  queued: z.number().int().describe('Not yet sent and not yet given up'),
  sent: z.number().int(),
  failed: z.number().int(),
  done: z.boolean(),
  createdAt: timestamp,
  finishedAt: timestamp.nullable(),
});

export function jobJson(job: BulkJobProgress): z.infer<typeof jobSchema> {
  return {
    id: job.id,
    kind: job.kind,
    total: job.total,
    queued: job.queued,
    sent: job.sent,
    failed: job.failed,
    done: job.done,
    createdAt: job.createdAt.toISOString(),
    finishedAt: iso(job.finishedAt),
  };
}

export const errorSchema = z.object({
  error: z.object({
    code: z.string().describe('Stable, machine-readable: invalid_input, unauthorized, contact_not_found, …'),
    message: z.string().describe('For people; may change'),
    details: z.unknown().optional(),
  }),
});

/** Path parameter naming a contact: its id, email or phone number. */
export const contactParams = z.object({
  id: z.string().min(1).max(254).describe('Contact id, email or phone number (E.164)'),
});
