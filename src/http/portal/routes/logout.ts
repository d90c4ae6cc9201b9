import type { Router } from 'express';
import type { PortalDeps } from '../portal-deps.ts';
import { csrfFailedBody } from '../pages/simple-pages.ts';

/** POST /logout: ends this browser's session (CSRF-protected, so no page can sign a visitor out). */
export function registerLogout(router: Router, deps: PortalDeps): void {
  router.post('/logout', async (req, res) => {
    if (!deps.csrf.verify(req)) return deps.page(req, res, 403, 'Please try again', csrfFailedBody());
    await deps.sessions.signOut(req, res);
    res.redirect(303, '/login?signed-out');
  });
}
