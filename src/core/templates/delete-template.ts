import type { Core } from '../core.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { TemplateChannel, TemplateKind } from './default-templates.ts';
import type { Actor } from '../audit/actor.ts';

/** Drops an account's override: the built-in template applies again. Returns whether there was one. */
export async function deleteTemplate(
  core: Core,
  options: { accountId: string; kind: TemplateKind; channel: TemplateChannel; actor: Actor },
): Promise<boolean> {
  return core.db.$transaction(async (tx) => {
    const { count } = await tx.template.deleteMany({
      where: { accountId: options.accountId, kind: options.kind, channel: options.channel },
    });
    if (count > 0)
      await recordAuditEvent(core, tx, {
        accountId: options.accountId,
        actor: options.actor,
        action: 'template.reset',
        subject: `template:${options.kind}:${options.channel}`,
        at: core.now(),
      });
    return count > 0;
  });
}
