/**
 * What a claimed group needs to be rendered, as plain data (render-input.ts).
 * On a message's first send this reads its contact, account, template and
 * links, mints the login links its template asks for and the message does
 * not carry yet, and keeps the result in Message.payload.render, all in one
 * transaction. Later attempts reuse the kept input, so a retry is the
 * identical request. Transports render; they never read the database.
 */
import { portalSiteUrl } from '../accounts/portal-site-url.ts';
import type { Core } from '../core.ts';
import type { Tx } from '../../db/client.ts';
import { toAccount, type Account } from '../accounts/account-view.ts';
import { isSection, type Section } from '../access/sections.ts';
import { createMagicLinkInTx } from '../links/create-magic-link.ts';
import { fieldsUsed, loginUrlFields } from '../templates/merge-fields.ts';
import { isTemplateKind } from '../templates/default-templates.ts';
import { findTemplate } from '../templates/find-template.ts';
import type { AccountTemplate } from '../templates/list-templates.ts';
import type { ClaimedMessage } from './claimed-message.ts';
import type { MessagePayload } from './message-view.ts';
import type { RenderInput } from './render-input.ts';
import { lifetimeMinutes } from '../links/link-purpose.ts';
import { linkKeyEntryOf } from '../links/link-keys.ts';
import { purposeOfTemplate, sampleAccess, sampleContact } from '../templates/sample-contact.ts';

export type PreparedMessage =
  | { message: ClaimedMessage; ok: true; input: RenderInput }
  | { message: ClaimedMessage; ok: false; reason: string; code: string };

interface LinkRow {
  id: string;
  purpose: string;
  section: string;
  resourceName: string | null;
  resourceId: string | null;
  expiresAt: Date;
  createdAt: Date;
  /** The link key it was minted with (key rotation, src/core/links/link-keys.ts). */
  keyId: string | null;
  tokenHash?: string;
  /** A link that lands in an app (src/core/oidc/app-link-target.ts) instead of a portal section. */
  appId?: string | null;
}

interface ContactRow {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  smsOptedOutAt: Date | null;
}

interface Mint {
  key: string;
  section: Section;
  resourceName?: string;
  keepOlder: boolean;
}

const linkSelect = {
  id: true,
  purpose: true,
  section: true,
  resourceName: true,
  resourceId: true,
  expiresAt: true,
  createdAt: true,
  keyId: true,
  tokenHash: true,
  appId: true,
} as const;

/** @returns one entry per message, in order: its render input, or why it cannot be sent. */
export async function prepareSendGroup(
  core: Core,
  options: { messages: ClaimedMessage[] },
): Promise<PreparedMessage[]> {
  const { messages } = options;
  const fresh = messages.filter((m) => !m.payload.render);
  // SMS are checked for STOP at every attempt; the rest is read only for a first send.
  const contactIds = [
    ...new Set(
      messages
        .filter((m) => !m.payload.render || m.channel === 'sms')
        .flatMap((m) => (m.contactId ? [m.contactId] : [])),
    ),
  ];
  const linkIds = [
    ...new Set(
      fresh.flatMap((m) =>
        [m.payload.linkId, ...Object.values(m.payload.mintedLinks ?? {})].filter((id): id is string => !!id),
      ),
    ),
  ];
  const accountIds = [...new Set(fresh.map((m) => m.accountId))];
  const [contacts, links, accounts] = await Promise.all([
    contactIds.length
      ? core.db.contact.findMany({
          where: { id: { in: contactIds } },
          select: { id: true, email: true, firstName: true, lastName: true, smsOptedOutAt: true },
        })
      : [],
    linkIds.length ? core.db.loginToken.findMany({ where: { id: { in: linkIds } }, select: linkSelect }) : [],
    accountIds.length ? core.db.account.findMany({ where: { id: { in: accountIds } } }) : [],
  ]);
  const context: Context = {
    core,
    contacts: new Map(contacts.map((c) => [c.id, c])),
    links: new Map(links.map((l) => [l.id, l])),
    accounts: new Map(accounts.map((a) => [a.id, toAccount(a)])),
    templates: new Map(),
  };
  const results: PreparedMessage[] = [];
  const plans: Array<{ index: number; plan: Plan }> = [];
  for (const message of messages) {
    const fail = (reason: string, code: string): PreparedMessage => ({ message, ok: false, reason, code });
    const contact = message.contactId ? context.contacts.get(message.contactId) : undefined;
    if (message.channel === 'sms' && contact?.smsOptedOutAt) {
      results.push(
        fail(
          'sms_opted_out: this contact replied STOP to our texts; SMS to them is refused until they opt back in',
          'sms_opted_out',
        ),
      );
      continue;
    }
    if (message.payload.render) {
      results.push({ message, ok: true, input: message.payload.render });
      continue;
    }
    if (message.payload.test) {
      const account = context.accounts.get(message.accountId);
      if (!account) results.push(fail('the account no longer exists', 'account_not_found'));
      else if (message.channel !== 'email' && message.channel !== 'sms')
        results.push(fail(`no ${message.channel} template test`, 'unsupported_channel'));
      else
        results.push({
          message,
          ok: true,
          input: templateTestInput(core, message as ClaimedMessage & { channel: 'email' | 'sms' }, account),
        });
      continue;
    }
    try {
      const plan = await planMessage(context, message, contact);
      if ('code' in plan) results.push(fail(plan.reason, plan.code));
      else {
        plans.push({ index: results.length, plan });
        results.push(fail('not prepared', 'internal'));
      }
    } catch (error) {
      results.push(fail(`cannot render: ${(error as Error).message}`, 'render_failed'));
    }
  }
  if (plans.length > 0) {
    await core.db.$transaction(async (tx) => {
      for (const { index, plan } of plans)
        results[index] = { message: plan.message, ok: true, input: await fix(context, tx, plan) };
    });
  }
  return results;
}

