import type { KnownBlock, ModalView } from '@slack/types';
import type { PortalSettings } from '../../core/settings/portal-settings.ts';
import { lifetimeBounds } from '../../core/settings/portal-settings.ts';
import { viewIds } from '../action-ids.ts';
import { context, plain } from '../blocks/text.ts';
import { encodeOrigin, type ModalOrigin } from './origin.ts';

export const settingsBlocks = {
  portalName: 'set_portal_name',
  senderName: 'set_sender_name',
  senderAddress: 'set_sender_address',
  replyTo: 'set_reply_to',
  invite: 'set_ttl_invite',
  login: 'set_ttl_login',
  code: 'set_ttl_code',
  reset: 'set_ttl_reset',
  digestChannel: 'set_digest_channel',
  alertsChannel: 'set_alerts_channel',
} as const;

/**
 * A channel picker that can be emptied again: a multi-select of at most one
 * (a single select cannot be cleared once something is picked).
 */
function channel(blockId: string, label: string, initial: string | null, hint: string): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: true,
    label: plain(label, 2000),
    hint: plain(hint, 2000),
    element: {
      type: 'multi_conversations_select',
      action_id: 'value',
      max_selected_items: 1,
      filter: { include: ['public', 'private'], exclude_bot_users: true },
      ...(initial ? { initial_conversations: [initial] } : {}),
    },
  };
}

function text(
  blockId: string,
  label: string,
  initial: string | null | undefined,
  options: { optional?: boolean; hint?: string; maxLength?: number } = {},
): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: options.optional ?? true,
    label: plain(label, 2000),
    ...(options.hint ? { hint: plain(options.hint, 2000) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      max_length: options.maxLength ?? 254,
      ...(initial ? { initial_value: initial } : {}),
    },
  };
}

function minutes(blockId: keyof typeof lifetimeBounds, label: string, initial: number): KnownBlock {
  const bounds = lifetimeBounds[blockId];
  return {
    type: 'input',
    block_id: settingsBlocks[blockId],
    label: plain(label, 2000),
    hint: plain(`Minutes, ${bounds.min} to ${bounds.max}`, 2000),
    element: {
      type: 'number_input',
      action_id: 'value',
      is_decimal_allowed: false,
      min_value: String(bounds.min),
      max_value: String(bounds.max),
      initial_value: String(initial),
    },
  };
}

/** /portal settings: every field filled with what is in use now. */
export function settingsModal(settings: PortalSettings, origin: ModalOrigin): ModalView {
  const l = settings.linkLifetimes;
  return {
    type: 'modal',
    callback_id: viewIds.settings,
    title: plain('Portal settings', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    private_metadata: encodeOrigin(origin),
    blocks: [
      text(settingsBlocks.portalName, 'Portal name', settings.portalName, { optional: false, maxLength: 80 }),
      text(settingsBlocks.senderName, 'Sender name', settings.sender?.name, { maxLength: 80 }),
      text(settingsBlocks.senderAddress, 'Sender address', settings.sender?.address, {
        hint: 'Empty: the service default (EMAIL_FROM). Use an address on a domain your email provider has verified.',
      }),
      text(settingsBlocks.replyTo, 'Reply-to address', settings.replyTo, {
        hint: 'Where replies to portal emails go. Empty: none.',
      }),
      minutes('invite', 'Invite links work for', l.invite),
      minutes('login', 'Login links work for', l.login),
      minutes('code', 'Sign-in codes work for', l.code),
      minutes('reset', 'Password reset links work for', l.reset),
      channel(
        settingsBlocks.digestChannel,
        'Daily digest channel',
        settings.digestChannel,
        "Where this portal's stats are posted once a day. Invite the app to it. Empty: no digest (the default account uses STATS_CHANNEL).",
      ),
      channel(
        settingsBlocks.alertsChannel,
        'Delivery alerts channel',
        settings.alertsChannel,
        'Where bounced and failed messages are announced. Invite the app to it. Empty: none (the default account uses ALERTS_CHANNEL).',
      ),
      context('Every message and portal page uses these from the moment you save.'),
    ],
  };
}
