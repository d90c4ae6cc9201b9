import type { Core } from '../core.ts';

/**
 * The provider refused a batch and said it accepted none of it (a 4xx
 * validation refusal): each member becomes a send group of its own, sent
 * through the single endpoint under its own key, so one bad address does not
 * hold back the others. Only this claim's messages change. A batch that may
 * have been accepted is never split (outbox-worker.ts).
 */
export async function splitSendGroup(
  core: Core,
  options: { claimedBy: string; sendGroup: string; messageIds: string[] },
): Promise<void> {
  await core.db.$transaction(async (tx) => {
    for (const id of options.messageIds) {
      await tx.message.updateMany({
        where: { id, claimedBy: options.claimedBy, status: 'sending' },
        data: { sendGroup: `${options.sendGroup}.${id}` },
      });
    }
  });
}
