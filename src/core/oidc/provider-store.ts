import type { Core } from '../core.ts';

/** What oidc-provider hands its adapter to keep (sessions, grants, codes, tokens…). */
export type ProviderPayload = Record<string, unknown> & {
  grantId?: string;
  userCode?: string;
  uid?: string;
  accountId?: string;
  consumed?: number;
};

/**
 * The persistence behind the oidc-provider adapter (src/http/oidc/prisma-adapter.ts):
 * one table for every model, so every instance on the same database sees the
 * same sessions, codes and tokens. Expired rows are never returned; they are
 * swept by `sweepExpired`.
 */
export function providerStore(core: Core, model: string) {
  const key = (id: string) => `${model}:${id}`;
  const live = () => ({ OR: [{ expiresAt: null }, { expiresAt: { gt: core.now() } }] });
  const open = (row: { payload: string; consumedAt: Date | null } | null): ProviderPayload | undefined => {
    if (!row) return undefined;
    const payload = JSON.parse(row.payload) as ProviderPayload;
    // Consumption is a column so that two instances redeeming one code race on one row.
    if (row.consumedAt) payload.consumed = Math.floor(row.consumedAt.getTime() / 1000);
    return payload;
  };
  return {
    async upsert(id: string, payload: ProviderPayload, expiresInSeconds?: number): Promise<void> {
      const expiresAt = expiresInSeconds ? new Date(core.now().getTime() + expiresInSeconds * 1000) : null;
      const data = {
        model,
        payload: JSON.stringify(payload),
        grantId: payload.grantId ?? null,
        userCode: payload.userCode ?? null,
        uid: payload.uid ?? null,
        // Sessions and grants name the contact as accountId (oidc-provider's word for the end user).
        contactId: typeof payload.accountId === 'string' ? payload.accountId : null,
        expiresAt,
      };
      await core.db.oidcPayload.upsert({ where: { id: key(id) }, create: { id: key(id), ...data }, update: data });
    },
    async find(id: string): Promise<ProviderPayload | undefined> {
      return open(await core.db.oidcPayload.findFirst({ where: { id: key(id), ...live() } }));
    },
    async findByUid(uid: string): Promise<ProviderPayload | undefined> {
      return open(await core.db.oidcPayload.findFirst({ where: { model, uid, ...live() } }));
    },
    async findByUserCode(userCode: string): Promise<ProviderPayload | undefined> {
      return open(await core.db.oidcPayload.findFirst({ where: { model, userCode, ...live() } }));
    },
    async consume(id: string): Promise<void> {
      await core.db.oidcPayload.updateMany({
        where: { id: key(id), consumedAt: null },
        data: { consumedAt: core.now() },
      });
    },
    async destroy(id: string): Promise<void> {
      await core.db.oidcPayload.deleteMany({ where: { id: key(id) } });
    },
    async revokeByGrantId(grantId: string): Promise<void> {
      await core.db.oidcPayload.deleteMany({ where: { grantId } });
    },
  };
}

/** Deletes provider rows past their expiry; any instance may run it. */
export async function sweepExpired(core: Core): Promise<number> {
  const { count } = await core.db.oidcPayload.deleteMany({ where: { expiresAt: { lt: core.now() } } });
  return count;
}
