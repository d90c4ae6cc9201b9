import type { Core } from '../../core/core.ts';
import { providerStore, type ProviderPayload } from '../../core/oidc/provider-store.ts';
import { readAppClientMetadata } from '../../core/oidc/app-client-metadata.ts';

/**
 * oidc-provider's adapter interface over core's provider store: one instance
 * per model (Session, Grant, AuthorizationCode, AccessToken, RefreshToken,
 * Interaction…). Clients are not stored here: they are the account's apps,
 * read from their own table, so a revoked app is unknown at once.
 */
export function prismaAdapter(core: Core) {
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
      if (this.model === 'Client') return (await readAppClientMetadata(core, { clientId: id }))?.metadata;
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
