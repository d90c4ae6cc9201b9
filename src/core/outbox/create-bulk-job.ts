import type { Tx } from '../../db/client.ts';
import { newId } from '../shared/ids.ts';

export type BulkJobKind = 'invite' | 'login_email' | 'remind' | 'import' | 'access_granted';

export interface CreateBulkJobOptions {
  accountId: string;
  kind: BulkJobKind;
  total: number;
  requestedBy: string;
  /** Where to report progress (for example a Slack channel and message ts). */
  reportTo?: Record<string, unknown>;
  now: Date;
}

export async function createBulkJob(tx: Tx, options: CreateBulkJobOptions): Promise<{ id: string }> {
  const id = newId();
  await tx.bulkJob.create({
    data: {
      id,
      accountId: options.accountId,
      kind: options.kind,
      total: options.total,
      requestedBy: options.requestedBy,
      reportTo: options.reportTo ? JSON.stringify(options.reportTo) : null,
      createdAt: options.now,
    },
  });
  return { id };
}
