/** An app people sign in to with Portal Desk (an OpenID Connect client). Never carries its secret. */
export interface App {
  /** Also the OpenID Connect client_id. */
  id: string;
  accountId: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  isPublic: boolean;
  tokenAuthMethod: 'client_secret_basic' | 'client_secret_post' | 'none';
  /** "course:*", "community:Founders"… or null: anyone in the account may sign in. */
  requires: string | null;
  loginUrl: string | null;
  returnParam: string;
  subjectType: 'pairwise' | 'public';
  refreshTokens: boolean;
  backchannelLogoutUri: string | null;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface AppRow {
  id: string;
  accountId: string;
  name: string;
  redirectUris: string;
  postLogoutRedirectUris: string;
  isPublic: boolean;
  tokenAuthMethod: string;
  requires: string | null;
  loginUrl: string | null;
  returnParam: string;
  subjectType: string;
  refreshTokens: boolean;
  backchannelLogoutUri: string | null;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export function toApp(row: AppRow): App {
  return {
    id: row.id,
    accountId: row.accountId,
    name: row.name,
    redirectUris: JSON.parse(row.redirectUris) as string[],
    postLogoutRedirectUris: JSON.parse(row.postLogoutRedirectUris) as string[],
    isPublic: row.isPublic,
    tokenAuthMethod: row.isPublic
      ? 'none'
      : row.tokenAuthMethod === 'client_secret_post'
        ? 'client_secret_post'
        : 'client_secret_basic',
    requires: row.requires,
    loginUrl: row.loginUrl,
    returnParam: row.returnParam,
    subjectType: row.subjectType === 'public' ? 'public' : 'pairwise',
    refreshTokens: row.refreshTokens,
    backchannelLogoutUri: row.backchannelLogoutUri,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  };
}
