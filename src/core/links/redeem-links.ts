import type { Core } from '../core.ts';
import type { Tx } from '../../db/client.ts';
import { appLaunchPath } from '../oidc/app-link-target.ts';
import { AppError } from '../shared/errors.ts';
import { linkError, unknownLinkError } from './link-error.ts';
import { groupBy } from '../shared/group-by.ts';
import { join } from '../../db/sql.ts';
import { driverTransaction } from '../../db/driver-transaction.ts';
import { recordAuditEvents, type AuditEventInput } from '../audit/record-audit-event.ts';
import {
  activateMany,
  countActivations,
  signInWithoutStatusChange,
  type ActivationCounts,
} from '../contacts/portal-status.ts';
import { readContactRows } from '../contacts/read-contact-rows.ts';
import { toContact, type Contact, type ContactRow } from '../contacts/contact-view.ts';
import { sectionPath, type Section } from '../access/sections.ts';
import { startSessionsInTx, type StartedSession } from '../sessions/start-session.ts';
import { isWellFormedToken, linkTokenHash } from './link-secrets.ts';
import { signInPurposes, type LinkPurpose } from './link-purpose.ts';
import { countLinkDay } from './link-day-counts.ts';
import { contactRef } from '../audit/actor.ts';

export interface RedeemRequest {
  token: string;
  /**
   * The account whose portal the link was opened on. A link of another
   * account does not spend and answers exactly like an unknown link (#16).
   */
  accountId: string;
  /**
   * Start a portal session in the transaction that spends the link, so a
   * spent link always has its session. The browser's previous session ends.
   */
  session?: { previousSessionId?: string };
}

export interface RedeemLinksOptions {
  requests: RedeemRequest[];
  /** Which purposes these requests may redeem. @default invite and login */
  purposes?: LinkPurpose[];
}

export interface RedeemedLink {
  linkId: string;
  accountId: string;
  contact: Contact;
  purpose: LinkPurpose;
  section: Section;
  /** Where to send the person: a fixed portal path, never from the request. */
  path: string;
  /** True when this sign-in made the contact active. */
  firstSignIn: boolean;
  /** Present when the request asked for a session. */
  session?: StartedSession;
}

type SpentLink = {
  id: string;
  accountId: string;
  contactId: string;
  purpose: string;
  section: string;
  resourceId: string | null;
  appId: string | null;
  appPath: string | null;
};

/**
 * Spends any number of links in one transaction; each request gets its own
 * answer, a RedeemedLink or the AppError that explains why not.
 *
 * The spend is one conditional update (unused, unrevoked, unexpired) over
 * all the tokens, so of any number of concurrent redemptions of a link
 * exactly one wins and the others get link_used. The rest (status changes,
 * counters, audit, sessions) costs a few statements per batch, not per link:
 * that is what lets a click storm after a bulk invite go through at the
 * speed of the database (src/core/links/link-redeemer.ts makes the batches).
 * A deactivated contact's link never spends, even one minted in a race with
 * the deactivation (the update checks the contact's status).
 * Errors: link_unknown | link_expired | link_used | link_revoked | contact_deactivated.
 */
