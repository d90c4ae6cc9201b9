/**
 * Pages, forms and redirects write root-relative paths (`/login`,
 * `/portal/courses`). A portal served under `/a/<slug>` rewrites them where
 * they leave the service, in two places only: the HTML of `deps.page` and
 * `res.location` (every redirect goes through it). Only attributes the page
 * templates write are touched; text typed by people is escaped by `html`, so
 * it cannot contain a raw `href="/`.
 */
import type { Response } from 'express';

const rootPathAttribute = /\b(href|action|formaction)="\/(?!\/)/g;

/** A root-relative path under the prefix; absolute URLs and protocol-relative ones stay as they are. */
export function underPrefix(base: string, path: string): string {
  return base && path.startsWith('/') && !path.startsWith('//') ? `${base}${path}` : path;
}

export function prefixMarkup(html: string, base: string): string {
  return base ? html.replace(rootPathAttribute, (_match, attribute: string) => `${attribute}="${base}/`) : html;
}

/** Makes this answer's redirects (`res.redirect`, `res.location`) stay under the prefix. */
export function keepRedirectsUnder(res: Response, base: string): void {
  if (!base) return;
  const location = res.location.bind(res);
  res.location = (url: string) => location(underPrefix(base, url));
}
