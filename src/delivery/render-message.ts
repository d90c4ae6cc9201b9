/**
 * Turns claimed outbox messages into what a provider sends, at send time.
 * The message holds only link ids; tokens, URLs and codes are rebuilt from
 * the link key (src/core/links/link-secrets.ts), so every retry renders the
 * same text. A login-link field the message does not carry is minted here,
 * once, and only when the template uses it; its id goes into the payload.
 */
import type { Core } from '../core/core.ts';
import type { ClaimedMessage } from '../core/outbox/claimed-message.ts';
import type { MessagePayload } from '../core/outbox/message-view.ts';
import { toAccount, type Account } from '../core/accounts/account-view.ts';
import { isSection, type Section } from '../core/access/sections.ts';
import { createMagicLinkInTx } from '../core/links/create-magic-link.ts';
import { linkCode, linkToken, linkUrl } from '../core/links/link-secrets.ts';
import { fieldsUsed, loginUrlFields, renderPlain } from '../core/templates/merge-fields.ts';
import { isTemplateKind } from '../core/templates/default-templates.ts';
import { findTemplate } from '../core/templates/find-template.ts';
import type { AccountTemplate } from '../core/templates/list-templates.ts';
import { permanent, type SendFailure } from './send-failure.ts';
import { linkKeyOf } from '../core/links/link-keys.ts';
import { emailHtml } from './templates/email-html.ts';
import { durationText } from './templates/duration-text.ts';

export type Rendered =
  | { channel: 'email'; from: string; to: string; subject: string; html: string; text: string; redactedSubject: string; preview: string }
  | { channel: 'sms'; to: string; body: string; from?: string; redactedSubject: undefined; preview: string };

export type RenderResult = { message: ClaimedMessage; ok: true; rendered: Rendered } | { message: ClaimedMessage; ok: false; failure: SendFailure };

export interface RenderOptions {
  /** EMAIL_FROM, used when the account has no sender of its own. */
  emailFrom: string;
}

interface LinkRow {
  id: string;
  purpose: string;
  section: string;
  resourceName: string | null;
  resourceId: string | null;
  expiresAt: Date;
  createdAt: Date;
  /** The link key it was minted with (key rotation); see src/core/links/link-keys.ts. */
  keyId?: string | null;
  tokenHash?: string;
}

interface ResolvedLink {
  id: string;
  url: string;
  code: string;
  minutes: number;
}

const linkSelect = { id: true, purpose: true, section: true, resourceName: true, resourceId: true, expiresAt: true, createdAt: true, keyId: true, tokenHash: true } as const;

/** Renders a group of messages, reading their contacts, accounts, links and templates in few queries. */
export async function renderMessages(core: Core, messages: ClaimedMessage[], options: RenderOptions): Promise<RenderResult[]> {
  const contactIds = [...new Set(messages.flatMap((m) => (m.contactId ? [m.contactId] : [])))];
  const linkIds = [...new Set(messages.flatMap((m) => [m.payload.linkId, ...Object.values(m.payload.mintedLinks ?? {})].filter((id): id is string => !!id)))];
  const accountIds = [...new Set(messages.map((m) => m.accountId))];
  const [contacts, links, accounts] = await Promise.all([
    core.db.contact.findMany({ where: { id: { in: contactIds } }, select: { id: true, email: true, firstName: true, lastName: true, smsOptedOutAt: true } }),
    core.db.loginToken.findMany({ where: { id: { in: linkIds } }, select: linkSelect }),
    core.db.account.findMany({ where: { id: { in: accountIds } } }),
  ]);
  const context: GroupContext = {
    core,
    options,
    contacts: new Map(contacts.map((c) => [c.id, c])),
    links: new Map(links.map((l) => [l.id, l])),
    accounts: new Map(accounts.map((a) => [a.id, toAccount(a)])),
    templates: new Map(),
  };
  const results: RenderResult[] = [];
  for (const message of messages) {
    try {
      results.push(await renderOne(context, message));
    } catch (error) {
      results.push({ message, ok: false, failure: permanent(`cannot render: ${(error as Error).message}`, { code: 'render_failed' }) });
    }
  }
  return results;
}

