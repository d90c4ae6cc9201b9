/**
 * Audit events as support people say them: "Ana invited by @maria", "link
 * opened by a mail scanner". Pure: names come from describeAuditEvents, and
 * each surface says how to show a Slack user (a mention in Slack, @U… in text).
 */
import type { AuditEventView } from './list-audit-events.ts';

export type ActorLabel =
  | { kind: 'slack'; userId: string }
  | { kind: 'api'; name: string }
  | { kind: 'contact'; name: string }
  | { kind: 'system' };

export interface DescribedEvent extends AuditEventView {
  /** Who the event is about ("Ana Diaz"), when it is about a contact. */
  subjectName: string | null;
  actorLabel: ActorLabel;
}

export interface SentenceStyle {
  mention(userId: string): string;
  /** Escapes names for the surface (Slack mrkdwn); identity by default. */
  escape?(text: string): string;
}

export const plainStyle: SentenceStyle = { mention: (userId) => `@${userId}` };

type Phrase = (who: string, m: Record<string, unknown>) => string;

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const what = (m: Record<string, unknown>) => str(m.resourceName) || str(m.kind) || 'access';
const by = (m: Record<string, unknown>) => ((m.channel ?? m.sentVia) ? ` via ${str(m.channel ?? m.sentVia)}` : '');

/** Actions in sentence form; `who` is the contact (or "a contact"). Unknown actions fall back to their name. */
const phrases: Record<string, Phrase> = {
  'contact.created': (who) => `${who} added`,
  'contact.invited': (who, m) => `${who} invited${by(m)}`,
  'contact.activated': (who) => `${who} signed in for the first time`,
  'contact.signed_in': (who, m) => `${who} signed in${m.method ? ` with ${str(m.method)}` : ''}`,
  'contact.sign_in_failed': (who) => `failed sign-in for ${who}`,
  'contact.renamed': (who) => `${who} renamed`,
  'contact.updated': (who) => `${who} updated`,
  'contact.sms_opted_out': (who) => `${who} replied STOP to texts`,
  'contact.deactivated': (who) => `${who} deactivated`,
  'contact.reactivated': (who) => `${who} reactivated`,
  'contact.erased': () => 'a contact erased',
  'contact.signed_out': (who) => `${who} signed out everywhere`,
  'contact.signed_out_everywhere': (who) => `${who} signed out everywhere`,
  'contact.edited': (who, m) =>
    `${who} corrected${Array.isArray(m.changed) ? ` (${(m.changed as string[]).join(', ')})` : ''}`,
  'links.revoked': (who) => `${who}'s unused links revoked`,
  'app_sessions.ended': (who) => `${who} signed out of every app`,
  'link.created': (who, m) =>
    m.sentVia === 'email' || m.sentVia === 'sms'
      ? `login link sent to ${who}${by(m)}`
      : `login link created for ${who}`,
  'link.redeemed': (who) => `link used by ${who}`,
  'link.scanned': (who) => `link to ${who} opened by a mail scanner (it still works)`,
  'login_link.queued': (who, m) => `login email queued for ${who}${by(m)}`,
  'code.queued': (who, m) => `sign-in code sent to ${who}${by(m)}`,
  'access.granted': (who, m) => `${who} given ${what(m)}`,
  'access.revoked': (who, m) => `${who} lost ${what(m)}`,
  'access.url_set': (who, m) => `${what(m)} for ${who} now links to ${str(m.resourceUrl)}`,
  'password.reset_requested': (who) => `password reset asked for ${who}`,
  'password.reset': (who) => `${who} reset their password`,
  'google.linked': (who) => `${who} linked their Google account`,
  'message.failed': (who, m) =>
    `${str(m.template) || 'message'} to ${who} could not be delivered${m.error ? `: ${str(m.error)}` : ''}`,
  'message.bounced': (who, m) => `message to ${who} bounced${m.detail ? `: ${str(m.detail)}` : ''}`,
  'message.undelivered': (who, m) => `message to ${who} was not delivered${m.detail ? `: ${str(m.detail)}` : ''}`,
  'message.complained': (who) => `${who} marked a message as spam`,
  'message.requeued': (who) => `message to ${who} queued again`,
  'message.resent': (who) => `message re-sent to ${who}`,
  'template.saved': (_who, m) => `template ${str(m.kind)} saved`,
  'template.reset': () => 'template reset to the default',
  'template.test_sent': (_who, m) => `test of the ${str(m.kind)} template sent${by(m)}`,
  'settings.updated': (_who, m) =>
    `settings changed${Array.isArray(m.changed) ? ` (${(m.changed as string[]).join(', ')})` : ''}`,
  'automation.updated': () => 'automation changed',
  'api_key.created': (_who, m) => `API key${m.name ? ` "${str(m.name)}"` : ''} created`,
  'api_key.revoked': () => 'API key revoked',
  'webhook.subscribed': () => 'webhook added',
  'webhook.unsubscribed': () => 'webhook removed',
  'contacts.imported': (_who, m) => `contacts imported${typeof m.total === 'number' ? ` (${m.total})` : ''}`,
  'slack.refused': () => 'admin-only action refused',
  'slack.workspace_mismatch': () => 'request from another Slack workspace refused',
  'app.created': (_who, m) => `app${m.name ? ` "${str(m.name)}"` : ''} registered`,
  'app.revoked': (_who, m) => `app${m.name ? ` "${str(m.name)}"` : ''} revoked`,
  'app.secret_rotated': () => 'app secret rotated',
  'slack.channel_bound': () => 'Slack channel bound to this portal',
  'slack.digest_posted': () => 'daily digest posted',
  'account.created': () => 'portal created',
  'account.admin_added': (_who, m) => `${str(m.subject)} made an admin of this portal`,
  'account.admin_removed': (_who, m) => `${str(m.subject)} no longer an admin of this portal`,
};

export function actorText(actor: ActorLabel, style: SentenceStyle): string {
  const esc = style.escape ?? ((t: string) => t);
  switch (actor.kind) {
    case 'slack':
      return style.mention(actor.userId);
    case 'api':
      return `API key "${esc(actor.name)}"`;
    case 'contact':
      return esc(actor.name);
    case 'system':
      return 'Portal Desk';
  }
}

/** "Ana invited by @maria"; a contact acting on themselves reads without "by". */
export function auditSentence(event: DescribedEvent, style: SentenceStyle = plainStyle): string {
  const esc = style.escape ?? ((t: string) => t);
  const who = event.subjectName ? esc(event.subjectName) : event.subject?.startsWith('contact:') ? 'a contact' : '';
  const phrase = phrases[event.action];
  const text = phrase ? phrase(who || 'a contact', event.metadata) : `${esc(event.action)}${who ? ` (${who})` : ''}`;
  // A name or address keeps its own case; a phrase starts with a capital.
  const sentence = event.subjectName && text.startsWith(who) ? text : text.charAt(0).toUpperCase() + text.slice(1);
  const self = event.actorLabel.kind === 'contact' && event.actor === event.subject;
  if (self || event.actorLabel.kind === 'system') return sentence;
  return `${sentence} by ${actorText(event.actorLabel, style)}`;
}
