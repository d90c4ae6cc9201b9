import { report, UsageError, type CliCommand } from '../cli-command.ts';

export const magiclink: CliCommand = {
  name: 'magiclink',
  usage:
    'magiclink <contact> [--section courses] [--resource "Intro to SEO"] [--send email|sms] | magiclink <contact> --app Courses [--path /intro-to-seo]',
  summary: 'Mint a one-time login link: printed, or sent with --send',
  options: {
    section: { type: 'string' },
    resource: { type: 'string' },
    send: { type: 'string' },
    app: { type: 'string' },
    path: { type: 'string' },
  },
  async run(context, { positionals, values }) {
    // Loaded when the command runs: `--help` stays fast (docs/benchmarks.md).
    const { findContact } = await import('../../core/contacts/find-contact.ts');
    const { createMagicLink } = await import('../../core/links/create-magic-link.ts');
    const { queueLoginEmails } = await import('../../core/invitations/queue-login-emails.ts');
    const { parseSection } = await import('../../core/access/sections.ts');
    if (positionals.length !== 1) throw new UsageError('name one contact: an email, a phone number or a contact id');
    const section = values.section ? parseSection(String(values.section)) : undefined;
    if (values.section && !section) throw new UsageError(`unknown section "${values.section}"`);
    const send = values.send as string | undefined;
    if (send && send !== 'email' && send !== 'sms') throw new UsageError('--send is email or sms');
    const contact = await findContact(context.core, { accountId: context.account.id, lookup: positionals[0]! });
    const resourceName = values.resource as string | undefined;
    const app = values.app as string | undefined;
    if (values.path !== undefined && !app) throw new UsageError('--path is a place inside an app: give --app too');
    if (send) {
      const { queued } = await queueLoginEmails(context.core, {
        accountId: context.account.id,
        contacts: [contact.id],
        channel: send as 'email' | 'sms',
        section,
        resourceName,
        app,
        appPath: values.path as string | undefined,
        actor: context.actor,
      });
      report(context, queued[0], `Login link queued by ${send} to ${queued[0]!.toAddress}.`);
      return;
    }
    const link = await createMagicLink(context.core, {
      accountId: context.account.id,
      contactId: contact.id,
      section,
      resourceName,
      sentVia: 'none',
      actor: context.actor,
      app,
      appPath: values.path as string | undefined,
    });
    report(
      context,
      { url: link.url, code: link.code, section: link.section, expiresAt: link.expiresAt },
      `${link.url}\ncode ${link.code}, lands in ${link.path}, expires ${link.expiresAt.toISOString()}. It works once; the contact's earlier links still work (a link sent with --send replaces them).`,
    );
  },
};
