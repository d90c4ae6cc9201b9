import { z } from 'zod';

/**
 * Who can be an account admin: a Slack user id (U…, or W… on Enterprise
 * Grid) or a Slack user group id (S…), whose members are all admins.
 */
export const adminSubject = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[UWS][A-Z0-9]{2,30}$/, 'subject: a Slack user id (U…, W…) or user group id (S…)');

export type AdminSubjectKind = 'user' | 'group';

export function subjectKind(subject: string): AdminSubjectKind {
  return subject.startsWith('S') ? 'group' : 'user';
}

/** An account admin as every surface shows it. */
export interface AccountAdminView {
  subject: string;
  kind: AdminSubjectKind;
  /** Who added it (an audit actor). */
  createdBy: string;
  createdAt: Date;
}

export function toAccountAdmin(row: { subject: string; createdBy: string; createdAt: Date }): AccountAdminView {
  return { subject: row.subject, kind: subjectKind(row.subject), createdBy: row.createdBy, createdAt: row.createdAt };
}
