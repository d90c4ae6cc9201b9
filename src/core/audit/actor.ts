import { invalidInput } from '../shared/errors.ts';

/** Who did something: a Slack user, an API key, a contact themselves, or the system. */
export type Actor = `slack:${string}` | `api:${string}` | `contact:${string}` | 'system';

/** A contact in the audit trail, as the one who acted or the one acted on (`contact:<id>`). */
export type ContactRef = `contact:${string}`;

const actorPattern = /^(?:slack:[A-Z0-9]+|api:[\w-]+|contact:[\w-]+|system)$/;

export function isActor(value: unknown): value is Actor {
  return typeof value === 'string' && actorPattern.test(value);
}

/** Audit writes check again at run time: an actor can come from outside (a Slack user id, a CLI flag). */
export function assertActor(actor: string): asserts actor is Actor {
  if (!isActor(actor))
    throw invalidInput(`unknown actor "${actor}": expected slack:U…, api:<key id>, contact:<id> or system`);
}

/** The contact as actor (signed in, asked for a link) or as an audit subject. */
export function contactRef(contactId: string): ContactRef {
  return `contact:${contactId}`;
}

/** The contact id in a `contact:<id>` reference, or null for any other subject. */
export function contactIdOf(ref: string | null | undefined): string | null {
  return ref?.startsWith('contact:') ? ref.slice('contact:'.length) : null;
}

export function slackActor(userId: string): `slack:${string}` {
  return `slack:${userId}`;
}

export function apiActor(apiKeyId: string): `api:${string}` {
  return `api:${apiKeyId}`;
}

/** Work nobody asked for in person: automations, providers' reports, the CLI. */
export const systemActor: Actor = 'system';
