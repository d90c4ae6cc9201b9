import { findContact } from '../../core/contacts/find-contact.ts';
import { grantAccess } from '../../core/access/grant-access.ts';
import { revokeAccess } from '../../core/access/revoke-access.ts';
import { report, UsageError, type CliCommand, type CliContext } from '../cli-command.ts';

function target(positionals: string[]): { lookup: string; kind: string; resourceName?: string } {
  const [lookup, kind, ...name] = positionals;
  if (!lookup || !kind)
    throw new UsageError('name the contact and what: course "Intro to SEO", community Founders or affiliate');
  return { lookup, kind, resourceName: name.join(' ').trim() || undefined };
}

async function contactOf(context: CliContext, lookup: string) {
  return findContact(context.core, { accountId: context.account.id, lookup });
}

export const grant: CliCommand = {
  name: 'grant',
  usage: 'grant <email|phone|id> course|community|affiliate [name] [--url https://…]',
  summary: 'Give a contact a course, a community or the affiliate area; --url: where it really lives (in an app)',
  options: { url: { type: 'string' } },
  async run(context, { positionals, values }) {
    const t = target(positionals);
    if (values.url === '')
      throw new UsageError(
        '--url needs the address where it lives, e.g. --url https://courses.example.com/intro-to-seo',
      );
    const who = await contactOf(context, t.lookup);
    const result = await grantAccess(context.core, {
      accountId: context.account.id,
      contactId: who.id,
      kind: t.kind,
      resourceName: t.resourceName,
      resourceUrl: values.url as string | undefined,
      actor: context.actor,
    });
    const what = `${result.grant.kind} "${result.grant.resourceName}"`;
    const where = result.resourceUrl ? ` (opens ${result.resourceUrl})` : '';
    report(
      context,
      result,
      result.changed
        ? `Granted ${what} to ${t.lookup}${where}.`
        : result.resourceUrlSet
          ? `${t.lookup} already has ${what}; it now opens ${result.resourceUrl}.`
          : `${t.lookup} already has ${what}${where}: nothing changed.`,
    );
  },
};

export const revoke: CliCommand = {
  name: 'revoke',
  usage: 'revoke <email|phone|id> course|community|affiliate [name]',
  summary: 'Take a course, a community or the affiliate area away from a contact',
  async run(context, { positionals }) {
    const t = target(positionals);
    const who = await contactOf(context, t.lookup);
    const revoked = await revokeAccess(context.core, {
      accountId: context.account.id,
      contactId: who.id,
      kind: t.kind,
      resourceName: t.resourceName,
      actor: context.actor,
    });
    report(context, { grant: revoked }, `Revoked ${revoked.kind} "${revoked.resourceName}" from ${t.lookup}.`);
  },
};
