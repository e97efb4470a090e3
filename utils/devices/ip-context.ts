/**
 * What an IP means for an account (issue 19, "IPs have no context"): how many
 * of its devices show it as their last IP, and whether it is new for the
 * account, i.e. first seen by this extension after the account's earliest IP
 * and within the last week. An account met for the first time has no new IP:
 * there is nothing yet to compare with. Pure.
 */
import type { IpSeen } from '../history/types';

/** How long an IP stays "new" after a listing first showed it on the account. */
export const NEW_IP_WINDOW_MS = 7 * 86_400_000;

/** The context of one IP. */
export interface IpFacts {
  /** How many of the rows show it as their last IP. */
  readonly devices: number;
  /** When a listing first showed it on any of the account's devices (epoch ms; `now` when never before). */
  readonly firstSeen: number;
  /** First seen after the account's earliest IP, within {@link NEW_IP_WINDOW_MS}. */
  readonly isNew: boolean;
}

export function ipContext(
  rows: readonly { readonly lastIp?: string }[],
  known: readonly { readonly ipsSeen?: readonly IpSeen[] }[],
  now: number,
): Map<string, IpFacts> {
  const first = new Map<string, number>();
  let earliest: number | undefined;
  for (const device of known)
    for (const { ip, at } of device.ipsSeen ?? []) {
      first.set(ip, Math.min(first.get(ip) ?? at, at));
      earliest = Math.min(earliest ?? at, at);
    }
  const counts = new Map<string, number>();
  for (const row of rows) if (row.lastIp) counts.set(row.lastIp, (counts.get(row.lastIp) ?? 0) + 1);
  const context = new Map<string, IpFacts>();
  for (const [ip, devices] of counts) {
    const firstSeen = first.get(ip) ?? now;
    const isNew = earliest !== undefined && firstSeen > earliest && now - firstSeen <= NEW_IP_WINDOW_MS;
    context.set(ip, { devices, firstSeen, isNew });
  }
  return context;
}
