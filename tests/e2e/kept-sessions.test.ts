/**
 * Security review #13, break 2, in Chromium against the sandbox: no secret
 * rests on disk in clear text. Sign in (a client with a secret), turn "keep
 * sessions" on in Settings, use the session (refresh, list devices), restart
 * the browser profile (the session comes back), use it again, turn "keep
 * sessions" off, restart again; then read every file of the profile and look
 * for every access, ID and refresh token the extension held, the client
 * secret and the password — raw, base64 and URL-encoded. LevelDB (storage.local,
 * IndexedDB) keeps deleted values in its logs until it compacts, which is why
 * removing a value is not enough and nothing is written in clear text at all.
 * Opting out also revokes the extension's own sign-in (the sandbox refuses its
 * access token afterwards).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedFile } from '../../sandbox/seed';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { type ExtensionHarness, launchExtension } from './harness';

const CLIENT_ID = '5sandboxdemosecretclient1';
const CLIENT_SECRET = 'sandboxDemoClientSecret0000000000000000000000000001';
/** URL-encoding and base64 both change it. */
const PASSWORD = 'Al!ce p@ss/wörd+=&1';

interface HeldTokens {
  accessToken: string;
  idToken?: string;
  refreshToken?: string;
  clientSecret?: string;
}

/** Every file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** The tokens the extension holds now (storage.session, read from an extension page). */
async function heldTokens(page: Page): Promise<HeldTokens[]> {
  return page.evaluate(async () => {
    const chromeApi = (
      globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<never> } } } }
    ).chrome;
    const { sessions } = (await chromeApi.storage.session.get('sessions')) as { sessions?: { tokens: HeldTokens }[] };
    return (sessions ?? []).map((s) => s.tokens);
  });
}

async function sessionCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<never> } } })
      .chrome.runtime;
    const answer = (await runtime.sendMessage({ type: 'session.list' })) as { value?: { sessions: unknown[] } };
    return answer.value?.sessions.length ?? -1;
  });
}

async function setKeepSessions(ext: ExtensionHarness, keep: boolean): Promise<void> {
  const page = await ext.open('options.html#settings');
  const box = page.getByRole('checkbox', { name: 'Keep sessions when the browser restarts' });
  await box.waitFor();
  if (keep) {
    await box.click();
    const dialog = page.getByRole('dialog', { name: 'Keep sessions on disk?' });
    await dialog.getByText('The key is kept in the same profile', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Keep sessions' }).click();
  } else await box.click();
  expect(await box.isChecked()).toBe(keep);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Settings saved.').waitFor();
  await page.close();
}

async function getUser(sandbox: Sandbox, accessToken: string): Promise<string> {
  const response = await fetch(sandbox.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser',
    },
    body: JSON.stringify({ AccessToken: accessToken }),
  });
  return response.ok ? 'ok' : String(((await response.json()) as { message?: string }).message);
}

describe('kept sessions leave no secret on disk', () => {
  let sandbox: Sandbox;
  let profile: string;
  let ext: ExtensionHarness | undefined;
  const seen: HeldTokens[] = [];

  beforeAll(async () => {
    const seed = JSON.parse(await readFile('sandbox/seeds/demo.json', 'utf8')) as SeedFile;
    const alice = seed.pools[0]?.users.find((u) => u.username === 'alice');
    if (!alice) throw new Error('The demo seed has no alice.');
    (alice as { password: string }).password = PASSWORD;
    sandbox = await startSandbox({ port: 0, seed });
    profile = await mkdtemp(join(tmpdir(), 'cdd-e2e-kept-'));
  });
  afterAll(async () => {
    await ext?.close();
    await sandbox?.close();
    await rm(profile, { recursive: true, force: true });
  });

  const restart = async () => {
    await ext?.close();
    ext = await launchExtension({ userDataDir: profile });
  };

  it('on, used, restarted, off, restarted: no token, secret or password in the profile’s files', async () => {
    await restart();
    const browser = ext as ExtensionHarness;
    await browser.setSettings({ endpointOverride: sandbox.endpoint });

    // Sign in with the client that has a secret, then keep sessions.
    const sessions = await browser.open('options.html#sessions');
    const form = sessions.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('App client id').fill(CLIENT_ID);
    await form.getByLabel('App client secret (optional)').fill(CLIENT_SECRET);
    await form.getByLabel('Username').fill('alice');
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await sessions.getByRole('heading', { name: 'Active session' }).waitFor();
    seen.push(...(await heldTokens(sessions)));
    await sessions.close();
    await setKeepSessions(browser, true);

    // Use it: refresh (new tokens), and list the devices.
    const use = async (b: ExtensionHarness) => {
      const page = await b.open('options.html#sessions');
      await page.getByRole('heading', { name: 'Active session' }).waitFor();
      const before = (await heldTokens(page))[0]?.accessToken;
      await page.getByRole('button', { name: 'Refresh', exact: true }).click();
      await expect.poll(async () => (await heldTokens(page))[0]?.accessToken, { timeout: 10_000 }).not.toBe(before);
      seen.push(...(await heldTokens(page)));
      await page.goto(b.url('options.html#devices'));
      await page.getByRole('table').first().waitFor();
      await page.close();
    };
    await use(browser);

    // Restart: the kept session comes back, and is used again.
    await restart();
    const restarted = ext as ExtensionHarness;
    const check = await restarted.open('options.html#sessions');
    await expect.poll(() => sessionCount(check), { timeout: 10_000 }).toBe(1);
    await check.close();
    await use(restarted);

    // Off: the kept copy goes, and the extension's own sign-in is revoked and removed.
    await setKeepSessions(restarted, false);
    const after = await restarted.open('options.html#sessions');
    const removed = await expect
      .poll(() => sessionCount(after), { timeout: 10_000 })
      .toBe(0)
      .then(
        () => true,
        () => false,
      );
    await after.close();

    // Restart once more, then read every file of the profile.
    await restart();
    await ext?.close();
    ext = undefined;
    const secrets = new Map<string, string>();
    seen.forEach((tokens, i) => {
      secrets.set(`access token ${i}`, tokens.accessToken);
      if (tokens.idToken) secrets.set(`ID token ${i}`, tokens.idToken);
      if (tokens.refreshToken) secrets.set(`refresh token ${i}`, tokens.refreshToken);
    });
    secrets.set('client secret', CLIENT_SECRET);
    secrets.set('password', PASSWORD);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen.map((t) => t.refreshToken)).size).toBeGreaterThan(0);
    const needles: [string, Buffer][] = [];
    for (const [name, secret] of secrets) {
      needles.push([`${name} (raw)`, Buffer.from(secret)]);
      needles.push([`${name} (UTF-16)`, Buffer.from(secret, 'utf16le')]);
      needles.push([`${name} (base64)`, Buffer.from(Buffer.from(secret).toString('base64'))]);
      needles.push([`${name} (URL-encoded)`, Buffer.from(encodeURIComponent(secret))]);
    }
    const files = await filesUnder(profile);
    expect(files.some((f) => f.includes('Local Extension Settings'))).toBe(true);
    const found: string[] = [];
    for (const file of files) {
      const bytes = await readFile(file).catch(() => Buffer.alloc(0));
      for (const [name, needle] of needles)
        if (bytes.includes(needle)) found.push(`${name} in ${file.slice(profile.length)}`);
    }
    expect(found).toEqual([]);

    // The refresh token was revoked at opt-out: the access tokens of that sign-in no longer work.
    expect(removed).toBe(true);
    const last = seen.at(-1) as HeldTokens;
    expect(await getUser(sandbox, last.accessToken)).toMatch(/revoked/i);
  }, 120_000);
});
