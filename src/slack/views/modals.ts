/**
 * The modals, as pure functions from data to views. Each carries its origin
 * (account, where to report) in private_metadata.
 */
import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { viewIds, actionIds } from '../action-ids.ts';
import { context, plain, section } from '../blocks/text.ts';
import { grantLabel } from '../blocks/contact-card.ts';
import type { Grant } from '../../core/access/grant-view.ts';
import { encodeOrigin, type ModalOrigin } from './origin.ts';
import { contactPicker, grantKindOptions, option, radio, sectionOptions, staticSelect, textInput } from './fields.ts';

export const blockIds = {
  contacts: 'contacts',
  addresses: 'addresses',
  grantKind: 'grant_kind',
  grantName: 'grant_name',
  grantUrl: 'grant_url',
  channel: 'channel',
  contact: 'contact',
  address: 'address',
  section: 'section',
  resourceName: 'resource_name',
  delivery: 'delivery',
  grant: 'grant',
} as const;

function modal(
  callbackId: string,
  title: string,
  origin: ModalOrigin,
  blocks: KnownBlock[],
  submit?: string,
): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(title, 24),
    close: plain('Cancel', 24),
    ...(submit ? { submit: plain(submit, 24) } : {}),
    private_metadata: encodeOrigin(origin),
    blocks,
  };
}

const channelChoices = [option('Email, or SMS without email', 'auto'), option('Email', 'email'), option('SMS', 'sms')];

export function inviteModal(origin: ModalOrigin): ModalView {
  return modal(
    viewIds.invite,
    'Invite to the portal',
    origin,
    [
      {
        type: 'input',
        block_id: blockIds.contacts,
        optional: true,
        label: plain('Existing contacts'),
        element: {
          type: 'multi_external_select',
          action_id: actionIds.contactPickMany,
          placeholder: plain('Type a name, email or phone', 150),
          min_query_length: 1,
          max_selected_items: 100,
        },
      },
      textInput(blockIds.addresses, {
        label: 'New addresses',
        optional: true,
        multiline: true,
        placeholder: 'Emails or phone numbers (+14155550123), separated by spaces, commas or new lines',
      }),
      // Slack adds its own "(optional)" to optional inputs.
      staticSelect(blockIds.grantKind, 'Also grant', grantKindOptions, { optional: true }),
      textInput(blockIds.grantName, { label: 'Course or community name', optional: true, maxLength: 120 }),
      radio(blockIds.channel, 'Send by', channelChoices, channelChoices[0]!),
    ],
    'Invite',
  );
}

const deliveryChoices = [
  option('Show me the link', 'show'),
  option('Send by email', 'email'),
  option('Send by SMS', 'sms'),
];

export function magicLinkModal(origin: ModalOrigin, initial?: PlainTextOption): ModalView {
  return modal(
    viewIds.magicLink,
    'Magic link',
    origin,
    [
      contactPicker(blockIds.contact, { label: 'Contact', optional: true, initial }),
      textInput(blockIds.address, { label: 'Or an email or phone', optional: true, placeholder: 'ana@example.com' }),
      staticSelect(blockIds.section, 'Section', sectionOptions, { initial: sectionOptions[0] }),
      textInput(blockIds.resourceName, { label: 'Course or community name', optional: true, maxLength: 120 }),
      radio(blockIds.delivery, 'Delivery', deliveryChoices, deliveryChoices[0]!),
    ],
    'Create link',
  );
}

export function loginEmailModal(origin: ModalOrigin): ModalView {
  const sendBy = [option('Email', 'email'), option('SMS', 'sms')];
  return modal(
    viewIds.loginEmail,
    'Send login emails',
    origin,
    [
      {
        type: 'input',
        block_id: blockIds.contacts,
        label: plain('Contacts'),
        element: {
          type: 'multi_external_select',
          action_id: actionIds.contactPickMany,
          placeholder: plain('Type a name, email or phone', 150),
          min_query_length: 1,
          max_selected_items: 100,
        },
      },
      radio(blockIds.channel, 'Send by', sendBy, sendBy[0]!),
      context('Each contact gets a one-click login link and a 6-digit code. Their older unused links stop working.'),
    ],
    'Send',
  );
}

/** Grant or revoke. Revoking from a contact card offers that contact's grants. */
export function grantModal(
  origin: ModalOrigin & { m: 'grant' | 'revoke' },
  options: { contact?: PlainTextOption; grants?: Grant[] } = {},
): ModalView {
  const revoking = origin.m === 'revoke';
  const blocks: KnownBlock[] = [contactPicker(blockIds.contact, { label: 'Contact', initial: options.contact })];
  if (revoking && options.grants) {
    if (options.grants.length === 0)
      return modal(viewIds.grant, 'Revoke access', origin, [section('This contact has no access to revoke.')]);
    const choices = options.grants
      .slice(0, 100)
      .map((g) =>
        option(grantLabel(g), JSON.stringify({ k: g.kind, n: g.kind === 'affiliate' ? null : g.resourceName })),
      );
    blocks.push(staticSelect(blockIds.grant, 'Access to revoke', choices));
  } else {
    blocks.push(
      staticSelect(blockIds.grantKind, 'What', grantKindOptions),
      textInput(blockIds.grantName, { label: 'Course or community name', optional: true, maxLength: 120 }),
    );
    if (!revoking)
      blocks.push(
        textInput(blockIds.grantUrl, {
          label: 'Where it lives (URL in your app)',
          optional: true,
          placeholder: 'https://courses.example.com/intro-to-seo',
          maxLength: 2000,
        }),
      );
  }
  return modal(
    viewIds.grant,
    revoking ? 'Revoke access' : 'Grant access',
    origin,
    blocks,
    revoking ? 'Revoke' : 'Grant',
  );
}

export function contactModal(origin: ModalOrigin): ModalView {
  return modal(
    viewIds.contact,
    'Look up a contact',
    origin,
    [
      contactPicker(blockIds.contact, { label: 'Contact', optional: true }),
      textInput(blockIds.address, { label: 'Or an email or phone', optional: true }),
    ],
    'Show',
  );
}

/** A finished action or a shown link, in place of the modal. */
export function resultModal(title: string, blocks: KnownBlock[], origin: ModalOrigin): ModalView {
  return {
    type: 'modal',
    callback_id: viewIds.linkShown,
    title: plain(title, 24),
    close: plain('Done', 24),
    private_metadata: encodeOrigin(origin),
    blocks: blocks.slice(0, 100),
  };
}
