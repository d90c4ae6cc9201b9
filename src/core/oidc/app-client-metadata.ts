import type { Core } from '../core.ts';
import { openSecret } from '../events/webhook-secret-box.ts';
import { toApp, type App } from './app-view.ts';

/** OpenID Connect client metadata for oidc-provider; undefined for unknown or revoked apps. */
export async function readAppClientMetadata(
  core: Core,
  options: { clientId: string },
): Promise<{ app: App; metadata: Record<string, unknown> } | undefined> {
  const row = await core.db.oidcApp.findFirst({ where: { id: options.clientId, revokedAt: null } });
  if (!row) return undefined;
  const app = toApp(row);
  const metadata: Record<string, unknown> = {
    client_id: app.id,
    client_name: app.name,
    application_type: 'web',
    redirect_uris: app.redirectUris,
    post_logout_redirect_uris: app.postLogoutRedirectUris,
    response_types: ['code'],
    grant_types: app.refreshTokens ? ['authorization_code', 'refresh_token'] : ['authorization_code'],
    token_endpoint_auth_method: app.isPublic ? 'none' : app.tokenAuthMethod,
    subject_type: app.subjectType,
    // Lets the provider's checks find the app's account without another read.
    portal_account_id: app.accountId,
  };
  if (row.secretSealed) metadata.client_secret = openSecret(core.linkKeys, row.secretSealed);
  if (app.backchannelLogoutUri) {
    metadata.backchannel_logout_uri = app.backchannelLogoutUri;
    metadata.backchannel_logout_session_required = true;
  }
  return { app, metadata };
}
