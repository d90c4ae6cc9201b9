import type { KnownBlock } from '@slack/types';
import type { BulkJobProgress } from '../../core/outbox/get-bulk-job.ts';
import { context, section } from './text.ts';

const kindWords: Record<string, string> = {
  invite: 'Invites',
  login_email: 'Login emails',
  remind: 'Reminders',
  import: 'Import invites',
  access_granted: 'Access emails',
};

function bar(done: number, total: number): string {
  const width = 20;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return '▓'.repeat(filled) + '░'.repeat(width - filled);
}

/** One message updated in place until the bulk job is done (or we stop watching). */
export function progressMessage(
  job: Pick<BulkJobProgress, 'kind' | 'total' | 'sent' | 'failed' | 'queued' | 'done'>,
  options: { stale?: boolean } = {},
): { text: string; blocks: KnownBlock[] } {
  const what = kindWords[job.kind] ?? 'Messages';
  const state = job.done
    ? job.failed > 0
      ? ':warning: done with failures'
      : ':white_check_mark: done'
    : options.stale
      ? ':hourglass: still sending (no longer updated here)'
      : ':hourglass_flowing_sand: sending';
  const text = `${what}: ${job.sent} sent, ${job.failed} failed of ${job.total} (${job.done ? 'done' : `${job.queued} queued`})`;
  const blocks: KnownBlock[] = [
    section(
      `*${what}*: ${state}\n\`${bar(job.sent + job.failed, job.total)}\`  ${job.sent + job.failed} / ${job.total}`,
    ),
    context(text),
  ];
  if (job.done && job.failed > 0)
    blocks.push(context('`/portal failed` lists the failed messages with a re-send button.'));
  return { text, blocks };
}
