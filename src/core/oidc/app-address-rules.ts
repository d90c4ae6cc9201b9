import { invalidInput } from '../shared/errors.ts';

const loopbackHosts = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Addresses an app registers (redirect, logout, login, back-channel URIs):
 * https, or http on loopback for development. No fragments, no wildcards:
 * redirect URIs are compared exactly, so what is stored is what must come back.
 * @throws AppError invalid_input naming the field
 */
export function checkAppAddress(field: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw invalidInput(`${field}: "${value}" is not a URL`);
  }
  if (url.hash) throw invalidInput(`${field}: "${value}" must not have a #fragment`);
  if (url.username || url.password) throw invalidInput(`${field}: "${value}" must not carry a user name or password`);
  const loopback = loopbackHosts.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw invalidInput(
      `${field}: "${value}" must use https (http only on 127.0.0.1, [::1] or localhost, for development)`,
    );
  }
  return value.trim();
}

/** "course:*", "community:Founders", "affiliate": what a contact must hold to sign in to the app. */
export function checkRequirement(value: string): string {
  const match = /^(course|community|affiliate)(?::(.{1,200}))?$/.exec(value.trim());
  if (!match)
    throw invalidInput(`requires: "${value}" must look like course:*, course:<name>, community:<name> or affiliate`);
  return `${match[1]}:${(match[2] ?? '*').trim() || '*'}`;
}
