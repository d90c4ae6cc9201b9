import { invalidInput } from '../shared/errors.ts';
import { parseGrantKind } from '../access/sections.ts';
import type { ListContactsOptions } from './list-contacts.ts';

export type ContactFilter = Pick<
  ListContactsOptions,
  'status' | 'neverActivated' | 'invitedBefore' | 'grantKind' | 'resourceName'
>;

const statusWords = ['invited', 'active', 'deactivated'] as const;
const DAY_MS = 86_400_000;

/**
 * The words of `/portal list` and `portal-desk list|export`:
 * `[invited|active|deactivated|never-active [days]] [grant kind[:name]]`.
 * `never-active 7`: invited over 7 days ago and never signed in.
 * @throws AppError invalid_input naming the word it could not read
 */
export function parseContactFilter(words: string[], now: Date): ContactFilter {
  const filter: ContactFilter = {};
  const rest = [...words];
  while (rest.length > 0) {
    const word = rest.shift()!;
    const lower = word.toLowerCase();
    if ((statusWords as readonly string[]).includes(lower)) {
      if (filter.status || filter.neverActivated)
        throw invalidInput(`choose one status: "${word}" comes after another`);
      filter.status = lower as ContactFilter['status'];
    } else if (lower === 'never-active' || lower === 'never_active' || lower === 'neveractive') {
      if (filter.status || filter.neverActivated)
        throw invalidInput(`choose one status: "${word}" comes after another`);
      filter.neverActivated = true;
      if (rest[0] && /^\d+$/.test(rest[0])) {
        const days = Number(rest.shift());
        if (days > 3650) throw invalidInput('never-active days: at most 3650');
        filter.status = 'invited';
        filter.invitedBefore = new Date(now.getTime() - days * DAY_MS);
      }
    } else if (lower === 'grant' || lower === '--grant') {
      const target = rest.shift();
      if (!target)
        throw invalidInput(
          'grant needs a kind: grant course:"Intro to SEO", grant community:Founders or grant affiliate',
        );
      // A course name may have spaces: everything up to the end is the name.
      const [kind, ...name] = [target, ...rest.splice(0)].join(' ').split(':');
      if (!parseGrantKind(kind!.trim()))
        throw invalidInput(`"${kind}" is not something granted: use course, community or affiliate`);
      filter.grantKind = parseGrantKind(kind!.trim());
      const resourceName = name.join(':').trim().replace(/^"|"$/g, '');
      if (resourceName) filter.resourceName = resourceName;
    } else {
      throw invalidInput(
        `"${word}" is not a list filter: use invited, active, deactivated, never-active [days], grant kind:name`,
      );
    }
  }
  return filter;
}
