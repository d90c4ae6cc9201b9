import { getSettings } from '../../core/settings/get-settings.ts';
import { updateSettings } from '../../core/settings/update-settings.ts';
import type { LinkLifetimes, PortalSettings } from '../../core/settings/portal-settings.ts';
import { report, UsageError, type CliCommand } from '../cli-command.ts';

const lifetimeOptions: Record<string, keyof LinkLifetimes> = {
  'invite-minutes': 'invite',
  'login-minutes': 'login',
  'code-minutes': 'code',
  'reset-minutes': 'reset',
};

function shown(s: PortalSettings): string {
  return [
    `portal name   ${s.portalName} (${s.portalUrl})`,
    `sender        ${s.sender ? `${s.sender.name ? `${s.sender.name} ` : ''}<${s.sender.address}>` : 'EMAIL_FROM (the service default)'}`,
    `reply-to      ${s.replyTo ?? '-'}`,
    `link lifetimes (minutes)  invite ${s.linkLifetimes.invite}, login ${s.linkLifetimes.login}, code ${s.linkLifetimes.code}, reset ${s.linkLifetimes.reset}`,
    `digest channel  ${s.digestChannel ?? '-'}`,
    `alerts channel  ${s.alertsChannel ?? '-'}`,
  ].join('\n');
}

export const settings: CliCommand = {
  name: 'settings',
  usage:
    'settings [--portal-name "…"] [--sender-name "…"] [--sender-address a@b] [--sender-default] [--reply-to a@b | --reply-to ""] [--invite-minutes N] [--login-minutes N] [--code-minutes N] [--reset-minutes N] [--digest-channel C… | ""] [--alerts-channel C… | ""]',
  summary: 'Show or change the portal name, sender, reply-to, link lifetimes and Slack digest and alerts channels',
  options: {
    'portal-name': { type: 'string' },
    'sender-name': { type: 'string' },
    'sender-address': { type: 'string' },
    'sender-default': { type: 'boolean' },
    'reply-to': { type: 'string' },
    'digest-channel': { type: 'string' },
    'alerts-channel': { type: 'string' },
    ...Object.fromEntries(Object.keys(lifetimeOptions).map((name) => [name, { type: 'string' as const }])),
  },
  async run(context, { positionals, values }) {
    if (positionals.length > 0) throw new UsageError('settings takes options only');
    const accountId = context.account.id;
    const linkLifetimes: Partial<LinkLifetimes> = {};
    for (const [option, kind] of Object.entries(lifetimeOptions)) {
      if (values[option] === undefined) continue;
      if (!/^\d+$/.test(String(values[option]))) throw new UsageError(`--${option} is a whole number of minutes`);
      linkLifetimes[kind] = Number(values[option]);
    }
    if (values['sender-name'] !== undefined && values['sender-address'] === undefined)
      throw new UsageError('--sender-name goes with --sender-address');
    if (values['sender-default'] && values['sender-address'] !== undefined)
      throw new UsageError('--sender-default or --sender-address, not both');
    const changes = {
      portalName: values['portal-name'] as string | undefined,
      sender: values['sender-default']
        ? null
        : values['sender-address'] !== undefined
          ? { name: (values['sender-name'] as string | undefined) ?? null, address: String(values['sender-address']) }
          : undefined,
      replyTo: values['reply-to'] === undefined ? undefined : String(values['reply-to']) || null,
      linkLifetimes: Object.keys(linkLifetimes).length ? linkLifetimes : undefined,
      digestChannel: values['digest-channel'] === undefined ? undefined : String(values['digest-channel']) || null,
      alertsChannel: values['alerts-channel'] === undefined ? undefined : String(values['alerts-channel']) || null,
    };
    const changing = Object.values(changes).some((v) => v !== undefined);
    const result = changing
      ? await updateSettings(context.core, { accountId, ...changes, actor: context.actor })
      : await getSettings(context.core, { accountId });
    report(
      context,
      { settings: result },
      `${changing ? 'Saved. Every message and page uses these from now on.\n' : ''}${shown(result)}`,
    );
  },
};
