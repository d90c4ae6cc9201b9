/**
 * The baseline of bench/redeem: the least a server must do to redeem a link,
 * with nothing of Portal Desk in it. node:http plus the bare driver, the one
 * conditional UPDATE … RETURNING that spends the link and the session INSERT,
 * in one transaction, then 303 with the session cookie.
 *
 *   node bench/bare-redeem-server.mjs sqlite <database file>
 *   node bench/bare-redeem-server.mjs postgresql <database url> <pool size>
 *
 * Runs in its own process so that its CPU time is its own: GET /cpu answers
 * process.cpuUsage() in microseconds. Prints its URL on the first line.
 * Writes dates as the Prisma adapters do (ISO text with +00:00 on SQLite,
 * timestamp without time zone in UTC on PostgreSQL), so both servers share
 * one database.
 */
import { createServer } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';

const [provider, target, poolSize = '10'] = process.argv.slice(2);
const sha256 = (value) => createHash('sha256').update(value).digest('base64url');
const newId = () => Date.now().toString(36).padStart(9, '0') + randomBytes(10).toString('base64url');
const sessionMs = 14 * 24 * 3600_000;

/** @type {(tokenHash: string, sessionHash: string) => Promise<boolean>} */
let redeem;
if (provider === 'sqlite') {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(target, { timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const iso = (date) => date.toISOString().replace('Z', '+00:00');
  const spend = db.prepare(`
    UPDATE "LoginToken" SET "usedAt" = ?
    WHERE "tokenHash" = ? AND "usedAt" IS NULL AND "revokedAt" IS NULL AND "expiresAt" > ?
    RETURNING "id", "accountId", "contactId", "section"`);
  const start = db.prepare(`
    INSERT INTO "Session" ("id", "idHash", "accountId", "contactId", "createdAt", "lastSeenAt", "expiresAt") VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const transaction = db.transaction((tokenHash, sessionHash) => {
    const now = new Date();
    const link = spend.get(iso(now), tokenHash, iso(now));
    if (!link) return false;
    start.run(
      newId(),
      sessionHash,
      link.accountId,
      link.contactId,
      iso(now),
      iso(now),
      iso(new Date(now.getTime() + sessionMs)),
    );
    return true;
  });
  redeem = async (tokenHash, sessionHash) => transaction.immediate(tokenHash, sessionHash);
} else {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: target, max: Number(poolSize) });
  redeem = async (tokenHash, sessionHash) => {
    const client = await pool.connect();
    try {
      const now = new Date().toISOString();
      await client.query('BEGIN');
      const { rows } = await client.query({
        name: 'spend',
        text: `UPDATE "LoginToken" SET "usedAt" = $1
          WHERE "tokenHash" = $2 AND "usedAt" IS NULL AND "revokedAt" IS NULL AND "expiresAt" > $1
          RETURNING "id", "accountId", "contactId", "section"`,
        values: [now, tokenHash],
      });
      const link = rows[0];
      if (link) {
        await client.query({
          name: 'start',
          text: `INSERT INTO "Session" ("id", "idHash", "accountId", "contactId", "createdAt", "lastSeenAt", "expiresAt") VALUES ($1, $2, $3, $4, $5, $5, $6)`,
          values: [
            newId(),
            sessionHash,
            link.accountId,
            link.contactId,
            now,
            new Date(Date.now() + sessionMs).toISOString(),
          ],
        });
      }
      await client.query('COMMIT');
      return Boolean(link);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  };
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/cpu') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(process.cpuUsage()));
    return;
  }
  req.resume();
  const token = (req.url ?? '').slice('/l/'.length);
  const sessionId = randomBytes(32).toString('base64url');
  redeem(sha256(token), sha256(sessionId))
    .then((spent) => {
      if (spent)
        res
          .writeHead(303, {
            location: '/portal',
            'set-cookie': `pd_session=${sessionId}; Path=/; HttpOnly; SameSite=Lax`,
          })
          .end();
      else res.writeHead(410).end();
    })
    .catch(() => res.writeHead(500).end());
});
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
