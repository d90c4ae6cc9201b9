import { findContact } from '../../core/contacts/find-contact.ts';
import { grantAccess } from '../../core/access/grant-access.ts';
import { revokeAccess } from '../../core/access/revoke-access.ts';
import { report, UsageError, type CliCommand, type CliContext } from '../cli-command.ts';

function target(positionals: string[]): { lookup: string; kind: string; resourceName?: string } {
  const [lookup, kind, ...name] = positionals;
  if (!lookup || !kind) throw new UsageError('name the contact and what: course "Intro to SEO", community Founders or affiliate');
  return { lookup, kind, resourceName: name.join(' ').trim() || undefined };
}

async function contactOf(context: CliContext, lookup: string) {
  return findContact(context.core, { accountId: context.account.id, lookup });
}

export const grant: CliCommand = {
  name: 'grant',
  usage: 'grant <email|phone|id> course|community|affiliate [name]',
  summary: 'Give a contact a course, a community or the affiliate area',
  async run(context, { positionals }) {
    const t = target(positionals);
    const who = await contactOf(context, t.lookup);
    const result = await grantAccess(context.core, { accountId: context.account.id, contactId: who.id, kind: t.kind, resourceName: t.resourceName, actor: context.actor });
    report(context, result, result.changed ? `Granted ${result.grant.kind} "${result.grant.resourceName}" to ${t.lookup}.` : `${t.lookup} already has ${result.grant.kind} "${result.grant.resourceName}": nothing changed.`);
  },
};

export const revoke: CliCommand = {
  name: 'revoke',
  usage: 'revoke <email|phone|id> course|community|affiliate [name]',
  summary: 'Take a course, a community or the affiliate area away from a contact',
  async run(context, { positionals }) {
    const t = target(positionals);
    const who = await contactOf(context, t.lookup);
    const revoked = await revokeAccess(context.core, { accountId: context.account.id, contactId: who.id, kind: t.kind, resourceName: t.resourceName, actor: context.actor });
    report(context, { grant: revoked }, `Revoked ${revoked.kind} "${revoked.resourceName}" from ${t.lookup}.`);
  },
};
