/**
 * Security review #13, breaks 7 and 8, in the real service worker against the
 * sandbox: a `devices.act` with an unknown action is refused before any call
 * (the sandbox device keeps its state), and malformed or oversized
 * `devices.bulkStart` requests are refused without taking the bulk lock (a
 * valid one then starts at once).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { DEMO_CLIENT_ID, DEMO_POOL_ID, mintTokens } from '../../scripts/demo-app';
import { type ExtensionHarness, launchExtension } from './harness';

interface Answer {
  ok: boolean;
  value?: { jobId?: string };
  error?: { code: string; details: { field?: string } };
}

async function send(page: Page, message: object): Promise<Answer> {
  return page.evaluate(
    (m) =>
      (
        globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<Answer> } } }
      ).chrome.runtime.sendMessage(m),
    message,
  );
}

async function rememberedOf(sandbox: Sandbox, key: string): Promise<boolean | undefined> {
  const state = (await (await fetch(`${sandbox.endpoint}/_sandbox/state`)).json()) as {
    pools: { id: string; users: { username: string; devices: { key: string; remembered: boolean }[] }[] }[];
  };
  return state.pools
    .find((p) => p.id === DEMO_POOL_ID)
    ?.users.find((u) => u.username === 'alice')
    ?.devices.find((d) => d.key === key)?.remembered;
}

describe('the worker checks every message before acting', () => {
  let sandbox: Sandbox;
  let ext: ExtensionHarness;
  let page: Page;
  let key: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    ext = await launchExtension();
    await ext.setSettings({ endpointOverride: sandbox.endpoint });
    page = await ext.open('options.html#devices');
    const tokens = await mintTokens(sandbox.endpoint, { username: 'alice' });
    const imported = await send(page, {
      type: 'session.importTokens',
      accessToken: tokens.AccessToken,
      refreshToken: tokens.RefreshToken,
      clientId: DEMO_CLIENT_ID,
    });
    expect(imported.ok).toBe(true);
    const listed = (await send(page, { type: 'devices.list' })) as unknown as {
      value: { listed: { key: string; remembered?: boolean }[] };
    };
    key = listed.value.listed.find((d) => d.remembered)?.key as string;
    expect(key).toBeTruthy();
  });
  afterAll(async () => {
    await ext?.close();
    await sandbox?.close();
  });

  it('refuses an unknown action before any Cognito call', async () => {
    const answer = await send(page, { type: 'devices.act', device: { key }, action: 'hack' });
    expect(answer.error).toMatchObject({ code: 'ERR_MESSAGE_INVALID', details: { field: 'action' } });
    expect(await rememberedOf(sandbox, key)).toBe(true);
  });

  it('refuses malformed and oversized bulk starts without taking the lock', async () => {
    for (const [devices, code] of [
      ['abc', 'ERR_MESSAGE_INVALID'],
      [[null], 'ERR_MESSAGE_INVALID'],
      [Array.from({ length: 100_000 }, () => ({ key })), 'ERR_BULK_TOO_LARGE'],
    ] as const) {
      const answer = await send(page, { type: 'devices.bulkStart', devices, action: 'notRemember' });
      expect(answer.error?.code).toBe(code);
    }
    const started = await send(page, { type: 'devices.bulkStart', devices: [{ key }], action: 'notRemember' });
    expect(started).toMatchObject({ ok: true, value: { jobId: expect.any(String) } });
    await expect.poll(() => rememberedOf(sandbox, key), { timeout: 10_000 }).toBe(false);
  });
});
