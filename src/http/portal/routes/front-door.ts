import type { Router } from 'express';
import type { PortalDeps } from '../portal-deps.ts';

/**
 * GET /: the portal when signed in, the sign-in page otherwise (a new user's
 * first click used to get Express's "Cannot GET /"). Fixed paths only.
 */
export function registerFrontDoor(router: Router, deps: PortalDeps): void {
  router.get('/', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.redirect(303, (await deps.sessions.current(req)) ? '/portal' : '/login');
  });
}
