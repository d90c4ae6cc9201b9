import { report, UsageError, type CliCommand } from '../cli-command.ts';
import { channelOf, grantsOf } from './shared-options.ts';

export const invite: CliCommand = {
  name: 'invite',
  usage: 'invite <email|phone>... [--sms | --email] [--grant course:"Intro to SEO"]... [--section courses]',
  summary: 'Invite contacts to the portal (creates unknown ones)',
  options: {
    sms: { type: 'boolean' },
    email: { type: 'boolean' },
    grant: { type: 'string', multiple: true },
    section: { type: 'string' },
  },
  async run(context, { positionals, values }) {
    // Loaded when the command runs: `--help` stays fast (docs/benchmarks.md).
    const { inviteContacts } = await import('../../core/invitations/invite-contacts.ts');
    const { parseSection } = await import('../../core/access/sections.ts');
    if (positionals.length === 0) throw new UsageError('name at least one email or phone number to invite');
    const section = values.section ? parseSection(String(values.section)) : undefined;
    if (values.section && !section)
      throw new UsageError(`unknown section "${values.section}": use portal, courses, communities or affiliates`);
    const result = await inviteContacts(context.core, {
      accountId: context.account.id,
      invitees: positionals,
      channel: channelOf(values, 'auto'),
      grants: grantsOf(values.grant),
      section,
      actor: context.actor,
    });
    const created = result.invited.filter((i) => i.created).length;
    report(
      context,
      result,
      `Invited ${result.invited.length} contact(s) (${created} new)${result.bulkJobId ? `, bulk job ${result.bulkJobId}` : ''}. The running service sends the messages.`,
    );
  },
};
