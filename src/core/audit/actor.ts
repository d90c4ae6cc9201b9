import { invalidInput } from '../shared/errors.ts';

/** Who did something: a Slack user, an API key, a contact themselves, or the system. */
export type Actor = `slack:${string}` | `api:${string}` | `contact:${string}` | 'system';

const actorPattern = /^(?:slack:[A-Z0-9]+|api:[\w-]+|contact:[\w-]+|system)$/;

export function assertActor(actor: string): asserts actor is Actor {
  if (!actorPattern.test(actor)) throw invalidInput(`unknown actor "${actor}": expected slack:U…, api:<key id>, contact:<id> or system`);
}
