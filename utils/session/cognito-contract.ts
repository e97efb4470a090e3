/**
 * The part of utils/cognito's client the session area uses, as the session
 * service sees it (the worker passes the real client; tests pass their own).
 */

/** Tokens as the Cognito client returns them. */
export interface CognitoTokens {
  readonly accessToken: string;
  readonly idToken?: string;
  readonly refreshToken?: string;
  readonly expiresIn?: number;
  readonly tokenType?: string;
}

/** The InitiateAuth result of the Cognito client contract. */
export type InitiateAuthResult =
  | { kind: 'tokens'; tokens: CognitoTokens; newDevice?: { deviceKey: string; deviceGroupKey: string } }
  | { kind: 'challenge'; challengeName: string; session?: string; parameters?: Record<string, string> };

/** The part of utils/cognito's client the session handlers use. */
export interface SessionCognitoClient {
  initiateAuth(
    input:
      | { clientId: string; clientSecret?: string; flow: 'USER_PASSWORD_AUTH'; username: string; password: string }
      | {
          clientId: string;
          clientSecret?: string;
          flow: 'REFRESH_TOKEN_AUTH';
          refreshToken: string;
          deviceKey?: string;
          username?: string;
        },
  ): Promise<InitiateAuthResult>;
  /** Refresh that rotates the refresh token where the app client rotates (never for a borrowed session unasked). */
  getTokensFromRefreshToken(input: {
    clientId: string;
    clientSecret?: string;
    refreshToken: string;
    deviceKey?: string;
  }): Promise<InitiateAuthResult>;
  globalSignOut(input: { accessToken: string }): Promise<unknown>;
  /** RevokeToken: ends a refresh token (and the access tokens issued with it). */
  revokeToken(input: { token: string; clientId: string; clientSecret?: string }): Promise<unknown>;
}