interface GroupContext {
  core: Core;
  options: RenderOptions;
  contacts: Map<string, { id: string; email: string | null; firstName: string | null; lastName: string | null; smsOptedOutAt: Date | null }>;
  links: Map<string, LinkRow>;
  accounts: Map<string, Account>;
  templates: Map<string, Promise<AccountTemplate>>;
}

async function renderOne(context: GroupContext, message: ClaimedMessage): Promise<RenderResult> {
  const fail = (reason: string, code: string): RenderResult => ({ message, ok: false, failure: permanent(reason, { code }) });
  const { core } = context;
  const channel = message.channel;
  if (channel !== 'email' && channel !== 'sms') return fail(`the outbox worker does not send ${channel} messages`, 'unsupported_channel');
  if (!isTemplateKind(message.template)) return fail(`no ${channel} template "${message.template}"`, 'unknown_template');
  const account = context.accounts.get(message.accountId);
  if (!account) return fail('the account no longer exists', 'account_not_found');
  const contact = message.contactId ? context.contacts.get(message.contactId) : undefined;
  if (channel === 'sms' && contact?.smsOptedOutAt) {
    return fail('sms_opted_out: this contact replied STOP to our texts; SMS to them is refused until they opt back in', 'sms_opted_out');
  }

  const templateKey = `${message.accountId}/${message.template}/${channel}`;
  if (!context.templates.has(templateKey)) context.templates.set(templateKey, findTemplate(core, { accountId: message.accountId, kind: message.template, channel }));
  const template = await context.templates.get(templateKey)!;
  const fields = new Set(fieldsUsed(`${template.subject ?? ''}\n${template.body}`));

  const own = message.payload.linkId ? context.links.get(message.payload.linkId) : undefined;
  if (message.payload.linkId && !own) return fail('the link this message carries no longer exists', 'link_unknown');
  const links = await resolveLinks(context, message, own, fields);
  if ('error' in links) return fail(links.error, 'contact_not_found');

  const secrets: Array<[string, string]> = [];
  const portal: Record<string, string> = { name: account.name, url: account.portalUrl };
  for (const [field, link] of Object.entries(links.urls)) {
    portal[field.slice('portal.'.length)] = link.url;
    secrets.push([link.url, '[login link]']);
  }
  const codeLink = own ?? links.urls['portal.login_url'];
  if (fields.has('portal.login_code') && codeLink) {
    portal.login_code = 'code' in codeLink ? codeLink.code : linkCode(linkKeyOf(core, codeLink), codeLink.id);
    secrets.push([portal.login_code, '[code]']);
  }
  if (own?.purpose === 'reset') {
    portal.reset_url = `${core.publicUrl}/reset-password?token=${linkToken(linkKeyOf(core, own), own.id)}`;
    secrets.push([portal.reset_url, '[reset link]']);
  }
  const minutes = own ? (own.expiresAt.getTime() - own.createdAt.getTime()) / 60_000 : links.urls['portal.login_url']?.minutes;
  const section = message.payload.section && isSection(message.payload.section) ? message.payload.section : 'portal';
  const view = {
    contact: { first_name: contact?.firstName ?? '', last_name: contact?.lastName ?? '', email: contact?.email ?? '' },
    portal,
    link: { expires_in: minutes !== undefined ? durationText(minutes) : '' },
    access: { resource_name: message.payload.resourceName ?? own?.resourceName ?? section, section },
  };

  const text = renderPlain(template.body, view).replace(/\n{3,}/g, '\n\n').trim();
  const preview = redact(text, secrets).replace(/\s+/g, ' ').slice(0, 280);
  if (channel === 'sms') return { message, ok: true, rendered: { channel, to: message.toAddress, body: text, from: account.smsFrom ?? undefined, redactedSubject: undefined, preview } };
  const subject = renderPlain(template.subject ?? '', view).replace(/\s+/g, ' ').trim();
  return {
    message,
    ok: true,
    rendered: {
      channel,
      from: account.emailFrom ?? context.options.emailFrom,
      to: message.toAddress,
      subject,
      text,
      html: emailHtml({ text, title: subject, portalName: account.name, links: new Set([...Object.values(links.urls).map((link) => link.url), ...(portal.reset_url ? [portal.reset_url] : []), account.portalUrl]) }),
      redactedSubject: redact(subject, secrets),
      preview,
    },
  };
}

