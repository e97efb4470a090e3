/**
 * Admin mode in Chromium against the sandbox: enter IAM credentials, inspect
 * one user and flip a device, run a small audit and export its devices, then bulk-forget stale
 * devices in a dry run and for real; the sandbox's state confirms each step.
 */

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { DEMO_IAM as IAM, DEMO_POOL_ID as POOL_ID } from '../../scripts/demo-app';
import { COGNITO_RATES } from '../../utils/cognito';
import { connectAdmin } from './admin-page';
import { AXE_RUN, AXE_SOURCE, type AxeViolation, seriousViolations } from './axe';
import { downloaded, type ExtensionHarness, launchExtension } from './harness';
import { demoPoolState, type StateDevice } from './sandbox-state';

const DAY = 86_400;

describe('admin mode', () => {
  let sandbox: Sandbox;
  let ext: ExtensionHarness;
  let page: Page;
  const state = () => demoPoolState(sandbox);

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    ext = await launchExtension();
    page = await ext.open('options.html#admin');
    await ext.setSettings({ endpointOverride: sandbox.endpoint, quotas: COGNITO_RATES });
    await page.reload();
  });
  afterAll(async () => {
    await ext?.close();
    await sandbox?.close();
  });

  it('checks the credentials and explains the pool’s device settings; the secret is never shown', async () => {
    await connectAdmin(page, { poolId: POOL_ID, ...IAM });
    await page.getByText('AKIA…0001').waitFor();
    const settings = page.getByRole('table', { name: 'Device settings of this pool' });
    await settings.getByRole('rowheader', { name: 'DeviceOnlyRememberedOnUserPrompt' }).waitFor();
    await settings.getByText(/does not appear in the user’s own device list/).waitFor();
    expect(await page.content()).not.toContain(IAM.secretAccessKey);
    await page.getByRole('button', { name: 'Forget credentials' }).waitFor();
  });

  it('finds alice, sees all her devices, and flips one to not remembered', async () => {
    await page.getByRole('form', { name: 'Find a user' }).getByLabel('Starts with').fill('ali');
    await page.getByRole('button', { name: 'Search users' }).click();
    await page.getByRole('button', { name: 'Inspect alice' }).click();
    const table = page.getByRole('table', { name: 'Devices of alice' });
    await table.getByRole('rowheader').first().waitFor();
    const alice = (await state())?.users.find((u) => u.username === 'alice');
    expect(await table.getByRole('rowheader').count()).toBe(alice?.devices.length);

    const target = alice?.devices.find((d) => d.remembered && d.name === 'Smart TV app') as StateDevice;
    await table.getByRole('button', { name: `Don’t remember ${target.name}` }).click();
    await table.getByText('No longer remembered.').waitFor();
    await page.getByText('What this shows:').waitFor();
    const row = table.getByRole('row', { name: new RegExp(target.name) });
    await row.getByText('Not remembered').waitFor();
    const after = (await state())?.users.find((u) => u.username === 'alice')?.devices.find((d) => d.key === target.key);
    expect(after?.remembered).toBe(false);
  });

  it('audits the pool, then forgets stale devices in a dry run and for real', async () => {
    await page.getByRole('button', { name: 'Start audit' }).click();
    const progress = page.getByRole('region', { name: 'Audit progress' });
    await progress.getByText('Done').waitFor();
    const before = await state();
    const all = before?.users.flatMap((u) => u.devices) ?? [];
    const counts = page.getByRole('definition');
    expect(await counts.first().textContent()).toBe(String(before?.users.length));

    // The report's devices as files (the export comes in chunks, gathered by the page): every device once,
    // the CSV's header once and its formula cells defused, the JSON one document.
    const csv = await downloaded(page, page.getByRole('button', { name: 'Export CSV' }));
    expect(csv.name).toMatch(new RegExp(`^audit-${POOL_ID}-all-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe(
      'username,sub,deviceKey,deviceName,remembered,lastIp,createdAt,lastModifiedAt,lastAuthenticatedAt',
    );
    expect(lines.filter((l) => l.startsWith('username,'))).toHaveLength(1);
    expect(lines).toHaveLength(all.length + 2);
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    const json = JSON.parse((await downloaded(page, page.getByRole('button', { name: 'Export JSON' }))).text) as {
      count: number;
      devices: { deviceKey: string }[];
    };
    expect(json.count).toBe(all.length);
    expect(json.devices.map((d) => d.deviceKey).sort()).toEqual(all.map((d) => d.key).sort());

    // A threshold between the seed's recent and old sign-ins.
    const nowSec = Math.floor(Date.now() / 1000);
    const staleDays = Math.ceil((nowSec - 1_750_400_000) / DAY);
    const stale = all.filter(
      (d) => nowSec * 1000 - (d.lastAuthenticatedAt ?? d.createdAt) * 1000 > staleDays * DAY * 1000,
    );
    expect(stale.length).toBeGreaterThan(0);
    expect(stale.length).toBeLessThan(all.length);

    const days = page.getByLabel('Stale after (days)');
    await days.fill(String(staleDays));
    await days.press('Tab');
    // The report leads with what to do, and the remediation is there before any rule is picked.
    const remediation = page.getByRole('region', { name: 'Bulk remediation' });
    await remediation.getByText('Pick a rule to choose the devices to act on', { exact: false }).waitFor();
    const todo = page.getByRole('region', { name: 'What to do' });
    const idle = `${stale.length} ${stale.length === 1 ? 'device' : 'devices'} idle for over ${staleDays} days`;
    await todo.getByText(`${idle} — review and forget`).waitFor();
    // The report with its headline and the remediation's prompt: no serious or critical axe violation.
    await page.evaluate(AXE_SOURCE);
    expect(seriousViolations((await page.evaluate(AXE_RUN)) as AxeViolation[])).toEqual([]);
    await todo.getByRole('button', { name: 'Review idle devices' }).click();
    expect(await page.getByRole('combobox', { name: /^Show/ }).inputValue()).toBe('stale');
    expect(await remediation.getByLabel('Rule').inputValue()).toBe('stale');
    await page.getByRole('button', { name: 'Preview selection' }).click();
    await page.getByText(`${stale.length} devices match this rule.`).waitFor();

    await page.getByRole('button', { name: `Dry run: forget ${stale.length} devices` }).click();
    await page.getByText(`Dry run: would forget ${stale.length} devices. Nothing was sent to Cognito.`).waitFor();
    expect((await state())?.users.flatMap((u) => u.devices)).toHaveLength(all.length);

    await page.getByLabel(/Dry run/).uncheck();
    await page.getByRole('button', { name: `Forget ${stale.length} devices` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Forget devices' }).click();
    await page.getByText(`Summary: ${stale.length} done, 0 failed, 0 cancelled of ${stale.length}.`).waitFor();
    await ext.screenshot(page, 'admin-remediation');

    const remaining = (await state())?.users.flatMap((u) => u.devices) ?? [];
    expect(remaining).toHaveLength(all.length - stale.length);
    const staleKeys = new Set(stale.map((d) => d.key));
    expect(remaining.filter((d) => staleKeys.has(d.key))).toEqual([]);
  });
});
