/**
 * Audits compared in Chromium against the sandbox: audit the demo pool, change
 * it through Cognito's own APIs (a password sign-in + ConfirmDevice adds a
 * device to bob; AdminForgetDevice and AdminUpdateDeviceStatus, signed with
 * the seed's IAM key, forget one of alice's devices and stop remembering
 * another), audit again; the panel (the last two audits picked) shows exactly
 * those changes, and each downloaded export holds the table's rows.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { COGNITO_RATES, createCognitoClient, createPacer } from '../../utils/cognito';
import { IAM, POOL_ID, signInOnNewDevice, user } from '../integration/sandbox/helpers';
import { pageViolations } from './axe';
import { downloaded, type ExtensionHarness, launchExtension } from './harness';
import { demoPoolState, devicesOf, type StatePool } from './sandbox-state';

/** A CSV document (quoted cells, "" inside quotes, CRLF lines; no line break inside a cell) as rows of cells. */
function parseCsv(text: string): string[][] {
  return text
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => {
      const cells: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quoted && c === '"' && line[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (c === '"') quoted = !quoted;
        else if (c === ',' && !quoted) {
          cells.push(cell);
          cell = '';
        } else cell += c;
      }
      cells.push(cell);
      return cells;
    });
}

/** The shown table's body rows: user, device key, name, remembered (as the cells read). */
async function tableRows(table: Locator): Promise<string[][]> {
  const rows = table.locator('tbody tr');
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const cells = await rows.nth(i).getByRole('cell').allTextContents();
    out.push(cells.slice(0, 4));
  }
  return out;
}

/** The pool's devices and those idle for over 90 days now (the chart's totals), from the sandbox's state. */
function totals(pool: StatePool | undefined): string[] {
  const devices = pool?.users.flatMap((u) => u.devices) ?? [];
  const idle = devices.filter((d) => Date.now() - (d.lastAuthenticatedAt ?? d.createdAt) * 1000 > 90 * 86_400_000);
  return [String(devices.length), String(idle.length)];
}

