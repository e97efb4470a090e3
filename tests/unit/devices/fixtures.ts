/** Shared helpers for the device-service tests: a usable session for alice on the loopback sandbox. */
import type { Session } from '../../../utils/session/types';

export const NOW = Date.UTC(2026, 10, 26, 12);
export const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU';

/** An active, verified session with the device scope, valid for an hour from NOW; `patch` overrides. */
export function deviceSession(patch: Partial<Session> = {}, username = 'alice'): Session {
  return {
    id: 's1',
    source: 'paste',
    clientId: 'client1',
    username,
    poolId: 'us-east-1_Demo1',
    region: 'us-east-1',
    issuer: 'http://127.0.0.1:9/us-east-1_Demo1',
    endpoint: 'http://127.0.0.1:9/',
    tokens: { accessToken: TOKEN },
    deviceKey: 'us-east-1_current',
    clockDriftSec: 0,
    claims: {
      sub: 'sub-1',
      username,
      clientId: 'client1',
      issuer: 'http://127.0.0.1:9/us-east-1_Demo1',
      poolId: 'us-east-1_Demo1',
      groups: [],
      scopes: ['aws.cognito.signin.user.admin'],
      expiresAt: NOW / 1000 + 3600,
    },
    verification: { state: 'verified' },
    status: { state: 'active' },
    importedAt: NOW,
    ...patch,
  };
}
