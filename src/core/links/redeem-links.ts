import type { Core } from '../core.ts';
import type { Tx } from '../../db/client.ts';
import { appLaunchPath } from '../oidc/app-link-target.ts';
import { AppError } from '../shared/errors.ts';
import { linkError, unknownLinkError } from './link-error.ts';
import { groupBy } from '../shared/group-by.ts';
import { join, raw, sql } from '../../db/sql.ts';
import { driverTransaction, isPostgres } from '../../db/driver-transaction.ts';
import { writeChain, type WriteChain } from '../../db/write-chain.ts';
import { recordAuditEvents, type AuditEventInput } from '../audit/record-audit-event.ts';
import {
  activateFirstSignIns,
  activationCountWrites,
  signInWrite,
  type ActivationCounts,
} from '../contacts/portal-status.ts';
import { contactRowOf, prefixedContactColumns, readContactRows } from '../contacts/read-contact-rows.ts';
import { toContact, type Contact, type ContactRow } from '../contacts/contact-view.ts';
import { sectionPath, type Section } from '../access/sections.ts';
import { sessionWrites, type StartedSession } from '../sessions/start-session.ts';
import { isWellFormedToken, linkTokenHash } from './link-secrets.ts';
import { signInPurposes, type LinkPurpose } from './link-purpose.ts';
import { linkDayCountWrite } from './link-day-counts.ts';
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
  tokenHash: string;
  /** The link's contact as it was before this batch. */
  contact: ContactRow;
  accountId: string;
  contactId: string;
  purpose: string;
  section: string;
  resourceId: string | null;
  appId: string | null;
  appPath: string | null;
};

/** What the spend statement answers of each link it spent. */
const spentLinkColumns = [
  'id',
  'tokenHash',
  'accountId',
  'contactId',
  'purpose',
  'section',
  'resourceId',
  'appId',
  'appPath',
] as const satisfies ReadonlyArray<keyof SpentLink>;

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
    const tokensByAccount = new Map<string, Set<string>>();
    hashes.forEach((hash, index) => {
      const accountId = options.requests[index]!.accountId;
      if (hash) tokensByAccount.set(accountId, (tokensByAccount.get(accountId) ?? new Set()).add(hash));
    });
    const spent = await spendLinks(core, tx, tokensByAccount, purposes, now);
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
    // What is left to write answers nothing the batch needs: it goes in one round trip on PostgreSQL
    // (src/db/write-chain.ts), with the audit insert, last before COMMIT.
    const later = writeChain(core.db, tx);
    const { outcomes: signedIn, counts, events } = await signIn(tx, later, winning, now);
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
    const { started, writes: sessionStatements } = sessionWrites(
      sessionRequests.map((request) => request.start),
      now,
    );
    later.hold(...sessionStatements);
    const sessionOf = new Map(sessionRequests.map((request, position) => [request.index, started[position]!]));
    const unredeemable = await whyNotRedeemable(
      tx,
      wellFormed.filter((hash) => !spentByHash.has(hash)),
      purposes,
    );
    // Last before COMMIT: every batch updates the account's counters (first sign-ins) and its row per day,
    // and on PostgreSQL concurrent batches wait for those rows' locks until this one commits; taken here,
    // they are held for this last statement and the commit only.
    later.hold(...activationCountWrites(counts, now));
    for (const [accountId, redeemed] of groupBy(
      winning.filter((link) => link.purpose !== 'reset'),
      (link) => link.accountId,
    ))
      later.hold(linkDayCountWrite(accountId, now, { redeemed: redeemed.length }));
    await recordAuditEvents(core, tx, events, later);
    await later.flush();
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
 * What spending these links does to their contacts: first sign-ins are
 * activated here (which contacts changed decides the answers); the rest is
 * held in `later` (sign-in times) or returned for the caller to write with its
 * own (`counts`, `events`). A reset link changes nothing here: resetting the
 * password is its caller's job.
 */
async function signIn(
  tx: Tx,
  later: WriteChain,
  links: SpentLink[],
  now: Date,
): Promise<{ outcomes: Map<string, SignInOutcome>; counts: ActivationCounts; events: AuditEventInput[] }> {
  const signingIn = [
    ...new Map(links.filter((link) => link.purpose !== 'reset').map((link) => [link.contactId, link.contact])).values(),
  ];
  // Only contacts read as invited or never invited change status, each by a conditional update; the
  // others (mostly active contacts clicking a login link) just get their sign-in time.
  const { activated, counts } = await activateFirstSignIns(tx, signingIn, now);
  const alreadyActive = signingIn.filter((contact) => !activated.has(contact.id)).map((contact) => contact.id);
  if (alreadyActive.length > 0) later.hold(signInWrite(alreadyActive, now));
  const outcomes = new Map<string, SignInOutcome>();
  const events: AuditEventInput[] = [];
  const activationAudited = new Set<string>();
  for (const link of links) {
    const row = link.contact;
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
  return { outcomes, counts, events };
}

/**
 * Spends the tokens, one statement per account in the batch (almost always one): a link spends only on
 * its own account's portal. Each spent link comes with its contact as it was before: on PostgreSQL read
 * in the same statement, on SQLite (in process, no round trip) in a second one.
 */
async function spendLinks(
  core: Core,
  tx: Tx,
  tokensByAccount: Map<string, Set<string>>,
  purposes: LinkPurpose[],
  now: Date,
): Promise<SpentLink[]> {
  const spent: SpentLink[] = [];
  for (const [accountId, tokenHashes] of tokensByAccount) {
    // Hand-written (src/db/sql.ts): the one statement every click runs. `"accountId" || ''` keeps the
    // planners on the tokenHash index: with a few tokens in the IN list, SQLite (no statistics) chose the
    // (accountId, usedAt, purpose) index instead and read every unused link of the account (bench/redeem).
    const spend = sql`
      UPDATE "LoginToken" SET "usedAt" = ${now}
      WHERE "tokenHash" IN (${join([...tokenHashes])}) AND ("accountId" || '') = ${accountId} AND "purpose" IN (${join(purposes)})
        AND "usedAt" IS NULL AND "revokedAt" IS NULL AND "expiresAt" > ${now}
        AND NOT EXISTS (SELECT 1 FROM "Contact" c WHERE c."id" = "LoginToken"."contactId" AND c."status" = 'deactivated')
      RETURNING ${raw(spentLinkColumns.map((column) => `"${column}"`).join(', '))}`;
    if (isPostgres(core.db)) {
      const rows = await tx.$queryRaw<Array<Record<string, unknown>>>`
        WITH "spent" AS (${spend})
        SELECT "spent".*, ${prefixedContactColumns} FROM "spent" JOIN "Contact" c ON c."id" = "spent"."contactId"`;
      for (const row of rows)
        spent.push({
          ...(Object.fromEntries(spentLinkColumns.map((column) => [column, row[column]])) as Omit<
            SpentLink,
            'contact'
          >),
          contact: contactRowOf(row),
        });
      continue;
    }
    const links = await tx.$queryRaw<Array<Omit<SpentLink, 'contact'>>>(spend);
    const contacts = new Map(
      (await readContactRows(tx, [...new Set(links.map((link) => link.contactId))])).map((row) => [row.id, row]),
    );
    for (const link of links) spent.push({ ...link, contact: contacts.get(link.contactId)! });
  }
  return spent;
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
