/**
 * Deterministic large seeds for scale tests and benchmarks: `users` users in
 * one pool, `devicesPerUser` devices each in mixed states, the demo's client
 * and IAM key. Same arguments, same seed (keys and dates derive from indexes).
 */
import { createHash } from 'node:crypto';
import type { SeedFile } from './seed';

/** A UUID-shaped string derived from `text` (not random, so seeds are reproducible). */
function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Builds a seed with one pool `us-east-1_Scale1`; usernames are `user00001`…, emails `user00001@example.com`. */
export function generateSeed(options: { users: number; devicesPerUser: number; poolId?: string }): SeedFile {
  const poolId = options.poolId ?? 'us-east-1_Scale1';
  const base = 1740000000;
  const users = Array.from({ length: options.users }, (_, i) => {
    const username = `user${String(i + 1).padStart(5, '0')}`;
    return {
      username,
      password: `Pw-${username}-1!`,
      status: 'CONFIRMED' as const,
      attributes: { email: `${username}@example.com`, email_verified: 'true' },
      devices: Array.from({ length: options.devicesPerUser }, (_, d) => ({
        key: `us-east-1_${uuidFrom(`${poolId}/${username}/${d}`)}`,
        name: `Device ${d + 1} of ${username}`,
        remembered: (i + d) % 3 !== 0,
        lastIp: `198.51.100.${(i + d) % 250}`,
        createdAt: base + i * 60 + d,
        lastModifiedAt: base + i * 60 + d + 3600,
        lastAuthenticatedAt: (i + d) % 5 === 0 ? null : base + i * 60 + d + 7200,
      })),
    };
  });
  return {
    iam: [{ accessKeyId: 'AKIASANDBOXSCALE0001', secretAccessKey: 'sandboxScaleSecretKey000000000000000000000' }],
    pools: [
      {
        id: poolId,
        name: 'Scale pool',
        deviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: true },
        clients: [
          {
            id: '5sandboxscaleclient000001',
            name: 'Scale client',
            allowedScopes: ['aws.cognito.signin.user.admin'],
            authFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'],
          },
        ],
        users,
      },
    ],
  };
}
