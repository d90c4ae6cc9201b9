import type { Tx } from '../../db/client.ts';
import type { Core } from '../core.ts';
import { openText } from '../shared/secret-box.ts';
import { IDEMPOTENT_REPLAY_SEAL } from './run-idempotent.ts';

/** Stored answers are read this many at a time (they live 24 h, so an account holds a bounded number). */
const PAGE = 500;

/**
 * Deletes the account's stored idempotent answers that mention any of `needles`
 * (an erased person's email, phone, contact id). The answers are sealed, so a
 * LIKE in SQL cannot see inside them: each is opened here. A replay about an
 * erased person has nothing to say, and one that no configured key opens can
 * never be replayed, so it goes too. Rows still being answered are left alone.
 */
export async function forgetReplaysAbout(
  core: Core,
  tx: Tx,
  options: { accountId: string; needles: string[] },
): Promise<number> {
  const needles = options.needles.filter(Boolean);
  if (needles.length === 0) return 0;
  const doomed: string[] = [];
  let after = '';
  for (;;) {
    const rows = await tx.idempotentRequest.findMany({
      where: { accountId: options.accountId, id: { gt: after }, body: { not: '' } },
      select: { id: true, body: true },
      orderBy: { id: 'asc' },
      take: PAGE,
    });
    for (const row of rows) {
      const text = readable(core, row.body);
      if (text === undefined || needles.some((needle) => text.includes(needle))) doomed.push(row.id);
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.id;
  }
  if (doomed.length === 0) return 0;
  const { count } = await tx.idempotentRequest.deleteMany({ where: { id: { in: doomed } } });
  return count;
}

/** The answer as JSON text; undefined when no configured key opens it. */
function readable(core: Core, body: string): string | undefined {
  try {
    return openText(core.linkKeys, IDEMPOTENT_REPLAY_SEAL, body);
  } catch {
    // Stored in clear before replays were sealed (plain JSON), or sealed under a retired key.
    return body.startsWith('{') || body.startsWith('[') ? body : undefined;
  }
}