interface Context {
  core: Core;
  contacts: Map<string, ContactRow>;
  links: Map<string, LinkRow>;
  accounts: Map<string, Account>;
  templates: Map<string, Promise<AccountTemplate>>;
}

interface Plan {
  message: ClaimedMessage & { channel: 'email' | 'sms' };
  account: Account;
  contact: ContactRow | undefined;
  template: AccountTemplate;
  fields: Set<string>;
  own: LinkRow | undefined;
  /** Field -> link id already known, or the key of a link to mint. */
  linkFor: Record<string, { id: string } | { mint: Mint }>;
}

async function planMessage(
  context: Context,
  message: ClaimedMessage,
  contact: ContactRow | undefined,
): Promise<Plan | { reason: string; code: string }> {
  const channel = message.channel;
  if (channel !== 'email' && channel !== 'sms')
    return { reason: `the outbox worker does not render ${channel} messages`, code: 'unsupported_channel' };
  if (!isTemplateKind(message.template))
    return { reason: `no ${channel} template "${message.template}"`, code: 'unknown_template' };
  const account = context.accounts.get(message.accountId);
  if (!account) return { reason: 'the account no longer exists', code: 'account_not_found' };
  // Refused here, per message, not when minting: one archived account's message must not fail the shared
  // minting transaction of the whole group (other accounts' messages in it).
  if (account.archivedAt)
    return {
      reason: `account_archived: the account "${account.slug}" was archived; nothing is sent`,
      code: 'account_archived',
    };
  const templateKey = `${message.accountId}/${message.template}/${channel}`;
  if (!context.templates.has(templateKey))
    context.templates.set(
      templateKey,
      findTemplate(context.core, { accountId: message.accountId, kind: message.template, channel }),
    );
  const template = await context.templates.get(templateKey)!;
  const fields = new Set(fieldsUsed(`${template.subject ?? ''}\n${template.body}`));
  const own = message.payload.linkId ? context.links.get(message.payload.linkId) : undefined;
  if (message.payload.linkId && !own)
    return { reason: 'the link this message carries no longer exists', code: 'link_unknown' };

  // `portal.login_url` is the message's own sign-in link, or a fresh one to the message's section;
  // a section field reuses the own link when it opens that section, and mints one otherwise
  // (without revoking the message's own link).
  const ownSignIn = own && own.purpose !== 'reset' ? own : undefined;
  const minted = message.payload.mintedLinks ?? {};
  const linkFor: Plan['linkFor'] = {};
  const want = (field: string, mint: Mint) => {
    const known = minted[mint.key];
    linkFor[field] = known && context.links.has(known) ? { id: known } : { mint };
  };
  const needsPrimary =
    fields.has('portal.login_url') || (!own && (fields.has('portal.login_code') || fields.has('link.expires_in')));
  if (needsPrimary) {
    if (ownSignIn) linkFor['portal.login_url'] = { id: ownSignIn.id };
    else
      want('portal.login_url', {
        key: 'login',
        section: sectionOf(message),
        resourceName: message.payload.resourceName,
        keepOlder: false,
      });
  }
  for (const [field, section] of Object.entries(loginUrlFields)) {
    if (field === 'portal.login_url' || !fields.has(field)) continue;
    // A message sent to land in an app (`app:Courses /intro-to-seo`) is about that place: every
    // login-link field opens it, so a template written for sections cannot send the reader elsewhere.
    if (ownSignIn?.appId) linkFor[field] = { id: ownSignIn.id };
    else if (ownSignIn && ownSignIn.section === section && !ownSignIn.resourceId) linkFor[field] = { id: ownSignIn.id };
    else want(field, { key: section, section, keepOlder: true });
  }
  if (Object.values(linkFor).some((l) => 'mint' in l) && !message.contactId)
    return { reason: 'the contact no longer exists, so no login link can be made', code: 'contact_not_found' };
  return { message: message as Plan['message'], account, contact, template, fields, own, linkFor };
}

