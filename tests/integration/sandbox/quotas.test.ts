/**
 * Quotas as Cognito counts them, over real HTTP with the quota clock held
 * still (no refill, so every count is exact): one user's 10 writes/s and 10
 * reads/s, a category's rate shared by every user and pooled per account and
 * Region across pools (another account has its own), RespondToAuthChallenge's
 * allowance of 3× UserAuthentication, category names and the read / write /
 * auth aliases of `PUT /_sandbox/quotas`, and refill as the clock moves.
 */
import {
  AdminUpdateDeviceStatusCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SeedFile } from '../../../sandbox/seed';
import { generateSeed } from '../../../sandbox/seed-generator';
import { type Sandbox, startSandbox } from '../../../sandbox/server';
import { adminClient, sandboxCall, userClient } from './helpers';

let quotaNow = 0;
let sandbox: Sandbox;
const base = generateSeed({ users: 4, devicesPerUser: 1 });
const IAM = base.iam[0] as SeedFile['iam'][number];
/** Pools A and B belong to one account, C to another; all in us-east-1. */
function seed(): SeedFile {
  const s = structuredClone(base);
  const a = s.pools[0] as SeedFile['pools'][number];
  const b = {
    ...structuredClone(a),
    id: 'us-east-1_SameAcct2',
    clients: [{ ...a.clients[0], id: '5sandboxsameaccount00002' }],
  };
  const c = {
    ...structuredClone(a),
    id: 'us-east-1_OtherAcct3',
    account: '111122223333',
    clients: [{ ...a.clients[0], id: '5sandboxotheraccount0003' }],
  };
  s.pools.push(b as SeedFile['pools'][number], c as SeedFile['pools'][number]);
  return s;
}
const SEED = seed();
const pool = (i: number) => SEED.pools[i] as SeedFile['pools'][number];
const deviceOf = (p: number, u: number) => pool(p).users[u]?.devices?.[0]?.key ?? '';
const usernameOf = (u: number) => pool(0).users[u]?.username ?? '';

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: SEED, quotaClock: () => quotaNow });
});
afterAll(() => sandbox?.close());
beforeEach(async () => {
  await sandboxCall(sandbox.endpoint, 'POST', '/_sandbox/reset');
});

const outcome = async (calls: Promise<unknown>[]) => {
  const results = await Promise.allSettled(calls);
  return results.map((r) =>
    r.status === 'fulfilled'
      ? 'ok'
      : (r.reason as Error).name === 'TooManyRequestsException'
        ? 'throttled'
        : (r.reason as Error).name,
  );
};
const count = (list: string[], what: string) => list.filter((x) => x === what).length;
const adminWrite = (p: number, u: number) =>
  adminClient(sandbox.endpoint, IAM).send(
    new AdminUpdateDeviceStatusCommand({
      UserPoolId: pool(p).id,
      Username: usernameOf(u),
      DeviceKey: deviceOf(p, u),
      DeviceRememberedStatus: 'remembered',
    }),
  );
async function tokenOf(p: number, u: number) {
  const res = await sandboxCall(sandbox.endpoint, 'POST', '/_sandbox/tokens', {
    poolId: pool(p).id,
    clientId: pool(p).clients[0]?.id,
    username: usernameOf(u),
  });
  return res.body.AccessToken as string;
}

describe('per user', () => {
  it('one user gets 10 writes per second, whatever the category allows; another user has their own 10', async () => {
    const first = await outcome(Array.from({ length: 15 }, () => adminWrite(0, 0)));
    expect(count(first, 'ok')).toBe(10);
    expect(count(first, 'throttled')).toBe(5);
    expect(count(await outcome(Array.from({ length: 10 }, () => adminWrite(0, 1))), 'ok')).toBe(10);
  });

  it('one user gets 10 reads per second (ListDevices with their token)', async () => {
    const token = await tokenOf(0, 0);
    const list = () => userClient(sandbox.endpoint).send(new ListDevicesCommand({ AccessToken: token }));
    const result = await outcome(Array.from({ length: 14 }, list));
    expect(count(result, 'ok')).toBe(10);
    expect(count(result, 'throttled')).toBe(4);
  });

  it('the per-user rate refills with time', async () => {
    expect(count(await outcome(Array.from({ length: 12 }, () => adminWrite(0, 0))), 'ok')).toBe(10);
    quotaNow += 500;
    expect(count(await outcome(Array.from({ length: 8 }, () => adminWrite(0, 0))), 'ok')).toBe(5);
  });
});

