import type { Core } from '../../core/core.ts';
import { providerStore, type ProviderPayload } from '../../core/oidc/provider-store.ts';
import { readAppClientMetadata } from '../../core/oidc/app-client-metadata.ts';

/**
 * oidc-provider's adapter interface over core's provider store: one instance
 * per model (Session, Grant, AuthorizationCode, AccessToken, RefreshToken,
 * Interaction…). Clients are not stored here: they are the account's apps,
 * read from their own table, so a revoked app is unknown at once. Each
 * account's provider (its own issuer) finds only that account's apps: another
 * account's client id is unknown there (invalid_client), and a token whose
 * app is another account's is an unknown token. The other models share one
 * store; their ids are random and every one of them leads back to a client.
 */
export function prismaAdapter(core: Core, accountId: string) {
  return class PrismaAdapter {
    private readonly store;
    constructor(private readonly model: string) {
      this.store = providerStore(core, model);
    }
    async upsert(id: string, payload: ProviderPayload, expiresIn?: number) {
      if (this.model === 'Client') return;
      await this.store.upsert(id, payload, expiresIn);
    }
    async find(id: string) {
      if (this.model === 'Client') {
        const found = await readAppClientMetadata(core, { clientId: id });
        return found?.app.accountId === accountId ? found.metadata : undefined;
      }
      return this.store.find(id);
    }
    findByUid(uid: string) {
      return this.store.findByUid(uid);
    }
    findByUserCode(userCode: string) {
      return this.store.findByUserCode(userCode);
    }
    consume(id: string) {
      return this.store.consume(id);
    }
    destroy(id: string) {
      return this.store.destroy(id);
    }
    revokeByGrantId(grantId: string) {
      return this.store.revokeByGrantId(grantId);
    }
  };
}
