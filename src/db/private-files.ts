/**
 * Database files readable by the service's user only. SQLite created them
 * 0644 (the process umask), so any local account could copy the database,
 * session ids and link hashes included (issue #11, finding 11). The main file
 * and the rate-limit companion are created 0600 before SQLite opens them;
 * SQLite gives its -wal and -shm files the main file's permissions. Files that
 * already exist are narrowed to 0600 at every start.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Creates (0600) or narrows (to 0600) a SQLite database file and its companions. */
export function protectSqliteFile(path: string): void {
  // mode applies only to directories this call creates: an existing directory is the operator's choice.
  mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!existsSync(path)) closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) {
    try {
      chmodSync(file, PRIVATE_FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
