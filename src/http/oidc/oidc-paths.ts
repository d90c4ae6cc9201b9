/** Paths oidc-provider answers; everything else under /oidc is ours (interactions, app launch). */
export const providerRoutes = {
  authorization: '/oidc/auth',
  token: '/oidc/token',
  userinfo: '/oidc/me',
  jwks: '/oidc/jwks',
  end_session: '/oidc/session/end',
  revocation: '/oidc/token/revocation',
  introspection: '/oidc/token/introspection',
};

const discoveryPath = '/.well-known/openid-configuration';

export function isProviderPath(path: string): boolean {
  return (
    path === discoveryPath ||
    Object.values(providerRoutes).some((route) => path === route || path.startsWith(`${route}/`))
  );
}

/**
 * Every OpenID Connect path, the provider's and ours. They belong to a portal
 * like its sign-in pages do: the portal resolver finds their account by Host
 * or by the `/a/<slug>` prefix (src/http/portal/resolve-portal-account.ts).
 */
export function isOidcPath(path: string): boolean {
  return path === discoveryPath || path === '/oidc' || path.startsWith('/oidc/');
}
