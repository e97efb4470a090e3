/**
 * A Chromium profile prepared for the unpacked extension: the loopback host
 * access (an optional permission, see wxt.config.ts) written in as granted, as
 * a person grants it when Settings names a loopback endpoint. Used by the e2e
 * harness and `npm start`, which set the override by storage, not by the form.
 *
 * Why written rather than clicked: Chromium's permission prompt cannot be
 * answered headless (measured with Chromium 156: `permissions.request` stays
 * pending; `--apps-gallery-install-auto-confirm-for-tests=accept` does not apply
 * to it; `chrome.developerPrivate.addHostPermission` from chrome://extensions
 * resolves but grants no optional permission). Chromium reads the grant from the
 * profile's `Preferences` (`extensions.settings.<id>.granted_permissions` and
 * `active_permissions`), and `permissions.contains` then answers true.
 */
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LOOPBACK_HOST_PATTERNS } from '../utils/cognito/regions';

/** The id Chromium gives an unpacked extension: SHA-256 of its absolute path, 32 hex digits as a–p. */
export function unpackedExtensionId(extensionDir: string): string {
  const hex = createHash('sha256').update(realpathSync(extensionDir)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + Number.parseInt(c, 16))).join('');
}

/**
 * Write a new profile's Preferences with the loopback access granted to the extension; returns its id.
 * @param api optional API permissions granted too (e.g. `notifications`, which Watch's alerts ask for)
 */
export async function grantLoopbackAccess(
  userDataDir: string,
  extensionDir: string,
  api: readonly string[] = [],
): Promise<string> {
  const id = unpackedExtensionId(extensionDir);
  const permissions = {
    api: [...api],
    explicit_host: [...LOOPBACK_HOST_PATTERNS],
    manifest_permissions: [],
    scriptable_host: [],
  };
  await mkdir(join(userDataDir, 'Default'), { recursive: true });
  const preferences = {
    extensions: { settings: { [id]: { granted_permissions: permissions, active_permissions: permissions } } },
  };
  await writeFile(join(userDataDir, 'Default', 'Preferences'), JSON.stringify(preferences));
  return id;
}