describe('categories', () => {
  it('UserResourceUpdate (25/s) is shared by every user: 3 users × 10 writes → 25 pass', async () => {
    const result = await outcome([0, 1, 2].flatMap((u) => Array.from({ length: 10 }, () => adminWrite(0, u))));
    expect(count(result, 'ok')).toBe(25);
  });

  it('is pooled per account and Region across pools; another account has its own', async () => {
    await sandboxCall(sandbox.endpoint, 'PUT', '/_sandbox/quotas', { UserResourceUpdate: 6 });
    const same = await outcome([
      ...[0, 1, 2, 3].map((u) => adminWrite(0, u)),
      ...[0, 1, 2, 3].map((u) => adminWrite(1, u)),
    ]);
    expect(count(same, 'ok')).toBe(6);
    expect(count(await outcome([0, 1, 2, 3].map((u) => adminWrite(2, u))), 'ok')).toBe(4);
  });

  it('RespondToAuthChallenge has its own allowance of 3× UserAuthentication', async () => {
    await sandboxCall(sandbox.endpoint, 'PUT', '/_sandbox/quotas', { UserAuthentication: 2 });
    const clientId = pool(0).clients[0]?.id;
    const initiate = () =>
      userClient(sandbox.endpoint).send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: clientId,
          AuthParameters: { USERNAME: 'x', PASSWORD: 'y' },
        }),
      );
    const respond = () =>
      userClient(sandbox.endpoint).send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'PASSWORD_VERIFIER',
          Session: 's'.repeat(40),
        }),
      );
    const initiated = await outcome(Array.from({ length: 4 }, initiate));
    expect(count(initiated, 'throttled')).toBe(2);
    const responded = await outcome(Array.from({ length: 8 }, respond));
    expect(count(responded, 'throttled')).toBe(2);
    expect(count(responded, 'NotAuthorizedException')).toBe(6);
  });
});

describe('PUT /_sandbox/quotas', () => {
  it('takes category names, and read / write / auth as aliases for groups of categories', async () => {
    const named = await sandboxCall(sandbox.endpoint, 'PUT', '/_sandbox/quotas', { UserList: 7, PerUserWrite: 3 });
    expect(named.body.quotas).toMatchObject({ UserList: 7, PerUserWrite: 3, UserResourceRead: 50 });
    const aliased = await sandboxCall(sandbox.endpoint, 'PUT', '/_sandbox/quotas', { read: 4, write: 5, auth: 6 });
    expect(aliased.body.quotas).toMatchObject({
      UserResourceRead: 4,
      UserRead: 4,
      UserList: 4,
      UserPoolRead: 4,
      UserPoolClientRead: 4,
      UserResourceUpdate: 5,
      UserUpdate: 5,
      UserToken: 5,
      UserAuthentication: 6,
      PerUserWrite: 3,
    });
    expect((await sandboxCall(sandbox.endpoint, 'PUT', '/_sandbox/quotas', { UserWrites: 1 })).status).toBe(400);
  });

  it('reset restores the start-up rates', async () => {
    await sandboxCall(sandbox.endpoint, 'PUT', '/_sandbox/quotas', { PerUserWrite: 1 });
    await sandboxCall(sandbox.endpoint, 'POST', '/_sandbox/reset');
    expect(count(await outcome(Array.from({ length: 10 }, () => adminWrite(0, 0))), 'ok')).toBe(10);
  });
});
