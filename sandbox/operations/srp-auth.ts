/**
 * SRP sign-in as Cognito runs it, and as amazon-cognito-identity-js and
 * Amplify v6 drive it:
 *
 *   InitiateAuth USER_SRP_AUTH (USERNAME, SRP_A[, DEVICE_KEY])
 *     → PASSWORD_VERIFIER (SALT, SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP, USERNAME)
 *   RespondToAuthChallenge PASSWORD_VERIFIER (PASSWORD_CLAIM_SIGNATURE,
 *     PASSWORD_CLAIM_SECRET_BLOCK, TIMESTAMP[, DEVICE_KEY])
 *     → tokens (+ NewDeviceMetadata), or DEVICE_SRP_AUTH for a confirmed device
 *   RespondToAuthChallenge DEVICE_SRP_AUTH (USERNAME, SRP_A, DEVICE_KEY)
 *     → DEVICE_PASSWORD_VERIFIER (SRP_B, SALT, SECRET_BLOCK, USERNAME)
 *   RespondToAuthChallenge DEVICE_PASSWORD_VERIFIER → tokens bound to the device.
 *
 * Sessions are single-use and expire after the client's AuthSessionValidity
 * (3 minutes by default). A DEVICE_KEY the user no longer has gets
 * ResourceNotFoundException "Device does not exist." and leaves the
 * PASSWORD_VERIFIER session open: both clients then repeat the same answer
 * without the key (identity-js CognitoUser.authenticateUserDefaultAuth,
 * Amplify retryOnResourceNotFoundException).
 */
import { randomBytes } from 'node:crypto';
import type { SeedClient } from '../seed';
import {
  claimMatches,
  paddedHex,
  parseClientPublic,
  parseSrpTimestamp,
  passwordVerifier,
  serverEphemeral,
} from '../srp';
import type { ChallengeRecord, PoolRecord, UserRecord } from '../state';
import { assertUserUsable } from '../tokens';
import { errors } from '../wire';
import {
  authParameter,
  checkSecretHash,
  clientOf,
  completeSignIn,
  requireAuthParameter,
  requireFlow,
  seededChallenge,
} from './auth';
import { deviceNotFound, type OperationContext, type OperationHandler, type OperationInput } from './context';

/** Default AuthSessionValidity of an app client, in minutes. */
const DEFAULT_SESSION_MINUTES = 3;
/** How far a TIMESTAMP may be from the server clock. Cognito's own window is not documented. */
export const TIMESTAMP_SKEW_MS = 5 * 60 * 1000;

const RESPONSES = 'ChallengeResponses';

/** The pool name in SRP: the part of the pool id after "_" (`us-east-1_Demo1` → `Demo1`). */
const srpPoolName = (pool: PoolRecord) => pool.id.slice(pool.id.indexOf('_') + 1);

function userVerifier(pool: PoolRecord, user: UserRecord): bigint {
  user.srpVerifier ??= passwordVerifier(user.srpSalt, srpPoolName(pool), user.username, user.password);
  return user.srpVerifier;
}

function openChallenge(
  ctx: OperationContext,
  client: SeedClient,
  record: Omit<ChallengeRecord, 'expiresAt' | 'clientId'>,
): string {
  const session = randomBytes(96).toString('base64url');
  const minutes = client.authSessionValidity ?? DEFAULT_SESSION_MINUTES;
  ctx.state.challenges.set(session, { ...record, clientId: client.id, expiresAt: ctx.now() + minutes * 60 });
  return session;
}

function srpValues(input: OperationInput, member: string, verifier: bigint, poolName: string, user: string) {
  const A = parseClientPublic(requireAuthParameter(input, 'SRP_A', member));
  if (A === undefined) throw errors.invalidParameter('SRP_A is not a valid SRP public value.');
  const ephemeral = serverEphemeral(verifier);
  return { A, ...ephemeral, verifier, poolName, user, secretBlock: randomBytes(64).toString('base64') };
}

/** InitiateAuth USER_SRP_AUTH: answers the PASSWORD_VERIFIER challenge. */
export async function startSrpSignIn(
  input: OperationInput,
  ctx: OperationContext,
  pool: PoolRecord,
  client: SeedClient,
) {
  requireFlow(client, 'ALLOW_USER_SRP_AUTH', 'USER_SRP_AUTH');
  const username = requireAuthParameter(input, 'USERNAME');
  checkSecretHash(client, authParameter(input, 'SECRET_HASH'), username);
  const user = pool.users.get(username);
  if (!user) throw errors.userNotFound();
  const srp = srpValues(input, 'AuthParameters', userVerifier(pool, user), srpPoolName(pool), user.username);
  const Session = openChallenge(ctx, client, {
    name: 'PASSWORD_VERIFIER',
    poolId: pool.id,
    username: user.username,
    srp,
  });
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    Session,
    ChallengeParameters: {
      SALT: user.srpSalt,
      SECRET_BLOCK: srp.secretBlock,
      SRP_B: srp.B.toString(16),
      USERNAME: user.username,
      USER_ID_FOR_SRP: user.username,
    },
  };
}

