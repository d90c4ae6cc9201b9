/**
 * The directory holding Portal Desk's package.json, found by walking up from
 * this file, so assets and migrations are found the same way from src/ (tsx)
 * and from the compiled dist/ (plain node): issue #13 saw the build fail with
 * ENOENT on portal.css because paths were relative to the running file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'portal-desk')
      return dir;
    if (dirname(dir) === dir) throw new Error(`package.json of portal-desk not found above ${start}`);
  }
}

export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** @example fromPackageRoot('prisma', 'sqlite', 'migrations') */
export function fromPackageRoot(...parts: string[]): string {
  return join(packageRoot, ...parts);
}

export const packageVersion = (JSON.parse(readFileSync(fromPackageRoot('package.json'), 'utf8')) as { version: string })
  .version;