export async function redeemLinks(core: Core, options: RedeemLinksOptions): Promise<Array<RedeemedLink | AppError>> {
  const purposes = options.purposes ?? signInPurposes;
  const hashes = options.requests.map((request) =>
    isWellFormedToken(request.token) ? linkTokenHash(request.token) : null,
  );
  const wellFormed = [...new Set(hashes.filter((hash): hash is string => hash !== null))];
  if (wellFormed.length === 0) return hashes.map(() => unknownLinkError());
  const now = core.now();
  // Straight through the driver (src/db/driver-transaction.ts): every statement here is hand-written.
  return driverTransaction(core.db, async (tx) => {
    // One statement per account in the batch (almost always one): a link spends only on its own account's portal.
    const spent: Array<SpentLink & { tokenHash: string }> = [];
    const tokensByAccount = new Map<string, Set<string>>();
    hashes.forEach((hash, index) => {
      const accountId = options.requests[index]!.accountId;
      if (hash) tokensByAccount.set(accountId, (tokensByAccount.get(accountId) ?? new Set()).add(hash));
    });
    for (const [accountId, ofAccount] of tokensByAccount) {
      // Hand-written (src/db/sql.ts): the one statement every click runs. `"accountId" || ''` keeps the
      // planners on the tokenHash index: with a few tokens in the IN list, SQLite (no statistics) chose the
      // (accountId, usedAt, purpose) index instead and read every unused link of the account (bench/redeem).
      spent.push(
        ...(await tx.$queryRaw<Array<SpentLink & { tokenHash: string }>>`
      UPDATE "LoginToken" SET "usedAt" = ${now}
      WHERE "tokenHash" IN (${join([...ofAccount])}) AND ("accountId" || '') = ${accountId} AND "purpose" IN (${join(purposes)})
        AND "usedAt" IS NULL AND "revokedAt" IS NULL AND "expiresAt" > ${now}
        AND NOT EXISTS (SELECT 1 FROM "Contact" c WHERE c."id" = "LoginToken"."contactId" AND c."status" = 'deactivated')
      RETURNING "id", "accountId", "contactId", "purpose", "section", "resourceId", "appId", "appPath", "tokenHash"`),
      );
    }
    const spentByHash = new Map(spent.map((link) => [link.tokenHash, link]));
    // A token sent twice in one batch: its first request spends it, the next ones find it used.
    const winners = new Map<string, number>();
    hashes.forEach((hash, index) => {
      const link = hash ? spentByHash.get(hash) : undefined;
      if (link && link.accountId === options.requests[index]!.accountId && !winners.has(hash!))
        winners.set(hash!, index);
    });
    // In request order, so that "first sign-in" goes to the first click.
    const winning = [...winners.keys()].map((hash) => spentByHash.get(hash)!);
    const { outcomes: signedIn, counts } = await signIn(core, tx, winning, now);
    const sessionRequests = [...winners].flatMap(([hash, index]) => {
      const link = spentByHash.get(hash)!;
      const wanted = options.requests[index]!.session;
      return wanted && link.purpose !== 'reset'
        ? [
            {
              index,
              start: {
                accountId: link.accountId,
                contactId: link.contactId,
                previousSessionId: wanted.previousSessionId,
              },
            },
          ]
        : [];
    });
    const started = await startSessionsInTx(
      tx,
      sessionRequests.map((request) => request.start),
      now,
    );
    const sessionOf = new Map(sessionRequests.map((request, position) => [request.index, started[position]!]));
    const unredeemable = await whyNotRedeemable(
      tx,
      wellFormed.filter((hash) => !spentByHash.has(hash)),
      purposes,
    );
    // Last before COMMIT: every batch updates the account's counters (first sign-ins) and its row per day,
    // and on PostgreSQL concurrent batches wait for those rows' locks until this one commits; taken here,
    // they are held for these statements and the commit only.
    await countActivations(tx, counts, now);
    for (const [accountId, redeemed] of groupBy(
      winning.filter((link) => link.purpose !== 'reset'),
      (link) => link.accountId,
    )) {
      await countLinkDay(tx, accountId, now, { redeemed: redeemed.length });
    }
    return hashes.map((hash, index) => {
      if (!hash) return unknownLinkError();
      const link = spentByHash.get(hash);
      if (!link) return unredeemable.get(`${options.requests[index]!.accountId} ${hash}`) ?? unknownLinkError();
      // The same token sent to two portals in one batch: on the other account's portal it is unknown.
      if (link.accountId !== options.requests[index]!.accountId) return unknownLinkError();
      const outcome = signedIn.get(link.id)!;
      if (winners.get(hash) !== index) return linkError('used', { ...link, contact: outcome.contact });
      const session = sessionOf.get(index);
      return {
        linkId: link.id,
        accountId: link.accountId,
        contact: outcome.contact,
        purpose: link.purpose as LinkPurpose,
        section: link.section as Section,
        path: link.appId
          ? appLaunchPath(link.appId, link.appPath)
          : sectionPath(link.section as Section, link.resourceId),
        firstSignIn: outcome.firstSignIn,
        ...(session ? { session } : {}),
      };
    });
  });
}

interface SignInOutcome {
  contact: Contact;
  firstSignIn: boolean;
}

/**
 * What spending these links does to their contacts and audit trail, and how
 * it moves the counters (`counts`: the caller applies them last, with the
 * per-day link counts). A reset link changes nothing here: resetting the
 * password is its caller's job.
 */
