import type { Core } from '../core.ts';
import { type Actor, contactRef } from '../audit/actor.ts';
import type { Tx } from '../../db/client.ts';
import { flushErasedData } from '../../db/client.ts';
import { AppError, isAppError } from '../shared/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { findContact } from '../contacts/find-contact.ts';
import { deleteCounted } from '../contacts/portal-status.ts';
import { endContactAccessInTx, readLifecycleSubject } from './end-contact-access.ts';
import { scrubText } from './scrub-text.ts';
import { forgetReplaysAbout } from '../idempotency/forget-replays-about.ts';
import { retryOnStatusRace, StatusMovedMeanwhile } from './status-race.ts';

export interface EraseContactOptions {
  accountId: string;
  /** A contact id, email or phone. After an erasure only the id still names it. */
  lookup: string;
  actor: Actor;
}

export interface EraseContactResult {
  contactId: string;
  /** False when the contact had already been erased (by id): nothing to do. */
  erased: boolean;
  removed: { grants: number; links: number; sessions: number; messages: number };
}

/**
 * Right to erasure. Deletes the contact (email, phone, names, password hash)
 * with its sessions, links and grants; blanks the recipient and content of
 * every message to them; removes their address from outgoing-event payloads,
 * audit metadata, stored API replies, rate-limit keys and unfinished bulk
 * input. Counters move in the same transaction. What remains is an audit
 * tombstone (`contact.erased`, the id only) and the ids in older audit events.
 * Erasing an erased contact (by id) answers `erased: false`.
 * @throws AppError contact_not_found (never existed, or an address that was erased)
 * @throws AppError busy (erased, but SQLite's WAL stayed busy: erase again to finish)
 */
export async function eraseContact(core: Core, options: EraseContactOptions): Promise<EraseContactResult> {
  let contactId: string;
  try {
    contactId = (await findContact(core, { accountId: options.accountId, lookup: options.lookup })).id;
  } catch (error) {
    if (!isAppError(error, 'contact_not_found') && !isAppError(error, 'invalid_input')) throw error;
    // Flushed again: asking twice is how to finish an erasure whose flush found the WAL busy for too long.
    await flushOrRefuse(core);
    return alreadyErased(core, options);
  }
  const result = await retryOnStatusRace(() =>
    core.db.$transaction((tx) => eraseInTx(core, tx, { ...options, contactId }), { timeout: 60_000, maxWait: 30_000 }),
  );
  await flushOrRefuse(core);
  return result ?? alreadyErased(core, options);
}

/** The erased rows' old versions out of SQLite's WAL, or a `busy` error that says how to finish. */
async function flushOrRefuse(core: Core): Promise<void> {
  if (await flushErasedData(core.db)) return;
  throw new AppError(
    'busy',
    'the contact is erased, but the database stayed busy and may still hold old copies of their data: erase them again to finish',
  );
}

async function eraseInTx(
  core: Core,
  tx: Tx,
  options: EraseContactOptions & { contactId: string },
): Promise<EraseContactResult | null> {
  const now = core.now();
  let subject;
  try {
    subject = await readLifecycleSubject(tx, options.accountId, options.contactId);
  } catch (error) {
    if (isAppError(error, 'contact_not_found')) return null; // erased by someone else meanwhile
    throw error;
  }
  // Lock the contact row first, as deactivation does (its first write is the
  // contact): the same lock order in both, so they queue instead of deadlocking.
  const locked = await tx.contact.updateMany({
    where: { id: subject.id, status: subject.status },
    data: { updatedAt: now },
  });
  if (locked.count === 0) {
    if (await tx.contact.count({ where: { id: subject.id } })) throw new StatusMovedMeanwhile();
    return null;
  }
  const [grants, links, sessions] = await Promise.all([
    tx.accessGrant.count({ where: { contactId: subject.id } }),
    tx.loginToken.count({ where: { contactId: subject.id } }),
    tx.session.count({ where: { contactId: subject.id } }),
  ]);
  await endContactAccessInTx(core, tx, {
    accountId: options.accountId,
    contactId: subject.id,
    reason: 'erased',
    actor: options.actor,
    revokeLinks: true,
    now,
  });
  const { count: messages } = await tx.message.updateMany({
    where: { contactId: subject.id },
    data: {
      toAddress: '',
      subject: null,
      preview: null,
      payload: '{}',
      lastError: null,
      deliveryDetail: null,
      contactId: null,
    },
  });
  const addresses = [subject.email, subject.phone].filter((value): value is string => Boolean(value));
  await scrubText(tx, { accountId: options.accountId, addresses });
  // A replay of a call about the person (creating them, a link for them) would hand their data back.
  await forgetReplaysAbout(core, tx, { accountId: options.accountId, needles: [...addresses, subject.id] });
  // Corrections kept old and new addresses masked ("a…@example.com"): still a trace of the person.
  await tx.auditEvent.updateMany({
    where: { accountId: options.accountId, subject: contactRef(subject.id), action: 'contact.edited' },
    data: { metadata: '{"erased":true}' },
  });
  if (!(await deleteCounted(tx, subject, now))) {
    // Erased meanwhile (nothing left), or its status moved (read again and retry).
    if (await tx.contact.count({ where: { id: subject.id } })) throw new StatusMovedMeanwhile();
    return null;
  }
  await recordAuditEvent(core, tx, {
    accountId: options.accountId,
    actor: options.actor,
    action: 'contact.erased',
    subject: contactRef(subject.id),
    metadata: { removed: { grants, links, sessions, messages } },
    at: now,
  });
  return { contactId: subject.id, erased: true, removed: { grants, links, sessions, messages } };
}

async function alreadyErased(core: Core, options: EraseContactOptions): Promise<EraseContactResult> {
  const tombstone = await core.db.auditEvent.findFirst({
    where: { accountId: options.accountId, action: 'contact.erased', subject: contactRef(options.lookup.trim()) },
  });
  if (!tombstone) throw new AppError('contact_not_found', `no contact ${options.lookup}`);
  return {
    contactId: options.lookup.trim(),
    erased: false,
    removed: { grants: 0, links: 0, sessions: 0, messages: 0 },
  };
}
