import { report, UsageError, type CliCommand } from '../cli-command.ts';

export const automation: CliCommand = {
  name: 'automation',
  usage: 'automation [on|off] [email] [sms]',
  summary: 'Show or switch the "access granted" automation (login link sent on every new grant)',
  async run(context, { positionals }) {
    // Loaded when the command runs: `--help` stays fast (docs/benchmarks.md).
    const { getAutomationSettings } = await import('../../core/automation/get-automation-settings.ts');
    const { updateAutomationSettings } = await import('../../core/automation/update-automation-settings.ts');
    const [state, ...channels] = positionals.map((p) => p.toLowerCase());
    const accountId = context.account.id;
    let settings;
    if (state === undefined) settings = await getAutomationSettings(context.core, { accountId });
    else {
      if (state !== 'on' && state !== 'off') throw new UsageError('automation on [email] [sms] | automation off');
      const unknown = channels.filter((c) => c !== 'email' && c !== 'sms');
      if (unknown.length) throw new UsageError(`unknown channel ${unknown.join(', ')}: use email and/or sms`);
      settings = await updateAutomationSettings(context.core, {
        accountId,
        accessGranted: {
          enabled: state === 'on',
          channels: channels.length ? (channels as Array<'email' | 'sms'>) : undefined,
        },
        actor: context.actor,
      });
    }
    const { enabled, channels: on } = settings.accessGranted;
    report(
      context,
      settings,
      `"Access granted" automation is ${enabled ? `on: a new grant sends a login link by ${on.join(' and ')}` : 'off'}.`,
    );
  },
};
