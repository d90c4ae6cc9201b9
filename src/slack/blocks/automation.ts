import type { KnownBlock } from '@slack/types';
import type { AutomationSettings } from '../../core/automation/get-automation-settings.ts';
import { context, section } from './text.ts';

const channelWords = { email: 'email', sms: 'SMS' } as const;

/** The "access granted" automation of an account, in words, with how to change it. */
export function automationMessage(
  settings: AutomationSettings,
  options: { changed?: boolean; isAdmin: boolean },
): { text: string; blocks: KnownBlock[] } {
  const { enabled, channels } = settings.accessGranted;
  const by = channels.map((c) => channelWords[c]).join(' and ');
  const state = enabled
    ? `:white_check_mark: *On*: when someone is given a course, a community or the affiliate area (from Slack, the API or an import), they are sent the access email by ${by}, with a login link to it. A grant of something they already have sends nothing.`
    : `:white_circle: *Off*: granting access sends nothing by itself. When switched on, it sends by ${by}.`;
  const text = `${options.changed ? 'Updated. ' : ''}"Access granted" automation is ${enabled ? `on (${by})` : 'off'}.`;
  const how = options.isAdmin
    ? '`/portal automation on [email] [sms]` switches it on (with those channels; none named keeps the current ones), `/portal automation off` switches it off.'
    : 'Portal admins can switch it with `/portal automation on [email] [sms]` or `off`.';
  return {
    text,
    blocks: [section(`${options.changed ? '*Updated.* ' : ''}*"Access granted" automation*\n${state}`), context(how)],
  };
}