/**
 * The login links the template asks for. `portal.login_url` is the message's
 * own sign-in link, or a fresh one to the message's section; a section field
 * reuses a link to that section when the message has one, and mints one
 * otherwise (without revoking the message's own link).
 */
async function resolveLinks(
  context: GroupContext,
  message: ClaimedMessage,
  own: LinkRow | undefined,
  fields: Set<string>,
): Promise<{ urls: Record<string, ResolvedLink> } | { error: string }> {
  const { core } = context;
  const resolved = (row: LinkRow): ResolvedLink => ({
    id: row.id,
    url: linkUrl(core.publicUrl, linkToken(linkKeyOf(core, row), row.id)),
    code: linkCode(linkKeyOf(core, row), row.id),
    minutes: (row.expiresAt.getTime() - row.createdAt.getTime()) / 60_000,
  });
  const ownSignIn = own && own.purpose !== 'reset' ? own : undefined;
  const minted = { ...(message.payload.mintedLinks ?? {}) };
  const wanted: Array<{ field: string; key: string; section: Section; resourceName?: string; keepOlder: boolean }> = [];
  const urls: Record<string, ResolvedLink> = {};

  const needsPrimary = fields.has('portal.login_url') || (!own && (fields.has('portal.login_code') || fields.has('link.expires_in')));
  if (needsPrimary) {
    if (ownSignIn) urls['portal.login_url'] = resolved(ownSignIn);
    else {
      const section = message.payload.section && isSection(message.payload.section) ? message.payload.section : 'portal';
      wanted.push({ field: 'portal.login_url', key: 'login', section, resourceName: message.payload.resourceName, keepOlder: false });
    }
  }
  for (const [field, section] of Object.entries(loginUrlFields)) {
    if (field === 'portal.login_url' || !fields.has(field)) continue;
    if (ownSignIn && ownSignIn.section === section && !ownSignIn.resourceId) urls[field] = resolved(ownSignIn);
    else wanted.push({ field, key: section, section, keepOlder: true });
  }

  const toMint = wanted.filter((w) => !minted[w.key] || !context.links.has(minted[w.key]!));
  if (toMint.length > 0) {
    if (!message.contactId) return { error: 'the contact no longer exists, so no login link can be made' };
    const payload: MessagePayload = { ...message.payload, mintedLinks: minted };
    await core.db.$transaction(async (tx) => {
      for (const w of toMint) {
        const link = await createMagicLinkInTx(core, tx, {
          accountId: message.accountId,
          contactId: message.contactId!,
          purpose: 'login',
          section: w.section,
          resourceName: w.section === 'courses' || w.section === 'communities' ? w.resourceName : undefined,
          sentVia: message.channel,
          messageId: message.id,
          actor: 'system',
          keepOlder: w.keepOlder,
        });
        minted[w.key] = link.id;
        context.links.set(link.id, { id: link.id, purpose: 'login', section: w.section, resourceName: w.resourceName ?? null, resourceId: null, expiresAt: link.expiresAt, createdAt: core.now() });
      }
      await tx.message.update({ where: { id: message.id }, data: { payload: JSON.stringify(payload) } });
    });
    message.payload = payload;
  }
  for (const w of wanted) urls[w.field] = resolved(context.links.get(minted[w.key]!)!);
  return { urls };
}

function redact(text: string, secrets: Array<[string, string]>): string {
  // Longest first: a URL contains its token, and the token must not be half-replaced.
  return [...secrets].sort((a, b) => b[0].length - a[0].length).reduce((out, [secret, label]) => out.split(secret).join(label), text);
}

