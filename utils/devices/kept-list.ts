/**
 * The popup's kept list: the last device list it showed, in storage.session,
 * drawn at once the next time the popup opens ("as of" when it was listed)
 * until the fresh list replaces it. It holds device facts only: every field is
 * copied by name, so nothing else a row or a result carries (a session, a
 * token) can reach the item. It belongs to one session. It is read and kept
 * straight on browser.storage (utils/storage-direct.ts): the popup draws it
 * before it has loaded the storage library.
 */
import type { KeptDeviceList, KeptDeviceRow } from '../storage';
import { DIRECT_KEYS, readDirect, writeDirect } from '../storage-direct';
import type { DeviceRow } from './view';

const FACTS = [
  'name',
  'lastIp',
  'remembered',
  'createdAt',
  'lastModifiedAt',
  'lastAuthenticatedAt',
  'factsAsOf',
  'learnedFrom',
] as const;

function factsOf(row: DeviceRow): KeptDeviceRow {
  const kept: Record<string, unknown> = { key: row.key, source: row.source, isCurrent: row.isCurrent };
  for (const field of FACTS) if (row[field] !== undefined) kept[field] = row[field];
  return kept as unknown as KeptDeviceRow;
}

/** The kept form of a list shown: device facts only. Pure. */
export function keptListOf(list: {
  sessionId: string;
  listed: readonly DeviceRow[];
  knownOnly: readonly DeviceRow[];
  fetchedAt: number;
}): KeptDeviceList {
  return {
    sessionId: list.sessionId,
    listedAt: list.fetchedAt,
    listed: list.listed.map(factsOf),
    knownOnly: list.knownOnly.map(factsOf),
  };
}

/** The kept list when it belongs to the active session, else undefined. Pure. */
export function keptFor(kept: KeptDeviceList | null, activeId: string | null): KeptDeviceList | undefined {
  return kept && activeId && kept.sessionId === activeId ? kept : undefined;
}

/** Read the kept list of the active session (nothing for another session), in one storage read. */
export async function readKeptList(): Promise<KeptDeviceList | undefined> {
  const [kept, active] = await readDirect([DIRECT_KEYS.keptDeviceList, DIRECT_KEYS.activeSessionId]);
  return keptFor((kept as KeptDeviceList | null) ?? null, (active as string | null) ?? null);
}

/** Keep the list the popup shows now (its facts only). */
export function keepList(list: Parameters<typeof keptListOf>[0]): Promise<void> {
  return writeDirect(DIRECT_KEYS.keptDeviceList, keptListOf(list));
}
