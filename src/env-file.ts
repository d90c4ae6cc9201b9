/**
 * Reads `.env` from the working directory into the environment, for the
 * service and the CLI alike, so both build the same links (issue #13: the CLI
 * printed localhost:3000 links while the service ran on PORT=3922 from a
 * shell variable). Variables already set in the real environment win.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

export interface LoadedEnvFile {
  /** Absolute path of the file read, or undefined when there was none. */
  path?: string;
  /** Names taken from the file (not those the real environment already had). */
  applied: string[];
}

/** @example loadEnvFile() // reads ./.env into process.env */
export function loadEnvFile(options: { path?: string; env?: Record<string, string | undefined> } = {}): LoadedEnvFile {
  const path = resolve(options.path ?? process.env.PORTAL_ENV_FILE ?? '.env');
  const env = options.env ?? process.env;
  if (!existsSync(path)) return { applied: [] };
  const parsed = parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
  const applied: string[] = [];
  for (const [name, value] of Object.entries(parsed)) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    applied.push(name);
  }
  return { path, applied };
}