async function signIn(
  core: Core,
  tx: Tx,
  links: SpentLink[],
  now: Date,
): Promise<{ outcomes: Map<string, SignInOutcome>; counts: ActivationCounts }> {
  if (links.length === 0) return { outcomes: new Map(), counts: { accounts: new Map(), inviteDays: new Map() } };
  const signingIn = links.filter((link) => link.purpose !== 'reset');
  const signingInIds = [...new Set(signingIn.map((link) => link.contactId))];
  // Login links are mostly clicked by active contacts: one statement signs those in and reads them.
  // Invite links are mostly first sign-ins: read first, then activated.
  const active = signingIn.some((link) => link.purpose !== 'invite')
    ? await signInWithoutStatusChange(tx, signingInIds, now, { onlyActive: true })
    : [];
  const rowById = new Map<string, ContactRow>(active.map((row) => [row.id, row]));
  for (const row of await readContactRows(
    tx,
    [...new Set(links.map((link) => link.contactId))].filter((id) => !rowById.has(id)),
  ))
    rowById.set(row.id, row);
  const signedInHere = new Set(active.map((row) => row.id));
  const { activated, counts } = await activateMany(
    tx,
    signingInIds.filter((id) => !signedInHere.has(id)).map((id) => rowById.get(id)!),
    now,
  );
  const outcomes = new Map<string, SignInOutcome>();
  const events: AuditEventInput[] = [];
  const activationAudited = new Set<string>();
  for (const link of links) {
    const row = rowById.get(link.contactId)!;
    const signsIn = link.purpose !== 'reset';
    // Two links of one contact in one batch: the first one is the first sign-in.
    const firstSignIn = signsIn && activated.has(row.id) && !activationAudited.has(row.id);
    if (firstSignIn) activationAudited.add(row.id);
    const actor = contactRef(link.contactId);
    events.push({
      accountId: link.accountId,
      actor,
      action: 'link.redeemed',
      subject: actor,
      metadata: { linkId: link.id, purpose: link.purpose, section: link.section, firstSignIn },
      at: now,
    });
    if (firstSignIn)
      events.push({ accountId: link.accountId, actor, action: 'contact.activated', subject: actor, at: now });
    const contact = signsIn
      ? {
          ...row,
          lastLoginAt: now,
          failedSignIns: 0,
          ...(activated.has(row.id) ? { status: 'active', activatedAt: now } : {}),
        }
      : row;
    outcomes.set(link.id, { contact: toContact(contact), firstSignIn });
  }
  await recordAuditEvents(core, tx, events);
  return { outcomes, counts };
}

/**
 * For tokens that did not spend: used, revoked or expired, keyed by "<accountId> <tokenHash>".
 * A token with no entry is unknown, on this account's portal. One read for all of them.
 */
async function whyNotRedeemable(
  tx: Tx,
  tokenHashes: string[],
  purposes: LinkPurpose[],
): Promise<Map<string, AppError>> {
  const errors = new Map<string, AppError>();
  if (tokenHashes.length === 0) return errors;
  const rows = await tx.$queryRaw<
    Array<{
      id: string;
      accountId: string;
      contactId: string;
      purpose: string;
      tokenHash: string;
      usedAt: Date | null;
      revokedAt: Date | null;
      status: string;
      email: string | null;
      phone: string | null;
    }>
  >`
    SELECT t."id", t."accountId", t."contactId", t."purpose", t."tokenHash", t."usedAt", t."revokedAt", c."status", c."email", c."phone"
    FROM "LoginToken" t JOIN "Contact" c ON c."id" = t."contactId" WHERE t."tokenHash" IN (${join(tokenHashes)})`;
  for (const row of rows) {
    const link = { ...row, contact: { status: row.status, email: row.email, phone: row.phone } };
    if (!purposes.includes(link.purpose as LinkPurpose)) continue;
    const key = `${link.accountId} ${link.tokenHash}`;
    if (link.contact.status === 'deactivated')
      errors.set(key, new AppError('contact_deactivated', 'access to this portal is turned off for this contact'));
    else errors.set(key, linkError(link.usedAt ? 'used' : link.revokedAt ? 'revoked' : 'expired', link));
  }
  return errors;
}
