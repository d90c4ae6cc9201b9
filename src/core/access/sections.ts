/**
 * Portal sections and the fixed paths they live at. A link carries a section
 * name, never a URL: the redirect after sign-in is always one of these paths.
 */
export const sections = ['portal', 'courses', 'communities', 'affiliates'] as const;
export type Section = (typeof sections)[number];

export const grantKinds = ['course', 'community', 'affiliate'] as const;
export type GrantKind = (typeof grantKinds)[number];

export const sectionOfKind: Record<GrantKind, Section> = {
  course: 'courses',
  community: 'communities',
  affiliate: 'affiliates',
};

export function isSection(value: string): value is Section {
  return (sections as readonly string[]).includes(value);
}

export function isGrantKind(value: string): value is GrantKind {
  return (grantKinds as readonly string[]).includes(value);
}

/** Accepts singular or plural ("course", "courses"), any case. */
export function parseSection(value: string): Section | undefined {
  const word = value.trim().toLowerCase();
  if (isSection(word)) return word;
  if (isGrantKind(word)) return sectionOfKind[word];
  if (word === 'affiliate' || word === 'all' || word === 'home') return word === 'affiliate' ? 'affiliates' : 'portal';
  return undefined;
}

export function parseGrantKind(value: string): GrantKind | undefined {
  const word = value.trim().toLowerCase();
  if (isGrantKind(word)) return word;
  const singular = (Object.entries(sectionOfKind) as Array<[GrantKind, Section]>).find(
    ([, section]) => section === word,
  );
  return singular?.[0];
}

/** Stable key for a course or community name ("Intro to SEO" -> "intro-to-seo"). */
export function resourceKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/** The path a section (and optionally one resource in it) lives at on the portal. */
export function sectionPath(section: Section, resourceId?: string | null): string {
  const base = section === 'portal' ? '/portal' : `/portal/${section}`;
  return resourceId && section !== 'portal' && section !== 'affiliates'
    ? `${base}/${encodeURIComponent(resourceId)}`
    : base;
}
