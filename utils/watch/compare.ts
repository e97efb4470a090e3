/**
 * Watch's comparison rules (issue 18): what changed in an account's device
 * list since the extension last saw it. The device memory (utils/history
 * device-memory.ts) is what was known; a fresh ListDevices is what is. Pure:
 * the caller supplies both and the clock.
 *
 * - a device key never seen on the account: `newDevice`;
 * - a last IP not seen before on any of the account's devices: `newIp`;
 * - a last sign-in later than the one known: `signedIn`;
 * - a device the memory last saw remembered, now missing from the list, that
 *   this extension did not change (a user's ListDevices lists remembered
 *   devices only, so it was forgotten or not-remembered elsewhere): `gone`.
 *
 * A first look at an account (nothing in memory) reports nothing: it is the
 * baseline. A renamed device is the same device (its key), not a finding.
 */
import type { KnownDevice } from '../history/types';
import type { DeviceDto } from '../storage';

/** What the memory knew of one device of the account (the device memory's own record, in part). */
export type KnownForWatch = Pick<KnownDevice, 'deviceKey'> &
  Partial<
    Pick<KnownDevice, 'deviceName' | 'lastStatus' | 'lastAuthenticatedAt' | 'lastIp' | 'ipsSeen' | 'learnedFrom'>
  >;

export type WatchFindingKind = 'newDevice' | 'newIp' | 'signedIn' | 'gone';

/** One thing that changed, identifiers and device facts only. */
export interface WatchFinding {
  readonly kind: WatchFindingKind;
  readonly deviceKey: string;
  /** Untrusted text: render through UntrustedText. */
  readonly deviceName?: string;
  readonly ip?: string;
  /** When it happened as Cognito says (a sign-in), else when it was found (epoch ms). */
  readonly at: number;
}

/** The findings of one listing against the memory, newest sign-ins first within each device's findings. */
export function compareDevices(
  known: readonly KnownForWatch[],
  listed: readonly DeviceDto[],
  now: number,
  /** The watched session's own device: its sign-ins are the person's own (no `signedIn` for it). */
  options: { readonly ownDeviceKey?: string } = {},
): WatchFinding[] {
  if (known.length === 0) return [];
  const before = new Map(known.map((k) => [k.deviceKey, k]));
  const ipsBefore = new Set<string>();
  for (const k of known) {
    if (k.lastIp) ipsBefore.add(k.lastIp);
    for (const seen of k.ipsSeen ?? []) ipsBefore.add(seen.ip);
  }
  const findings: WatchFinding[] = [];
  const named = (d: { name?: string }) => (d.name === undefined ? {} : { deviceName: d.name });
  for (const device of listed) {
    const was = before.get(device.key);
    const signedInAt = device.lastAuthenticatedAt;
    if (!was)
      findings.push({
        kind: 'newDevice',
        deviceKey: device.key,
        ...named(device),
        ...ipOf(device),
        at: signedInAt ?? now,
      });
    else if (
      device.key !== options.ownDeviceKey &&
      signedInAt !== undefined &&
      (was.lastAuthenticatedAt === undefined || signedInAt > was.lastAuthenticatedAt)
    )
      findings.push({ kind: 'signedIn', deviceKey: device.key, ...named(device), ...ipOf(device), at: signedInAt });
    if (device.lastIp && !ipsBefore.has(device.lastIp))
      findings.push({
        kind: 'newIp',
        deviceKey: device.key,
        ...named(device),
        ip: device.lastIp,
        at: signedInAt ?? now,
      });
  }
  const listedKeys = new Set(listed.map((d) => d.key));
  // This extension's own "don't remember" or "forget" leaves the memory saying so: only a device it
  // last knew remembered can have been changed elsewhere.
  // A user's listing that states no status (Cognito's lean answer) lists remembered devices only.
  const lastRemembered = (k: KnownForWatch) =>
    k.lastStatus === 'remembered' || (k.lastStatus === undefined && k.learnedFrom === 'userListing');
  for (const k of known) {
    if (lastRemembered(k) && !listedKeys.has(k.deviceKey))
      findings.push({
        kind: 'gone',
        deviceKey: k.deviceKey,
        ...(k.deviceName === undefined ? {} : { deviceName: k.deviceName }),
        at: now,
      });
  }
  return findings;
}

function ipOf(device: DeviceDto): { ip?: string } {
  return device.lastIp ? { ip: device.lastIp } : {};
}
