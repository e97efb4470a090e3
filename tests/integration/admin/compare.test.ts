/**
 * Audits compared against the sandbox over real HTTP: audit the demo pool,
 * change it through Cognito's own APIs (a sign-in + ConfirmDevice adds a
 * device; AdminForgetDevice and AdminUpdateDeviceStatus forget and flip
 * others), audit again, and the comparison names exactly those changes.
 */
import { ConfirmDeviceCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../sandbox/server';
import { createAuditRunner } from '../../../utils/admin/audit';
import { COMPARE_KINDS } from '../../../utils/admin/audit-compare';
import { compareStoredAudits } from '../../../utils/admin/compare-handlers';
import { type CognitoClient, createCognitoClient, createPacer } from '../../../utils/cognito';
import type { AuditRun } from '../../../utils/history/audit-types';
import { demoSeed, IAM, POOL_ID, signIn, user, userClient } from '../sandbox/helpers';
import { freshStore } from './helpers';

describe('two audits of the sandbox compared', () => {
  let sandbox: Sandbox;
  let client: CognitoClient;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: demoSeed });
    client = createCognitoClient({ endpoint: `${sandbox.endpoint}/`, credentials: IAM, pacer: createPacer() });
  });
  afterAll(() => sandbox?.close());

  it('shows exactly the devices added, forgotten, not remembered and remembered between them', async () => {
    const { store } = await freshStore();
    const runner = createAuditRunner({ store, client: () => client });
    const audit = async () => {
      const run = await runner.start({ poolId: POOL_ID, endpoint: `${sandbox.endpoint}/` });
      const done = (await runner.whenSettled(run.id)) as AuditRun;
      expect(done.state).toBe('done');
      return done;
    };
    const first = await audit();

    const alice = user('alice').devices ?? [];
    const toForget = alice.filter((d) => d.remembered)[1]?.key ?? '';
    const toNotRemember = alice.find((d) => d.remembered)?.key ?? '';
    const toRemember = alice.find((d) => !d.remembered)?.key ?? '';
    await client.adminForgetDevice({ userPoolId: POOL_ID, username: 'alice', deviceKey: toForget });
    await client.adminUpdateDeviceStatus({
      userPoolId: POOL_ID,
      username: 'alice',
      deviceKey: toNotRemember,
      remembered: false,
    });
    await client.adminUpdateDeviceStatus({
      userPoolId: POOL_ID,
      username: 'alice',
      deviceKey: toRemember,
      remembered: true,
    });
    const session = await signIn(sandbox.endpoint, 'bob');
    const added = session.NewDeviceMetadata?.DeviceKey ?? '';
    await userClient(sandbox.endpoint).send(
      new ConfirmDeviceCommand({
        AccessToken: session.AccessToken,
        DeviceKey: added,
        DeviceName: 'Compared <b>browser</b>',
        DeviceSecretVerifierConfig: { PasswordVerifier: 'dmVyaWZpZXI=', Salt: 'c2FsdA==' },
      }),
    );

    const second = await audit();
    expect(second.devicesFound).toBe(first.devicesFound);
    const comparison = await compareStoredAudits(store, first.id, second.id);
    const got = Object.fromEntries(
      COMPARE_KINDS.map((kind) => [kind, comparison.rows[kind].map((r) => `${r.username}/${r.key}`)]),
    );
    expect(got).toEqual({
      added: [`bob/${added}`],
      removed: [`alice/${toForget}`],
      remembered: [`alice/${toRemember}`],
      notRemembered: [`alice/${toNotRemember}`],
      ipChanged: [],
    });
    expect(comparison.rows.added[0]?.name).toBe('Compared <b>browser</b>');
    expect(comparison.growth).toEqual([{ username: 'bob', before: 2, after: 3 }]);

    // The same audit against itself: nothing changed.
    const same = await compareStoredAudits(store, second.id, second.id);
    expect(COMPARE_KINDS.map((k) => same.rows[k].length)).toEqual([0, 0, 0, 0, 0]);
    store.close();
  }, 60_000);
});
