/**
 * No secret reaches the history: a full run against the sandbox over real HTTP
 * (sign-in → list → update → forget → a failing call → refresh → admin update
 * with IAM credentials → sign-out), each action through `store.recordAction`,
 * then every object store of the database is dumped and searched for the
 * tokens, the password and the IAM secret key (and any 20-character piece of a
 * token), as are the CSV and JSON exports.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../sandbox/server';
import { type CognitoClient, createCognitoClient } from '../../../utils/cognito';
import { actorFromClaims } from '../../../utils/history/actor';
import { toCsv, toJson } from '../../../utils/history/export';
import { type HistoryStore, openHistory } from '../../../utils/history/store';
import type { HistoryActor } from '../../../utils/history/types';

interface Seed {
  iam: { accessKeyId: string; secretAccessKey: string }[];
  pools: {
    id: string;
    clients: { id: string; secret?: string; authFlows: string[] }[];
    users: { username: string; password: string }[];
  }[];
}

const seed = JSON.parse(readFileSync(join(process.cwd(), 'sandbox/seeds/demo.json'), 'utf8')) as Seed;
const pool = seed.pools[0] as Seed['pools'][number];
const client = pool.clients.find((c) => !c.secret && c.authFlows.includes('ALLOW_USER_PASSWORD_AUTH'));
const alice = pool.users.find((u) => u.username === 'alice');
const iam = seed.iam[0];
if (!client || !alice || !iam) throw new Error('demo seed changed: public client, alice or IAM key missing');

let sandbox: { endpoint: string; close(): Promise<void> };
let cognito: CognitoClient;
let admin: CognitoClient;
let factory: IDBFactory;
let store: HistoryStore;
const secrets: { name: string; value: string }[] = [
  { name: 'password', value: alice.password },
  { name: 'IAM secret key', value: iam.secretAccessKey },
];

/** Every record of every object store of the history database, as JSON. */
async function dumpDatabase(name: string): Promise<string> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const dump: Record<string, unknown[]> = {};
  for (const storeName of Array.from(db.objectStoreNames)) {
    dump[storeName] = await new Promise<unknown[]>((resolve, reject) => {
      const request = db.transaction(storeName).objectStore(storeName).getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  db.close();
  return JSON.stringify(dump);
}

function assertFreeOfSecrets(text: string, where: string): void {
  for (const { name, value } of secrets) {
    expect(text.includes(value), `${name} found in ${where}`).toBe(false);
    if (name.endsWith('token')) {
      for (let i = 0; i + 20 <= value.length; i++)
        expect(text.includes(value.slice(i, i + 20)), `a piece of the ${name} found in ${where}`).toBe(false);
    }
  }
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  cognito = createCognitoClient({ endpoint: `${sandbox.endpoint}/` });
  admin = createCognitoClient({
    endpoint: `${sandbox.endpoint}/`,
    credentials: { accessKeyId: iam.accessKeyId, secretAccessKey: iam.secretAccessKey },
  });
  factory = new IDBFactory();
  store = await openHistory({ indexedDB: factory, name: 'no-secrets' });
});

afterAll(async () => {
  store?.close();
  await sandbox?.close();
});

describe('history after a full sign-in → list → update → forget → refresh run', () => {
  it('holds every action and no token, refresh token, password or IAM secret', async () => {
    const signInActor: HistoryActor = { pool: pool.id, clientId: client.id, username: 'alice' };
    const signIn = await store.recordAction({ action: 'session.signIn', mode: 'user', actor: signInActor }, () =>
      cognito.initiateAuth({
        flow: 'USER_PASSWORD_AUTH',
        clientId: client.id,
        username: 'alice',
        password: alice.password,
      }),
    );
    if (signIn.kind !== 'tokens') throw new Error(`expected tokens, got ${signIn.challengeName}`);
    const { accessToken, idToken, refreshToken } = signIn.tokens;
    secrets.push({ name: 'access token', value: accessToken });
    if (idToken) secrets.push({ name: 'id token', value: idToken });
    if (refreshToken) secrets.push({ name: 'refresh token', value: refreshToken });
    expect(refreshToken).toBeTruthy();

    const actor = actorFromClaims(decodeJwt(accessToken));
    expect(actor).toMatchObject({ pool: pool.id, clientId: client.id, username: 'alice' });
    const user = { mode: 'user' as const, actor };

    const page = await store.recordAction({ action: 'device.list', ...user }, () =>
      cognito.listDevices({ accessToken }),
    );
    await store.noteListedDevices(
      actor,
      page.devices.map((d) => ({
        deviceKey: d.key,
        ...(d.name === undefined ? {} : { deviceName: d.name }),
        ...(d.remembered === undefined ? {} : { status: d.remembered ? 'remembered' : 'not_remembered' }),
      })),
    );
    const [toHide, toForget] = page.devices.filter((d) => d.remembered);
    if (!toHide || !toForget) throw new Error('demo seed changed: alice needs two remembered devices');
    const target = (d: typeof toHide) => ({
      deviceKey: d.key,
      ...(d.name === undefined ? {} : { deviceName: d.name }),
    });

    await store.recordAction(
      { action: 'device.notRemember', ...user, target: target(toHide), statusBefore: 'remembered' },
      () => cognito.updateDeviceStatus({ accessToken, deviceKey: toHide.key, remembered: false }),
    );
    await store.recordAction(
      { action: 'device.forget', ...user, target: target(toForget), statusBefore: 'remembered' },
      () => cognito.forgetDevice({ accessToken, deviceKey: toForget.key }),
      (result) => ({ statusAfter: 'forgotten', ...(result.alreadyForgotten ? { attempts: 2 } : {}) }),
    );
    // A failing call: its Cognito error is recorded too.
    const missing = `${pool.id.split('_')[0]}_00000000-0000-4000-8000-000000000000`;
    await expect(
      store.recordAction({ action: 'device.forget', ...user, target: { deviceKey: missing } }, () =>
        cognito.forgetDevice({ accessToken, deviceKey: missing }),
      ),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_COGNITO_/) });

    const refreshed = await store.recordAction({ action: 'session.refresh', ...user }, () =>
      cognito.initiateAuth({
        flow: 'REFRESH_TOKEN_AUTH',
        clientId: client.id,
        refreshToken: refreshToken as string,
        ...(signIn.newDevice ? { deviceKey: signIn.newDevice.deviceKey } : {}),
      }),
    );
    if (refreshed.kind !== 'tokens') throw new Error('expected tokens from the refresh');
    secrets.push({ name: 'refreshed access token', value: refreshed.tokens.accessToken });
    if (refreshed.tokens.idToken) secrets.push({ name: 'refreshed id token', value: refreshed.tokens.idToken });

    await store.recordAction(
      {
        action: 'admin.device.notRemember',
        mode: 'admin',
        actor: { pool: pool.id, username: 'alice' },
        target: target(toHide),
      },
      () =>
        admin.adminUpdateDeviceStatus({
          userPoolId: pool.id,
          username: 'alice',
          deviceKey: toHide.key,
          remembered: true,
        }),
      () => ({ statusAfter: 'remembered' }),
    );
    await store.recordAction({ action: 'session.signOut', ...user }, async () => undefined);

    // The history holds the run…
    const entries = await store.list();
    expect(entries.map((e) => [e.action, e.outcome])).toEqual([
      ['session.signOut', 'ok'],
      ['admin.device.notRemember', 'ok'],
      ['session.refresh', 'ok'],
      ['device.forget', 'failed'],
      ['device.forget', 'ok'],
      ['device.notRemember', 'ok'],
      ['device.list', 'ok'],
      ['session.signIn', 'ok'],
    ]);
    const failed = entries.find((e) => e.outcome === 'failed');
    expect(failed?.requestId).toBeTruthy();
    const known = await store.knownDevices(actor);
    expect(known.find((d) => d.deviceKey === toForget.key)?.lastStatus).toBe('forgotten');
    expect(known.find((d) => d.deviceKey === toHide.key)).toMatchObject({
      lastStatus: 'remembered',
      deviceName: toHide.name,
    });

    // …and no secret, in the database or in the exports.
    const dump = await dumpDatabase('no-secrets');
    expect(dump).toContain(toHide.key);
    expect(dump.length).toBeGreaterThan(2000);
    assertFreeOfSecrets(dump, 'IndexedDB');
    assertFreeOfSecrets(toCsv(entries), 'the CSV export');
    assertFreeOfSecrets(toJson(entries, { exportedAt: Date.now() }), 'the JSON export');
    expect(secrets.length).toBeGreaterThanOrEqual(6);
  });
});
