import type { Core } from '../core.ts';
import { AppError, invalidInput } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { createHash } from 'node:crypto';
import { openText, sealText } from '../shared/secret-box.ts';

export interface IdempotentRequestOptions {
  accountId: string;
  /** The caller's Idempotency-Key. */
  key: string;
  method: string;
  path: string;
  /**
   * The request body's bytes as received; a key reused with another body is
   * refused. Raw bytes, not the parsed value: hashing a parsed value means
   * walking it, and a 100,000-deep JSON array overflowed the stack before
   * validation could refuse it (test/security/bad-input.security.test.ts).
   */
  rawBody: Buffer | undefined;
}

/** What the seal is for: a replay is opened only as a replay. */
export const IDEMPOTENT_REPLAY_SEAL = 'idempotent-replay';
/** Expired keys are swept at most this often per process. */
const SWEEP_EVERY_MS = 10 * 60_000;
const lastSweep = new WeakMap<Core, number>();

export interface StoredAnswer {
  status: number;
  /** JSON text, replayed byte for byte. */
  body: string;
  replayed: boolean;
}

/** Keys are remembered this long, like the providers whose habits API clients have. */
const KEY_LIFETIME_MS = 24 * 3_600_000;
/** A claim older than this was left by a process that died mid-request. */
const ABANDONED_AFTER_MS = 10 * 60_000;
const IN_PROGRESS = 0;

/**
 * Runs a request at most once per (account, Idempotency-Key). The first
 * request claims the key with a row (the unique index decides between
 * concurrent duplicates), runs, and stores its answer; a retry gets that
 * answer back without acting twice. A duplicate that arrives while the first
 * is still running is refused with `conflict` (retry later). A request that
 * fails on our side (5xx, or `run` throws) releases the key, so its retry
 * really runs; `run` should answer refusals (4xx) itself, and they are kept.
 *
 * The stored answer is sealed (AES-256-GCM under the link key, with its key
 * id): an answer can carry a live sign-in link and its code, a new API key or
 * a webhook signing secret, and none of those may be at rest in clear
 * (issue #11, finding 1). Keys expire after 24 hours and are swept.
 * @throws AppError invalid_input (malformed key, or the key was used for a different request), conflict
 */
export async function runIdempotent(
  core: Core,
  options: IdempotentRequestOptions,
  run: () => Promise<{ status: number; body: string }>,
): Promise<StoredAnswer> {
  if (!/^[\x21-\x7e]{1,255}$/.test(options.key))
    throw invalidInput('Idempotency-Key must be 1 to 255 visible ASCII characters');
  const requestHash = createHash('sha256')
    .update(`${options.method} ${options.path}\n`)
    .update(options.rawBody ?? Buffer.alloc(0))
    .digest('base64url');
  const where = { accountId_key: { accountId: options.accountId, key: options.key } };
  const id = newId();
  await sweepIfDue(core);

  for (let attempt = 0; attempt < 2; attempt++) {
    const now = core.now();
    try {
      await core.db.idempotentRequest.create({
        data: {
          id,
          accountId: options.accountId,
          key: options.key,
          method: options.method,
          path: options.path,
          requestHash,
          status: IN_PROGRESS,
          body: '',
          createdAt: now,
        },
      });
      break;
    } catch (error) {
      const existing = await core.db.idempotentRequest.findUnique({ where });
      if (!existing) {
        if (attempt === 0) continue; // released between our insert and our read
        throw error;
      }
      const age = now.getTime() - existing.createdAt.getTime();
      const expired = age > KEY_LIFETIME_MS || (existing.status === IN_PROGRESS && age > ABANDONED_AFTER_MS);
      if (expired && attempt === 0) {
        await core.db.idempotentRequest.deleteMany({ where: { id: existing.id } });
        continue;
      }
      if (existing.requestHash !== requestHash) {
        throw invalidInput(
          `Idempotency-Key "${options.key}" was already used for a different request; use a new key for a new request`,
        );
      }
      if (existing.status === IN_PROGRESS)
        throw new AppError(
          'conflict',
          'a request with this Idempotency-Key is still being processed; retry in a moment',
        );
      let body: string;
      try {
        body = openText(core.linkKeys, IDEMPOTENT_REPLAY_SEAL, existing.body);
      } catch {
        // Sealed under a key that has since been retired: the answer cannot be given again.
        throw new AppError(
          'conflict',
          `the answer to Idempotency-Key "${options.key}" can no longer be replayed; use a new key`,
        );
      }
      return { status: existing.status, body, replayed: true };
    }
  }

  let answer: { status: number; body: string };
  try {
    answer = await run();
  } catch (error) {
    // `run` answers refusals itself (they are stored like any answer); a throw is a failure on our side.
    await core.db.idempotentRequest.deleteMany({ where: { id } });
    throw error;
  }
  if (answer.status >= 500) await core.db.idempotentRequest.deleteMany({ where: { id } });
  else
    await core.db.idempotentRequest.update({
      where: { id },
      data: { status: answer.status, body: sealText(core.linkKeys, IDEMPOTENT_REPLAY_SEAL, answer.body) },
    });
  return { ...answer, replayed: false };
}

/** Deletes keys older than their 24-hour lifetime (indexed on createdAt); at most every 10 minutes per process. */
export async function sweepIdempotentRequests(core: Core): Promise<number> {
  const removed = await core.db.idempotentRequest.deleteMany({
    where: { createdAt: { lt: new Date(core.now().getTime() - KEY_LIFETIME_MS) } },
  });
  return removed.count;
}

async function sweepIfDue(core: Core): Promise<void> {
  const now = Date.now();
  if (now - (lastSweep.get(core) ?? 0) < SWEEP_EVERY_MS) return;
  lastSweep.set(core, now);
  await sweepIdempotentRequests(core);
}
