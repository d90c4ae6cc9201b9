import type { PortalAccess } from './contact-claims.ts';

/**
 * Whether a contact's grants meet an app's requirement: "course:*" is any
 * course, "community:Founders" that community by name or id (any case).
 */
export function meetsRequirement(requires: string | null, access: PortalAccess[]): boolean {
  if (!requires) return true;
  const [kind, wanted = '*'] = requires.split(/:(.*)/s, 2) as [string, string?];
  const target = wanted.trim().toLowerCase();
  return access.some(
    (grant) =>
      grant.kind === kind &&
      (target === '*' || grant.resource_name.toLowerCase() === target || grant.resource_id.toLowerCase() === target),
  );
}
