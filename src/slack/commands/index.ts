/**
 * `/portal <subcommand> …`: parse, find the subcommand, ack, check who may
 * run it, then either open its modal (no arguments) or run it. Input that
 * does not parse is answered in the ack itself, so it is never late.
 */
import type { App, SlashCommand, webApi } from '@slack/bolt';
import { isAppError } from '../../core/shared/errors.ts';
import { usageMessage } from '../blocks/help.ts';
import { escapeText, truncate } from '../blocks/text.ts';
import { errorText, slackErrorCode } from '../error-text.ts';
import { accountForChannel } from '../account.ts';
import { replyPrivately } from '../reply.ts';
import type { SlackDeps } from '../slack-deps.ts';
import { slackActor } from '../../core/audit/actor.ts';
import type { CommandRun, Subcommand } from './subcommand.ts';
import { invite } from './invite.ts';
import { magiclink } from './magiclink.ts';
import { loginEmail } from './login-email.ts';
import { stats } from './stats.ts';
import { contact } from './contact.ts';
import { remind } from './remind.ts';
import { grant, revoke } from './grant.ts';
import { failed } from './failed.ts';
import { bind } from './bind.ts';
import { importCsv } from './import.ts';
import { automation } from './automation.ts';
import { apikey } from './apikey.ts';
import { apps } from './apps.ts';
import { helpCommand } from './help.ts';
// Contact lifecycle (#12 §1-2)
import { deactivate, reactivate, erase } from './lifecycle.ts';
// #12 lists, templates and settings
import { list } from './list.ts';
import { templates } from './templates.ts';
import { settings } from './settings.ts';
// Admins per account and accounts for operators (#16)
import { admins } from './admins.ts';
import { accounts } from './accounts.ts';
import { unwrapLinks } from './escaped-text.ts';

/** Every subcommand, in the order help lists them. Register a new one with one line here. */
export const subcommands: Subcommand[] = [
  invite,
  magiclink,
  loginEmail,
  stats,
  contact,
  list,
  remind,
  grant,
  revoke,
  failed,
  deactivate,
  reactivate,
  erase,
  importCsv,
  templates,
  settings,
  automation,
  apikey,
  apps,
  bind,
  admins,
  accounts,
];
subcommands.push(helpCommand(() => subcommands));

export function findSubcommand(name: string): Subcommand | undefined {
  const word = name.toLowerCase();
  return subcommands.find((s) => s.name === word || s.aliases?.includes(word));
}

export function parseCommandText(text: string): { name: string; rest: string } {
  const trimmed = (text ?? '').trim();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  return match ? { name: match[1]!.toLowerCase(), rest: match[2]!.trim() } : { name: 'help', rest: '' };
}

export function registerCommands(app: App, deps: SlackDeps): void {
  app.command('/portal', async ({ command, ack, client }) => {
    const { name, rest } = parseCommandText(unwrapLinks(command.text ?? ''));
    const subcommand = findSubcommand(name);
    if (!subcommand) {
      const problem = `\`${escapeText(truncate(name, 40)).replace(/`/g, "'")}\` is not a /portal command.`;
      await ack({ response_type: 'ephemeral', ...usageMessage(problem, '/portal help') });
      return;
    }
    await ack();
    await runSubcommand(deps, subcommand, command, rest, client);
  });
}

async function runSubcommand(
  deps: SlackDeps,
  subcommand: Subcommand,
  command: SlashCommand,
  text: string,
  client: webApi.WebClient,
): Promise<void> {
  const reply = { userId: command.user_id, channelId: command.channel_id, responseUrl: command.response_url, client };
  const log = { subcommand: subcommand.name, user: command.user_id, channel: command.channel_id };
  try {
    const account = await accountForChannel(deps, {
      teamId: command.team_id,
      enterpriseId: command.enterprise_id,
      channelId: command.channel_id,
      userId: command.user_id,
    });
    const isAdmin = await deps.authz.isAdmin(command.user_id, account.id);
    const allowed = subcommand.operatorOnly
      ? await deps.authz.isOperator(command.user_id, account.id)
      : isAdmin || !subcommand.adminOnly;
    if (!allowed) {
      const refusal = await deps.authz.refuse({
        accountId: account.id,
        userId: command.user_id,
        what: subcommand.what,
        operatorsOnly: subcommand.operatorOnly,
      });
      await replyPrivately(deps, reply, { text: refusal });
      return;
    }
    const run: CommandRun = {
      deps,
      core: deps.context.core,
      account,
      userId: command.user_id,
      actor: slackActor(command.user_id),
      teamId: command.team_id,
      enterpriseId: command.enterprise_id || undefined,
      channelId: command.channel_id,
      triggerId: command.trigger_id,
      text,
      args: text === '' ? [] : text.split(/\s+/),
      reply,
      isAdmin,
    };
    if (text === '' && subcommand.modal) {
      await openModal(deps, run, subcommand);
      return;
    }
    await subcommand.run(run);
  } catch (error) {
    const message = errorText(error, deps.logger, log);
    const withUsage = isAppError(error, 'invalid_input') ? usageMessage(message, subcommand.usage) : { text: message };
    await replyPrivately(deps, reply, withUsage);
  }
}

async function openModal(deps: SlackDeps, run: CommandRun, subcommand: Subcommand): Promise<void> {
  // Built outside the try: a failure here is ours (database), not Slack refusing the form.
  const view = await subcommand.modal!(run);
  try {
    await deps.client.views.open({ trigger_id: run.triggerId, view });
  } catch (error) {
    const code = slackErrorCode(error);
    deps.logger.warn('slack: cannot open modal', { subcommand: subcommand.name, error: code ?? String(error) });
    const instead = subcommand.insteadOfForm;
    const text =
      code === 'expired_trigger_id'
        ? `Slack closed the window for opening the form before it could open. ${instead ?? `Run \`/portal ${subcommand.name}\` again, or give the arguments directly: \`${subcommand.usage}\``}`
        : `The form could not open (${code ?? 'Slack did not answer'}). ${instead ?? `Give the arguments directly instead: \`${subcommand.usage}\``}`;
    await replyPrivately(deps, run.reply, { text });
  }
}
