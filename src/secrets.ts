/**
 * SESSION_SECRET signs sessions and derives the link key. When it is not set,
 * one is generated on first start and kept in the data directory (0600, in a
 * 0700 directory when we create it), so links and sessions survive restarts
 * on a machine with no configuration at all.
 *
 * Rotation: set a new SESSION_SECRET and move the old one to
 * SESSION_SECRET_PREVIOUS (comma-separated, newest first). New links use the
 * new key; links already out, their codes and sealed values (webhook
 * secrets, idempotency replays) keep working with the old key, found by its
 * key id. Once the longest link lifetime has passed since the rotation, the
 * old secret can be removed (webhook secrets are re-sealed under the new key
 * at start).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { linkKeyFromSecret, type LinkKey } from './core/links/link-keys.ts';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './db/private-files.ts';

export interface ServiceSecrets {
  sessionSecret: string;
  /** Where it came from, for the start-up banner. */
  source: 'environment' | 'generated' | 'data directory';
  /** The current link key. */
  linkKey: Buffer;
  /** Every link key, the current one first, then those of SESSION_SECRET_PREVIOUS. */
  linkKeys: LinkKey[];
}

export function loadSecrets(options: {
  sessionSecret?: string;
  previousSecrets?: string[];
  dataDir: string;
}): ServiceSecrets {
  let sessionSecret = options.sessionSecret;
  let source: ServiceSecrets['source'] = 'environment';
  if (!sessionSecret) {
    const file = join(options.dataDir, 'session-secret');
    mkdirSync(options.dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
    if (existsSync(file)) {
      sessionSecret = readFileSync(file, 'utf8').trim();
      source = 'data directory';
      chmodSync(file, PRIVATE_FILE_MODE);
    } else {
      sessionSecret = randomBytes(32).toString('base64url');
      // wx: if another instance wrote it first, use theirs.
      try {
        writeFileSync(file, sessionSecret + '\n', { mode: PRIVATE_FILE_MODE, flag: 'wx' });
        source = 'generated';
      } catch {
        sessionSecret = readFileSync(file, 'utf8').trim();
        source = 'data directory';
      }
    }
  }
  const current = linkKeyFromSecret(sessionSecret);
  const previous = (options.previousSecrets ?? []).filter((secret) => secret !== sessionSecret).map(linkKeyFromSecret);
  return {
    sessionSecret,
    source,
    linkKey: current.key,
    linkKeys: [current, ...previous.filter((key) => key.id !== current.id)],
  };
}
