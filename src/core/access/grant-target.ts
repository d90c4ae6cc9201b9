import { cleanText } from '../shared/free-text.ts';
import { invalidInput } from '../shared/errors.ts';
import { parseGrantKind, resourceKey, type GrantKind } from './sections.ts';

export interface GrantTarget {
  kind: GrantKind;
  resourceId: string;
  resourceName: string;
}

/** Validates what is being granted: courses and communities need a name, the affiliate area has none. */
export function parseGrantTarget(kindInput: string, resourceName?: string): GrantTarget {
  const kind = parseGrantKind(kindInput);
  if (!kind) throw invalidInput(`"${kindInput}" is not something to grant: use course, community or affiliate`);
  if (kind === 'affiliate') return { kind, resourceId: '', resourceName: 'Affiliate area' };
  const name = cleanText(resourceName, { field: `${kind} name`, max: 120 }) ?? '';
  if (name === '') throw invalidInput(`a ${kind} needs a name, e.g. "${kind} Intro to SEO"`);
  const resourceId = resourceKey(name);
  if (resourceId === '') throw invalidInput(`"${name}" has no letters or digits to name a ${kind} by`);
  return { kind, resourceId, resourceName: name };
}