describe('audits compared', () => {
  let sandbox: Sandbox;
  let ext: ExtensionHarness;
  let page: Page;

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

  it('shows exactly the devices added, forgotten and no longer remembered, and exports those rows', async () => {
    const form = page.getByRole('form', { name: 'Admin credentials' });
    await form.getByLabel('User pool id').fill(POOL_ID);
    await form.getByLabel('Access key id').fill(IAM.accessKeyId);
    await form.getByLabel('Secret access key').fill(IAM.secretAccessKey);
    await form.getByRole('button', { name: 'Check credentials' }).click();
    await page.getByText('Connected to').waitFor();

    const panel = page.getByRole('region', { name: 'Audits compared' });
    const older = panel.getByRole('combobox', { name: /^Older audit/ });
    const start = () => page.getByRole('button', { name: 'Start audit' }).click();
    await start();
    await page.getByRole('region', { name: 'Audit progress' }).getByText('Done').waitFor();
    await panel.getByText('Two finished audits are needed to compare').waitFor();
    const firstTotals = totals(await demoPoolState(sandbox));

    // The changes, through the sandbox's real API.
    const alice = user('alice').devices ?? [];
    const forgotten = alice.find((d) => d.name?.startsWith('=HYPERLINK'));
    const notRemembered = alice.find((d) => d.name === '<img src=x onerror=alert(1)>');
    if (!forgotten?.remembered || !notRemembered?.remembered) throw new Error('the demo seed changed');
    const admin = createCognitoClient({ endpoint: `${sandbox.endpoint}/`, credentials: IAM, pacer: createPacer() });
    await admin.adminForgetDevice({ userPoolId: POOL_ID, username: 'alice', deviceKey: forgotten.key });
    await admin.adminUpdateDeviceStatus({
      userPoolId: POOL_ID,
      username: 'alice',
      deviceKey: notRemembered.key,
      remembered: false,
    });
    const addedName = 'Compared <b>browser</b>, "quoted"';
    const { deviceKey: addedKey } = await signInOnNewDevice(sandbox.endpoint, 'bob', addedName);
    expect(addedKey).not.toBe('');

    // The pool remembers a device only when its user says so: the sandbox says what ConfirmDevice left.
    const added = (await devicesOf(sandbox, 'bob')).find((d) => d.key === addedKey);
    expect(added?.name).toBe(addedName);

    const secondTotals = totals(await demoPoolState(sandbox));
    await start();
    // The panel lists the second audit once the worker has stored it as done.
    await expect.poll(() => older.locator('option').count(), { timeout: 30_000 }).toBe(2);
    // By default the older audit is compared with the newer one (the list is newest first).
    const newer = panel.getByRole('combobox', { name: /^Newer audit/ });
    const [latest, previous] = await older
      .locator('option')
      .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
    expect(await newer.inputValue()).toBe(latest);
    expect(await older.inputValue()).toBe(previous);

    const expected = {
      added: { tab: 'Devices added', rows: [['bob', addedKey, addedName, added?.remembered ? 'yes' : 'no']] },
      removed: { tab: 'Devices removed', rows: [['alice', forgotten.key, forgotten.name, 'yes']] },
      remembered: { tab: 'Newly remembered', rows: [] },
      notRemembered: { tab: 'Newly not remembered', rows: [['alice', notRemembered.key, notRemembered.name, 'no']] },
      ipChanged: { tab: 'Last IP changed', rows: [] },
    } as const;
    const tabs = panel.getByRole('tablist', { name: 'Kind of change' });
    for (const [kind, { tab, rows }] of Object.entries(expected)) {
      const button = tabs.getByRole('tab', { name: `${tab} (${rows.length})`, exact: true });
      await button.click();
      expect(await button.getAttribute('aria-selected')).toBe('true');
      const table = panel.getByRole('table', { name: `${tab}: ${rows.length}`, exact: true });
      await table.waitFor();
      const shown = await tableRows(table);
      expect(shown, kind).toEqual(rows);

      // The CSV holds the table's rows (a cell that starts a formula is prefixed with ').
      const csv = await downloaded(page, panel.getByRole('button', { name: 'Export CSV' }));
      expect(csv.name).toMatch(new RegExp(`^audit-compare-${POOL_ID}-${kind}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
      const [header, ...lines] = parseCsv(csv.text);
      expect(header?.slice(0, 4)).toEqual(['username', 'deviceKey', 'name', 'remembered']);
      const fromCsv = lines.map(([u, k, n, r]) => [u, k, n?.replace(/^'(?=[=+\-@])/, ''), r === 'true' ? 'yes' : 'no']);
      expect(fromCsv, `${kind} CSV`).toEqual(shown);
      // The formula-looking name is defused in the CSV, raw in the table and the JSON.
      if (kind === 'removed') expect(csv.text).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",`);

      const json = await downloaded(page, panel.getByRole('button', { name: 'Export JSON' }));
      expect(json.name).toMatch(/\.json$/);
      const doc = JSON.parse(json.text) as {
        kind: string;
        fromRunId: string;
        toRunId: string;
        count: number;
        devices: { username: string; deviceKey: string; name: string; remembered: boolean }[];
      };
      expect({ kind: doc.kind, fromRunId: doc.fromRunId, toRunId: doc.toRunId, count: doc.count }).toEqual({
        kind,
        fromRunId: previous,
        toRunId: latest,
        count: shown.length,
      });
      const fromJson = doc.devices.map((d) => [d.username, d.deviceKey, d.name, d.remembered ? 'yes' : 'no']);
      expect(fromJson, `${kind} JSON`).toEqual(shown);
    }
    // The trend chart's text alternative: one row per audit, oldest first, with the sandbox's totals.
    const trend = panel.getByRole('table', { name: 'Devices per kept audit, oldest first' });
    const trendRows = await trend
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent)));
    expect(trendRows).toEqual([firstTotals, secondTotals]);
    expect(await panel.locator('svg g.trend-bar').count()).toBe(2);

    expect(await pageViolations(page)).toEqual([]);
    await ext.screenshot(page, 'admin-audit-compare');
  });
});
