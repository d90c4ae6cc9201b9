import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AppError } from '../shared/errors.ts';

export interface GoogleIdentity {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

export interface GoogleVerifier {
  verify(idToken: string, expectedNonce: string): Promise<GoogleIdentity>;
}

/** Google signs ID tokens with either spelling of its issuer. */
const issuers = ['https://accounts.google.com', 'accounts.google.com'];

/**
 * Verifies Google ID tokens with `jose`: signature against Google's key set
 * (fetched and cached; tests serve their own), audience = our client id,
 * issuer, expiry (60 s of clock skew) and the nonce we sent.
 * @example createGoogleVerifier({ clientId, jwksUrl: 'https://www.googleapis.com/oauth2/v3/certs' })
 */
export function createGoogleVerifier(options: { clientId: string; jwksUrl: string; now?: () => Date }): GoogleVerifier {
  const keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(options.jwksUrl), {
    timeoutDuration: 5_000,
    cooldownDuration: 30_000,
  });
  return {
    async verify(idToken, expectedNonce) {
      let payload;
      try {
        ({ payload } = await jwtVerify(idToken, keys, {
          audience: options.clientId,
          issuer: issuers,
          algorithms: ['RS256'],
          clockTolerance: 60,
          currentDate: options.now?.(),
          requiredClaims: ['sub', 'exp', 'iat'],
        }));
      } catch {
        throw new AppError('unauthorized', 'Google sign-in could not be verified');
      }
      if (typeof payload.nonce !== 'string' || payload.nonce !== expectedNonce)
        throw new AppError('unauthorized', 'Google sign-in could not be verified');
      return {
        subject: String(payload.sub),
        email: typeof payload.email === 'string' ? payload.email.toLowerCase() : null,
        emailVerified: payload.email_verified === true || payload.email_verified === 'true',
        name: typeof payload.name === 'string' ? payload.name : null,
      };
    },
  };
}
