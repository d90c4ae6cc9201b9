/**
 * SESSION_SECRET signs sessions and derives the link key. When it is not set,
 * one is generated on first start and kept in the data directory, so links
 * and sessions survive restarts on a machine with no configuration at all.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hmac } from './core/shared/secret-hash.ts';

export interface ServiceSecrets {
  sessionSecret: string;
  /** Where it came from, for the start-up banner. */
  source: 'environment' | 'generated' | 'data directory';
  linkKey: Buffer;
}

export function loadSecrets(options: { sessionSecret?: string; dataDir: string }): ServiceSecrets {
  let sessionSecret = options.sessionSecret;
  let source: ServiceSecrets['source'] = 'environment';
  if (!sessionSecret) {
    const file = join(options.dataDir, 'session-secret');
    if (existsSync(file)) {
      sessionSecret = readFileSync(file, 'utf8').trim();
      source = 'data directory';
    } else {
      mkdirSync(options.dataDir, { recursive: true });
      sessionSecret = randomBytes(32).toString('base64url');
      // wx: if another instance wrote it first, use theirs.
      try {
        writeFileSync(file, sessionSecret + '\n', { mode: 0o600, flag: 'wx' });
        source = 'generated';
      } catch {
        sessionSecret = readFileSync(file, 'utf8').trim();
        source = 'data directory';
      }
    }
  }
  return { sessionSecret, source, linkKey: hmac(sessionSecret, 'portal-desk:link-key') };
}