/** Mints what the plan needs and keeps the render input on the message (inside the group's transaction). */
async function fix(context: Context, tx: Tx, plan: Plan): Promise<RenderInput> {
  const { core } = context;
  const { message, own, account, contact } = plan;
  const minted = { ...(message.payload.mintedLinks ?? {}) };
  const loginLinks: Record<string, string> = {};
  for (const [field, link] of Object.entries(plan.linkFor)) {
    if ('id' in link) {
      loginLinks[field] = link.id;
      continue;
    }
    const { mint } = link;
    if (!minted[mint.key] || !context.links.has(minted[mint.key]!)) {
      const made = await createMagicLinkInTx(core, tx, {
        accountId: message.accountId,
        contactId: message.contactId!,
        purpose: 'login',
        section: mint.section,
        resourceName: mint.section === 'courses' || mint.section === 'communities' ? mint.resourceName : undefined,
        sentVia: message.channel,
        messageId: message.id,
        actor: 'system',
        keepOlder: mint.keepOlder,
      });
      minted[mint.key] = made.id;
      context.links.set(made.id, {
        id: made.id,
        purpose: 'login',
        section: mint.section,
        resourceName: mint.resourceName ?? null,
        resourceId: null,
        expiresAt: made.expiresAt,
        createdAt: core.now(),
        keyId: core.linkKeyId,
      });
    }
    loginLinks[field] = minted[mint.key]!;
  }
  const primary = loginLinks['portal.login_url'] ? context.links.get(loginLinks['portal.login_url']) : undefined;
  const codeLink = own ?? primary;
  const lifetime = own ?? primary;
  const section = sectionOf(message);
  const input: RenderInput = {
    channel: message.channel,
    template: {
      ...(plan.template.subject !== undefined ? { subject: plan.template.subject } : {}),
      body: plan.template.body,
    },
    portal: { name: account.name, url: account.portalUrl, siteUrl: portalSiteUrl(core, account) },
    from: (message.channel === 'email' ? account.emailFrom : account.smsFrom) ?? null,
    ...replyToOf(message.channel, account),
    to: message.toAddress,
    contact: { first_name: contact?.firstName ?? '', last_name: contact?.lastName ?? '', email: contact?.email ?? '' },
    loginLinks,
    ...(plan.fields.has('portal.login_code') && codeLink ? { codeLinkId: codeLink.id } : {}),
    ...(own?.purpose === 'reset' ? { resetLinkId: own.id } : {}),
    ...keyIdsOf(core, context, [
      ...Object.values(loginLinks),
      ...(codeLink ? [codeLink.id] : []),
      ...(own ? [own.id] : []),
    ]),
    ...(lifetime
      ? { expiresInMinutes: Math.round((lifetime.expiresAt.getTime() - lifetime.createdAt.getTime()) / 60_000) }
      : {}),
    access: {
      resource_name: message.payload.resourceName ?? own?.resourceName ?? section,
      section,
      granted: message.payload.granted ?? '',
    },
  };
  const payload: MessagePayload = {
    ...message.payload,
    ...(Object.keys(minted).length > 0 ? { mintedLinks: minted } : {}),
    render: input,
  };
  await tx.message.update({ where: { id: message.id }, data: { payload: JSON.stringify(payload) } });
  return input;
}

/** A template test: the draft travels in the payload and is rendered for the sample contact. */
function templateTestInput(
  core: Core,
  message: ClaimedMessage & { channel: 'email' | 'sms' },
  account: Account,
): RenderInput {
  const draft = message.payload.test!;
  const kind = isTemplateKind(message.template) ? message.template : 'login';
  return {
    channel: message.channel,
    template: { ...(draft.subject !== null ? { subject: draft.subject } : {}), body: draft.body },
    portal: { name: account.name, url: account.portalUrl, siteUrl: portalSiteUrl(core, account) },
    from: (message.channel === 'email' ? account.emailFrom : account.smsFrom) ?? null,
    ...replyToOf(message.channel, account),
    to: message.toAddress,
    contact: { ...sampleContact },
    loginLinks: {},
    expiresInMinutes: lifetimeMinutes(account, purposeOfTemplate[kind]),
    access: { ...sampleAccess },
    sample: true,
  };
}

/** The key each link was minted with, when it is not the current one (a link from before a key rotation). */
function keyIdsOf(core: Core, context: Context, linkIds: string[]): { linkKeyIds?: Record<string, string> } {
  const ids: Record<string, string> = {};
  for (const id of new Set(linkIds)) {
    const link = context.links.get(id);
    const key = link ? linkKeyEntryOf(core, link) : undefined;
    if (key && key.id !== core.linkKeyId) ids[id] = key.id;
  }
  return Object.keys(ids).length > 0 ? { linkKeyIds: ids } : {};
}

function replyToOf(channel: string, account: Account): { replyTo?: string } {
  return channel === 'email' && typeof account.settings.replyTo === 'string'
    ? { replyTo: account.settings.replyTo }
    : {};
}

function sectionOf(message: ClaimedMessage): Section {
  return message.payload.section && isSection(message.payload.section) ? message.payload.section : 'portal';
}
