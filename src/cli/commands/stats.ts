import { report, type CliCommand } from '../cli-command.ts';

export const stats: CliCommand = {
  name: 'stats',
  usage: 'stats',
  summary: 'Invited and active users, and link activity',
  async run(context) {
    // Loaded when the command runs: `--help` stays fast (docs/benchmarks.md).
    const { countPortalUsers } = await import('../../core/stats/count-portal-users.ts');
    const s = await countPortalUsers(context.core, { accountId: context.account.id });
    report(
      context,
      s,
      [
        `${s.portalName} (${s.portalUrl})`,
        `  invited ${s.invited}, active ${s.active}, activation ${(s.activationRate * 100).toFixed(1)}%, turned off ${s.deactivated}`,
        `  invited over ${s.staleAfterDays} days ago and never active: ${s.invitedNeverActive}`,
        `  last ${s.windowDays} days: ${s.linksCreated} links created, ${s.linksSent} sent, ${s.linksRedeemed} used`,
      ].join('\n'),
    );
  },
};
