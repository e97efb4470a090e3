/**
 * A popup action cut short by a worker stop is reconciled, in Chromium
 * against the sandbox (issue 17): "Don't remember" on one device while the
 * sandbox holds its UpdateDeviceStatus call (a latency fault); the extension's
 * service worker is stopped through the DevTools protocol while the call is
 * held. The held call may still change the sandbox after the stop. At the
 * next worker start and listing, the history's entry for that action is
 * settled from what Cognito shows (GetDevice), not left "interrupted", and it
 * agrees with the sandbox's own state of the device.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { mintTokens } from '../../scripts/demo-app';
import { FOUND_WORDS } from '../../utils/history-labels';
import { type ExtensionHarness, launchExtension, popupDeviceAction, stopWorkers } from './harness';
import { devicesOf } from './sandbox-state';

const DEVICE = 'Work laptop — Firefox';
const HELD_MS = 6000;

type Entry = {
  id: number;
  action: string;
  outcome: string;
  target?: { deviceKey?: string };
  reconciled?: { found: string };
};

/** The history's entries of a popup "Don't remember" on `deviceKey`, straight from IndexedDB. */
const entriesOf = (page: Page, deviceKey: string) =>
  page.evaluate(
    (key) =>
      new Promise<Entry[]>((resolve, reject) => {
        const open = indexedDB.open('cognito-device-history');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('entries').objectStore('entries').getAll();
          all.onsuccess = () =>
            resolve(
              (all.result as Entry[]).filter((e) => e.action === 'device.notRemember' && e.target?.deviceKey === key),
            );
        };
      }),
    deviceKey,
  );

type LoggedRequest = { operation?: string; status?: number };
/** The one UpdateDeviceStatus of the sandbox's request log (named as it arrives; its device only once it is handled). */
const heldCall = async (sandbox: Sandbox): Promise<LoggedRequest | undefined> => {
  const { requests } = (await (await fetch(`${sandbox.endpoint}/_sandbox/requests`)).json()) as {
    requests: LoggedRequest[];
  };
  return requests.find((r) => r.operation === 'UpdateDeviceStatus');
};

describe('a popup action interrupted by a worker stop', () => {
  let sandbox: Sandbox;
  let ext: ExtensionHarness;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    ext = await launchExtension();
    await ext.setSettings({ endpointOverride: sandbox.endpoint });
  });
  afterAll(async () => {
    await ext?.close();
    await sandbox?.close();
  });

  it('is settled as the sandbox shows the device at the next listing, not left interrupted', async () => {
    const tokens = await mintTokens(sandbox.endpoint, { username: 'alice' });
    const options = await ext.open('options.html#sessions', { viewport: { width: 1280, height: 900 } });
    await options.getByLabel('Access token').fill(tokens.AccessToken);
    await options.getByRole('button', { name: 'Use pasted token' }).click();
    await options.getByRole('region', { name: 'Active session' }).first().waitFor();
    const key = (await devicesOf(sandbox, 'alice')).find((d) => d.name === DEVICE)?.key as string;
    expect(key).toBeDefined();

    const popup = await ext.open('popup.html', { viewport: { width: 400, height: 900 } });
    const listed = popup.getByRole('list', { name: 'Remembered devices' });
    await listed.getByRole('listitem', { name: DEVICE }).waitFor({ timeout: 20_000 });
    await fetch(`${sandbox.endpoint}/_sandbox/requests`, { method: 'DELETE' });
    await fetch(`${sandbox.endpoint}/_sandbox/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rate: 1, kinds: [`Latency:${HELD_MS}`], operations: ['UpdateDeviceStatus'] }),
    });
    await popupDeviceAction(listed, DEVICE, 'Don’t remember');

    // The call has reached the sandbox, which holds it; its entry is begun and open.
    await expect.poll(async () => (await heldCall(sandbox))?.operation, { timeout: 20_000 }).toBe('UpdateDeviceStatus');
    expect((await heldCall(sandbox))?.status).toBeUndefined();
    await expect
      .poll(async () => (await entriesOf(options, key)).map((e) => e.outcome), { timeout: 20_000 })
      .toEqual(['pending']);
    await stopWorkers(options);
    await fetch(`${sandbox.endpoint}/_sandbox/faults`, { method: 'DELETE' });
    // The held call runs to its end in the sandbox all the same: wait for it, so the check below sees its result.
    await expect.poll(async () => (await heldCall(sandbox))?.status, { timeout: HELD_MS + 20_000 }).toBeDefined();

    // The next worker start and listing (the popup opened again) check the device and settle the entry.
    await popup.reload();
    await popup.getByRole('region', { name: 'Active session' }).waitFor({ timeout: 20_000 });
    await expect
      .poll(async () => (await entriesOf(options, key)).map((e) => e.outcome).join(), {
        timeout: 30_000,
        interval: 500,
      })
      .toMatch(/^(ok|failed)$/);

    const [entry, ...more] = await entriesOf(options, key);
    expect(more).toEqual([]);
    const remembered = (await devicesOf(sandbox, 'alice')).find((d) => d.key === key)?.remembered;
    // A user's GetDevice does not find a device that is not remembered: the check says "unlisted".
    expect(entry).toMatchObject(
      remembered
        ? { outcome: 'failed', reconciled: { found: 'remembered' } }
        : { outcome: 'ok', reconciled: { found: 'unlisted' } },
    );

    // The History page says what the check found.
    const history = await ext.open('options.html#history', { viewport: { width: 1280, height: 1000 } });
    const found = FOUND_WORDS[entry?.reconciled?.found as keyof typeof FOUND_WORDS];
    await history
      .getByRole('table', { name: 'History entries' })
      .getByText(`Checked after the extension stopped during the call: ${found}`)
      .waitFor({ timeout: 20_000 });
    await history.close();
    await popup.close();
    await options.close();
  }, 180_000);
});
