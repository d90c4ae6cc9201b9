/**
 * Hand-written SQL for the few statements on hot paths (link redemption,
 * audit, sessions), where Prisma's query building costs several times the
 * statement itself (bench/redeem). Values always go in as parameters through
 * Prisma's `sql` tag, never into the text. The SQL is written to mean the same
 * on SQLite and PostgreSQL (quoted identifiers, RETURNING, ON CONFLICT), and
 * runs through the same client and transaction as everything else.
 *
 * Columns Prisma fills in itself must be written here by hand: `updatedAt`
 * on every UPDATE of a model that has one, ids and defaults on INSERT.
 */
import { sql, join, empty, raw, type Sql } from './generated/sqlite/internal/prismaNamespace.ts';

export { sql, join, empty, raw, type Sql };

/** `(a, b), (c, d)`: the rows of a multi-row INSERT. */
export function valuesList(rows: unknown[][]): Sql {
  return join(rows.map((row) => sql`(${join(row)})`));
}

/**
 * Rows per multi-row statement: far under SQLite's 32,766 and PostgreSQL's
 * 65,535 parameters for any of our tables, and statements stay short.
 */
export const ROWS_PER_STATEMENT = 500;
