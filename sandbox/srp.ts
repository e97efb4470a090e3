/**
 * The server half of Cognito's SRP-6a, as amazon-cognito-identity-js
 * (AuthenticationHelper) and Amplify v6 (`utils/srp`) expect it: the 3072-bit
 * group of RFC 5054 / RFC 3526 with g = 2, k = H(N ‖ g), SHA-256 over
 * two's-complement ("padded") hex, x = H(salt ‖ H(poolName ‖ user ‖ ":" ‖ password)),
 * the session key = HKDF-SHA256(ikm = S, salt = u, info "Caldera Derived Key", 16 bytes),
 * and the claim = base64(HMAC-SHA256(key, poolName ‖ user ‖ SECRET_BLOCK ‖ TIMESTAMP)).
 * The same math verifies devices, with the device group key as the pool name
 * and the device key as the user. Native BigInt and node:crypto only; the
 * modular exponentiations mod N run in OpenSSL through node:crypto's
 * Diffie-Hellman (X^e mod N is what computeSecret does with private key e),
 * about four times faster than BigInt.
 */
import {
  createDiffieHellman,
  createHash,
  createHmac,
  getDiffieHellman,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/** RFC 3526 group 15 (3072-bit MODP), the group Cognito uses. */
export const N = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
export const g = 2n;

/** Hex of a non-negative integer as Java's BigInteger.toByteArray() has it: even length, a 00 byte when the top bit is set. */
export function paddedHex(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();
/** SHA-256 of the bytes a hex string stands for, as a 64-digit hex string. */
const hashHex = (hex: string) => sha256(Buffer.from(hex, 'hex')).toString('hex');
const toBig = (hex: string) => BigInt(`0x${hex}`);

/** (base ^ exp) mod m, square and multiply over native BigInt. */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let result = 1n;
  let b = base % m;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result;
}

const k = toBig(hashHex(`${paddedHex(N)}${paddedHex(g)}`));

/** One Diffie-Hellman context over N (RFC 3526's modp15 is exactly Cognito's group), reused for every power. */
const dh = createDiffieHellman(getDiffieHellman('modp15').getPrime(), Buffer.from([2]));
const bytesOf = (n: bigint) => Buffer.from(paddedHex(n), 'hex');

/** (base ^ exp) mod N: OpenSSL for 1 < base < N − 1 (the range computeSecret accepts), BigInt otherwise. */
export function modPowN(base: bigint, exp: bigint): bigint {
  const b = base % N;
  if (b <= 1n || b >= N - 1n || exp <= 0n) return modPow(b, exp, N);
  dh.setPrivateKey(bytesOf(exp));
  return toBig(dh.computeSecret(bytesOf(b)).toString('hex'));
}

/** x = H(salt ‖ H(poolName ‖ user ‖ ":" ‖ password)). */
function privateKey(saltHex: string, poolName: string, user: string, password: string): bigint {
  const inner = sha256(`${poolName}${user}:${password}`).toString('hex');
  return toBig(hashHex(paddedHex(toBig(saltHex)) + inner));
}

/** The verifier g^x mod N of a user's password (or a device's secret). */
export function passwordVerifier(saltHex: string, poolName: string, user: string, password: string): bigint {
  return modPowN(g, privateKey(saltHex, poolName, user, password));
}

/** A fresh random salt as hex (16 bytes, as the clients make for devices). */
export const newSaltHex = () => randomBytes(16).toString('hex');

/** The server's ephemeral values for one challenge. */
export interface ServerEphemeral {
  b: bigint;
  B: bigint;
}

/** B = k·v + g^b mod N, with b random (never 0 mod N). */
export function serverEphemeral(verifier: bigint): ServerEphemeral {
  for (;;) {
    const b = toBig(randomBytes(32).toString('hex'));
    const B = (k * verifier + modPowN(g, b)) % N;
    if (B !== 0n) return { b, B };
  }
}

/** Parses a client's SRP_A (hex); undefined when it is not a valid public value (A mod N = 0 is refused, RFC 5054 §2.5.4). */
export function parseClientPublic(hex: string): bigint | undefined {
  if (!/^[0-9a-fA-F]{1,2048}$/.test(hex)) return undefined;
  const A = toBig(hex);
  return A % N === 0n ? undefined : A;
}

/** What the server needs to check a PASSWORD_CLAIM_SIGNATURE. */
export interface ClaimCheck {
  A: bigint;
  ephemeral: ServerEphemeral;
  verifier: bigint;
  /** The user pool name (the part of the pool id after "_"), or the device group key. */
  poolName: string;
  /** USER_ID_FOR_SRP, or the device key. */
  user: string;
  secretBlock: string;
  timestamp: string;
}

/** The signature a client holding the right password would send. */
export function expectedClaim(c: ClaimCheck): Buffer {
  const u = toBig(hashHex(paddedHex(c.A) + paddedHex(c.ephemeral.B)));
  const S = modPowN(c.A * modPowN(c.verifier, u), c.ephemeral.b);
  const key = Buffer.from(
    hkdfSync('sha256', Buffer.from(paddedHex(S), 'hex'), Buffer.from(paddedHex(u), 'hex'), 'Caldera Derived Key', 16),
  );
  return createHmac('sha256', key)
    .update(
      Buffer.concat([
        Buffer.from(c.poolName, 'utf8'),
        Buffer.from(c.user, 'utf8'),
        Buffer.from(c.secretBlock, 'base64'),
        Buffer.from(c.timestamp, 'utf8'),
      ]),
    )
    .digest();
}

/** True when `signature` (base64) is the claim of `c`, compared in constant time. */
export function claimMatches(c: ClaimCheck, signature: string): boolean {
  const expected = expectedClaim(c);
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Parses the clients' TIMESTAMP, "ddd MMM D HH:mm:ss UTC YYYY" (e.g.
 * "Wed Dec 2 13:05:09 UTC 2026"), to epoch milliseconds; undefined when malformed.
 */
export function parseSrpTimestamp(text: string): number | undefined {
  const m = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})$/.exec(text);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2] ?? '');
  if (month < 0) return undefined;
  const ms = Date.UTC(Number(m[7]), month, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(ms) ? undefined : ms;
}

/** Formats epoch milliseconds the way the clients write TIMESTAMP. */
export function formatSrpTimestamp(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  return `${day} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}
