import { readFileSync } from 'node:fs';
import type { Router } from 'express';
import { fromPackageRoot } from '../../../package-root.ts';

// From the package root: the compiled dist/ has no assets of its own.
const css = readFileSync(fromPackageRoot('src', 'http', 'portal', 'assets', 'portal.css'));

/** GET /portal.css: the one stylesheet (a file, so the CSP needs no inline styles). */
export function registerStylesheet(router: Router): void {
  router.get('/portal.css', (_req, res) => {
    res.set({
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    });
    res.send(css);
  });
}
