import type { RenderInput } from './render-input.ts';

export const messageChannels = ['email', 'sms', 'webhook'] as const;
export type MessageChannel = (typeof messageChannels)[number];

/** `cancelled`: never sent because the contact's access was turned off before it went. */
export const messageStatuses = ['pending', 'sending', 'sent', 'failed', 'dead', 'cancelled'] as const;
export type MessageStatus = (typeof messageStatuses)[number];

/** Template kinds a message can be rendered from. */
export const messageTemplates = ['invite', 'login', 'access_granted', 'password_reset', 'code', 'event'] as const;
export type MessageTemplate = (typeof messageTemplates)[number];

/** What a message needs at send time; rendering happens then, so no token is ever stored. */
export interface MessagePayload {
  /** The link to rebuild and put in the message (invite, login, reset, code). */
  linkId?: string;
  /** Section for the access-granted message's login link. */
  section?: string;
  resourceName?: string;
  /** Invitations: what the invitation grants, in words (`the course “Intro to SEO”`), for the message. */
  granted?: string;
  /**
   * Links a template asked for at send time, by link id: "login" for
   * `{{portal.login_url}}` when the message carried none, a section name for
   * `{{portal.login_url_courses}}` and the like. Minted once and kept so that a
   * retry renders the very same message.
   */
  mintedLinks?: Record<string, string>;
  /** What the message is rendered from, fixed at its first send (render-input.ts). */
  render?: RenderInput;
  /** A template test (/portal templates): the draft, rendered for the sample contact. */
  test?: { subject: string | null; body: string };
  /** Outgoing webhook: the event body and subscription. */
  event?: Record<string, unknown>;
  subscriptionId?: string;
}

/** What every view of a message shares: which message, for whom, of what kind, in which bulk job. */
export interface MessageAddress {
  id: string;
  accountId: string;
  contactId: string | null;
  channel: MessageChannel;
  template: MessageTemplate;
  toAddress: string;
  bulkJobId: string | null;
}

/** The shared part of a Message row, typed. */
/** The columns of a Message row that MessageAddress is read from. */
export interface MessageAddressRow {
  id: string;
  accountId: string;
  contactId: string | null;
  channel: string;
  template: string;
  toAddress: string;
  bulkJobId: string | null;
}

export function messageAddressOf(row: MessageAddressRow): MessageAddress {
  return {
    id: row.id,
    accountId: row.accountId,
    contactId: row.contactId,
    channel: row.channel as MessageChannel,
    template: row.template as MessageTemplate,
    toAddress: row.toAddress,
    bulkJobId: row.bulkJobId,
  };
}

export interface OutboxMessage extends MessageAddress {
  status: MessageStatus;
  attempts: number;
  nextAttemptAt: Date;
  providerId: string | null;
  lastError: string | null;
  deliveryStatus: string | null;
  /** The provider's reason with a bounce or undelivered report. */
  deliveryDetail?: string | null;
  subject: string | null;
  createdAt: Date;
  sentAt: Date | null;
}