/** The open challenge behind `Session`, for this client and challenge name. */
function takeChallenge(ctx: OperationContext, input: OperationInput, clientId: string): ChallengeRecord {
  const token = typeof input.Session === 'string' ? input.Session : undefined;
  const challenge = token ? ctx.state.challenges.get(token) : undefined;
  // Messages seen from Cognito in public reports; not verified against the live service.
  if (!challenge || challenge.clientId !== clientId) throw errors.notAuthorized('Invalid session for the user.');
  if (ctx.now() > challenge.expiresAt) {
    ctx.state.challenges.delete(token as string);
    throw errors.notAuthorized('Invalid session for the user, session is expired.');
  }
  if (challenge.name !== input.ChallengeName) {
    throw errors.invalidParameter(`Expected a response to ${challenge.name}, got ${String(input.ChallengeName)}.`);
  }
  return challenge;
}

/** Checks PASSWORD_CLAIM_SECRET_BLOCK, TIMESTAMP and PASSWORD_CLAIM_SIGNATURE; closes the session when they fail. */
function verifyClaim(ctx: OperationContext, input: OperationInput, challenge: ChallengeRecord): void {
  const srp = challenge.srp;
  const secretBlock = requireAuthParameter(input, 'PASSWORD_CLAIM_SECRET_BLOCK', RESPONSES);
  const timestamp = requireAuthParameter(input, 'TIMESTAMP', RESPONSES);
  const signature = requireAuthParameter(input, 'PASSWORD_CLAIM_SIGNATURE', RESPONSES);
  const close = () => ctx.state.challenges.delete(input.Session as string);
  if (!srp || secretBlock !== srp.secretBlock) {
    close();
    throw errors.notAuthorized('Invalid PASSWORD_CLAIM_SECRET_BLOCK.');
  }
  const at = parseSrpTimestamp(timestamp);
  if (at === undefined) throw errors.invalidParameter('TIMESTAMP must look like "Wed Dec 2 13:05:09 UTC 2026".');
  if (Math.abs(at - ctx.now() * 1000) > TIMESTAMP_SKEW_MS) {
    close();
    throw errors.notAuthorized('TIMESTAMP is too far from the current time.');
  }
  if (!claimMatches({ ...srp, ephemeral: srp, timestamp }, signature)) {
    close();
    throw errors.notAuthorized('Incorrect username or password.');
  }
}

function challengeUser(ctx: OperationContext, challenge: ChallengeRecord) {
  const pool = ctx.state.pools.get(challenge.poolId);
  const user = pool?.users.get(challenge.username);
  if (!pool || !user) throw errors.userNotFound();
  return { pool, user };
}

export const srpOperations: Record<string, OperationHandler> = {
  async RespondToAuthChallenge(input, ctx) {
    const { client } = clientOf(ctx, input.ClientId as string);
    const challenge = takeChallenge(ctx, input, client.id);
    const session = input.Session as string;
    const { pool, user } = challengeUser(ctx, challenge);
    checkSecretHash(client, authParameter(input, 'SECRET_HASH', RESPONSES), user.username, user.sub);

    if (challenge.name === 'PASSWORD_VERIFIER') {
      verifyClaim(ctx, input, challenge);
      assertUserUsable(user);
      const deviceKey = authParameter(input, 'DEVICE_KEY', RESPONSES);
      const device = deviceKey === undefined ? undefined : user.devices.get(deviceKey);
      // Leave the session open: the clients answer again, without the key.
      if (deviceKey !== undefined && !device) throw deviceNotFound();
      ctx.state.challenges.delete(session);
      if (user.challenge) return seededChallenge(user);
      if (device?.secretVerifier) {
        const next = openChallenge(ctx, client, {
          name: 'DEVICE_SRP_AUTH',
          poolId: pool.id,
          username: user.username,
          deviceKey: device.key,
        });
        return { ChallengeName: 'DEVICE_SRP_AUTH', Session: next, ChallengeParameters: {} };
      }
      return completeSignIn(ctx, pool, user, client, device?.key);
    }

    const deviceKey = requireAuthParameter(input, 'DEVICE_KEY', RESPONSES);
    const device = user.devices.get(deviceKey);
    if (deviceKey !== challenge.deviceKey || !device?.secretVerifier || !device.groupKey) {
      ctx.state.challenges.delete(session);
      throw deviceNotFound();
    }
    if (challenge.name === 'DEVICE_SRP_AUTH') {
      const { saltHex, verifier } = device.secretVerifier;
      const srp = srpValues(input, RESPONSES, verifier, device.groupKey, device.key);
      ctx.state.challenges.delete(session);
      const next = openChallenge(ctx, client, {
        name: 'DEVICE_PASSWORD_VERIFIER',
        poolId: pool.id,
        username: user.username,
        deviceKey,
        srp,
      });
      return {
        ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
        Session: next,
        ChallengeParameters: {
          SALT: paddedHex(BigInt(`0x${saltHex}`)),
          SECRET_BLOCK: srp.secretBlock,
          SRP_B: srp.B.toString(16),
          USERNAME: user.username,
        },
      };
    }
    if (challenge.name === 'DEVICE_PASSWORD_VERIFIER') {
      verifyClaim(ctx, input, challenge);
      assertUserUsable(user);
      ctx.state.challenges.delete(session);
      return completeSignIn(ctx, pool, user, client, deviceKey);
    }
    throw errors.invalidParameter(`${challenge.name} is not supported by the sandbox`);
  },
};
