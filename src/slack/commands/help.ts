import { helpMessage } from '../blocks/help.ts';
import { replyPrivately } from '../reply.ts';
import type { Subcommand } from './subcommand.ts';

/** `help` lists the registered subcommands; it gets the list from the registry to avoid a cycle. */
export function helpCommand(list: () => Subcommand[]): Subcommand {
  return {
    name: 'help',
    usage: '/portal help',
    summary: 'This list.',
    adminOnly: false,
    what: 'see help',
    async run(run) {
      const entries = list().map((s) => ({
        usage: s.usage,
        summary: s.summary,
        adminOnly: s.adminOnly,
        operatorOnly: s.operatorOnly,
      }));
      const isOperator = run.isAdmin && (await run.deps.authz.isOperator(run.userId, run.account.id));
      await replyPrivately(run.deps, run.reply, helpMessage(entries, { isAdmin: run.isAdmin, isOperator }));
    },
  };
}
