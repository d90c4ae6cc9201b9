import type { NextFunction, Request, Response, Router } from 'express';
import { listGrants } from '../../../core/access/list-grants.ts';
import { listGrantUrls } from '../../../core/access/list-grant-urls.ts';
import type { PortalDeps } from '../portal-deps.ts';
import { homeBody, resourceBody, sectionBody, sectionTitles, type ListedSection } from '../pages/portal-pages.ts';
import { notFoundBody } from '../pages/simple-pages.ts';

const listed = Object.keys(sectionTitles) as ListedSection[];

/**
 * The built-in portal: /portal, /portal/<section> and /portal/<section>/<id>,
 * each listing what the signed-in contact was granted. Not signed in: to
 * /login (a fixed path; nothing from the request decides where anyone goes).
 */
export function registerPortalPages(router: Router, deps: PortalDeps): void {
  const signedIn = async (req: Request, res: Response, next: NextFunction) => {
    const session = await deps.sessions.current(req);
    if (!session) return res.redirect(303, '/login?session-ended');
    res.locals.signedInName = session.contact.firstName ?? session.contact.email ?? '';
    next();
  };
  const grantsOf = async (req: Request) => {
    const session = (await deps.sessions.current(req))!;
    return listGrants(deps.core, { accountId: session.accountId, contactId: session.contact.id });
  };

  const urlsOf = async (req: Request) => {
    const session = (await deps.sessions.current(req))!;
    return listGrantUrls(deps.core, { accountId: session.accountId, contactId: session.contact.id });
  };

  router.get('/portal', signedIn, async (req, res) => {
    const session = (await deps.sessions.current(req))!;
    deps.page(req, res, 200, 'Your portal', homeBody({ contact: session.contact, grants: await grantsOf(req) }));
  });

  router.get('/portal/:section', signedIn, async (req, res, next) => {
    const section = String(req.params.section) as ListedSection;
    if (!listed.includes(section)) return next();
    deps.page(
      req,
      res,
      200,
      sectionTitles[section],
      sectionBody({ section, grants: await grantsOf(req), urls: await urlsOf(req) }),
    );
  });

  router.get('/portal/:section/:resourceId', signedIn, async (req, res, next) => {
    const section = String(req.params.section) as ListedSection;
    if (section !== 'courses' && section !== 'communities') return next();
    const kind = section === 'courses' ? 'course' : 'community';
    const grant = (await grantsOf(req)).find((g) => g.kind === kind && g.resourceId === String(req.params.resourceId));
    const url = grant ? (await urlsOf(req)).get(grant.id) : undefined;
    deps.page(
      req,
      res,
      grant ? 200 : 403,
      grant ? grant.resourceName : 'No access yet',
      resourceBody({ section, grant, url }),
    );
  });

  router.get('/portal/*rest', signedIn, (req, res) => deps.page(req, res, 404, 'Not found', notFoundBody()));
}
