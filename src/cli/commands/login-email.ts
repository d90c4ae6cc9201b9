import { report, UsageError, type CliCommand } from '../cli-command.ts';
import { channelOf } from './shared-options.ts';

export const loginEmail: CliCommand = {
  name: 'login-email',
  usage: 'login-email <contact>... [--sms] [--section courses] [--resource "Intro to SEO"]',
  summary: 'Send existing contacts a one-click login link',
  options: {
    sms: { type: 'boolean' },
    email: { type: 'boolean' },
    section: { type: 'string' },
    resource: { type: 'string' },
  },
  async run(context, { positionals, values }) {
    // Loaded when the command runs: `--help` stays fast (docs/benchmarks.md).
    const { queueLoginEmails } = await import('../../core/invitations/queue-login-emails.ts');
    const { parseSection } = await import('../../core/access/sections.ts');
    if (positionals.length === 0) throw new UsageError('name at least one contact');
    const section = values.section ? parseSection(String(values.section)) : undefined;
    if (values.section && !section) throw new UsageError(`unknown section "${values.section}"`);
    const result = await queueLoginEmails(context.core, {
      accountId: context.account.id,
      contacts: positionals,
      channel: channelOf(values, 'email'),
      section,
      resourceName: values.resource as string | undefined,
      actor: context.actor,
    });
    report(
      context,
      result,
      `Queued ${result.queued.length} login link(s)${result.bulkJobId ? `, bulk job ${result.bulkJobId}` : ''}.`,
    );
  },
};
