import { getAutomationSettings, type AutomationChannel } from '../../core/automation/get-automation-settings.ts';
import { updateAutomationSettings } from '../../core/automation/update-automation-settings.ts';
import { invalidInput } from '../../core/shared/errors.ts';
import { automationMessage } from '../blocks/automation.ts';
import { replyPrivately } from '../reply.ts';
import type { Subcommand } from './subcommand.ts';

/** "on", "on email sms", "on sms,email", "off". */
export function parseAutomationArgs(args: string[]): { enabled: boolean; channels?: AutomationChannel[] } {
  const [verb, ...rest] = args.map((a) => a.toLowerCase());
  const words = rest.flatMap((w) => w.split(',')).filter(Boolean);
  if (verb === 'off') {
    if (words.length > 0) throw invalidInput('off takes no channels');
    return { enabled: false };
  }
  if (verb !== 'on') throw invalidInput(`"${args[0]}" is not on or off`);
  const channels: AutomationChannel[] = [];
  for (const word of words) {
    const channel = word === 'text' ? 'sms' : word;
    if (channel !== 'email' && channel !== 'sms')
      throw invalidInput(`"${word}" is not a channel: use email, sms or both`);
    if (!channels.includes(channel)) channels.push(channel);
  }
  return { enabled: true, ...(channels.length > 0 ? { channels } : {}) };
}

export const automation: Subcommand = {
  name: 'automation',
  aliases: ['automations'],
  usage: '/portal automation [on [email] [sms] | off]',
  summary:
    'Whether granting access sends the contact an access email/SMS with a login link. Shown to everyone; switching it is for admins.',
  // Looking is for everyone; the switch is checked below.
  adminOnly: false,
  what: 'switch the automation on or off',
  async run(run) {
    const core = run.core;
    if (run.args.length === 0) {
      const settings = await getAutomationSettings(core, { accountId: run.account.id });
      await replyPrivately(run.deps, run.reply, automationMessage(settings, { isAdmin: run.isAdmin }));
      return;
    }
    if (!run.isAdmin) {
      await replyPrivately(run.deps, run.reply, {
        text: await run.deps.authz.refuse({ accountId: run.account.id, userId: run.userId, what: automation.what }),
      });
      return;
    }
    const wanted = parseAutomationArgs(run.args);
    const settings = await updateAutomationSettings(core, {
      accountId: run.account.id,
      accessGranted: wanted,
      actor: run.actor,
    });
    await replyPrivately(run.deps, run.reply, automationMessage(settings, { changed: true, isAdmin: true }));
  },
};
