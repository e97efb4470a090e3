/**
 * The client half of Cognito's SRP, for driving USER_SRP_AUTH and device SRP
 * through the AWS SDK v3 in tests: A = g^a, S = (B − k·g^x)^(a + u·x), the
 * HKDF key and PASSWORD_CLAIM_SIGNATURE. It computes S the client's way, not
 * the server's, so a wrong server formula cannot agree with it by
 * construction; the real clients (tests/integration/real-clients/) check the
 * rest. Also makes a device's DeviceSecretVerifierConfig as the clients do.
 */
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { formatSrpTimestamp, g, modPow, N, paddedHex } from '../../../sandbox/srp';

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hashHex = (hex: string) => sha(Buffer.from(hex, 'hex'));
const big = (hex: string) => BigInt(`0x${hex}`);
const k = big(hashHex(paddedHex(N) + paddedHex(g)));
const mod = (n: bigint) => ((n % N) + N) % N;

/** A client's ephemeral pair for one SRP exchange. */
export function clientEphemeral() {
  const a = big(randomBytes(128).toString('hex'));
  return { a, A: modPow(g, a, N) };
}

/** The PASSWORD_CLAIM_* answer to a PASSWORD_VERIFIER / DEVICE_PASSWORD_VERIFIER challenge. */
export function claim(options: {
  a: bigint;
  A: bigint;
  B: string;
  salt: string;
  secretBlock: string;
  poolName: string;
  user: string;
  password: string;
  timestampMs?: number;
}) {
  const B = big(options.B);
  const u = big(hashHex(paddedHex(options.A) + paddedHex(B)));
  const x = big(hashHex(paddedHex(big(options.salt)) + sha(`${options.poolName}${options.user}:${options.password}`)));
  const S = modPow(mod(B - k * modPow(g, x, N)), options.a + u * x, N);
  const key = Buffer.from(
    hkdfSync('sha256', Buffer.from(paddedHex(S), 'hex'), Buffer.from(paddedHex(u), 'hex'), 'Caldera Derived Key', 16),
  );
  const timestamp = formatSrpTimestamp(options.timestampMs ?? Date.now());
  const signature = createHmac('sha256', key)
    .update(
      Buffer.concat([
        Buffer.from(options.poolName),
        Buffer.from(options.user),
        Buffer.from(options.secretBlock, 'base64'),
        Buffer.from(timestamp),
      ]),
    )
    .digest('base64');
  return {
    PASSWORD_CLAIM_SECRET_BLOCK: options.secretBlock,
    PASSWORD_CLAIM_SIGNATURE: signature,
    TIMESTAMP: timestamp,
  };
}

/** A device secret and its DeviceSecretVerifierConfig (salt + verifier of H(groupKey ‖ deviceKey ‖ ":" ‖ secret)). */
export function deviceVerifier(groupKey: string, deviceKey: string) {
  const secret = randomBytes(30).toString('base64');
  const saltHex = paddedHex(big(randomBytes(16).toString('hex')));
  const x = big(hashHex(saltHex + sha(`${groupKey}${deviceKey}:${secret}`)));
  const verifier = paddedHex(modPow(g, x, N));
  return {
    secret,
    config: {
      PasswordVerifier: Buffer.from(verifier, 'hex').toString('base64'),
      Salt: Buffer.from(saltHex, 'hex').toString('base64'),
    },
  };
}
