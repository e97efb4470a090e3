/**
 * After a listing has been answered: the history's device memory notes what Cognito listed, then the
 * account's interrupted single actions are checked and settled (reconcile-single.ts). Failures are
 * logged by code only (never a token or a device name) and never reach the listing's answer.
 */
import { toAppError } from '../errors';
import type { HistoryStore } from '../history/store';
import { listedFacts, rememberedStatus } from '../records';
import { reconcileInterrupted } from './reconcile-single';
import type { DeviceDto } from './view';

export interface ListingNote {
  readonly history: HistoryStore;
  readonly account: { readonly pool: string; readonly username: string };
  readonly listed: readonly DeviceDto[];
  readonly listedAt: number;
  readonly getDevice: Parameters<typeof reconcileInterrupted>[0]['getDevice'];
  readonly now: () => number;
}

export async function noteListing({ history, account, listed, listedAt, getDevice, now }: ListingNote): Promise<void> {
  const noted = listed.map((d) => ({
    deviceKey: d.key,
    ...(d.name ? { deviceName: d.name } : {}),
    ...(rememberedStatus(d.remembered) ? { status: rememberedStatus(d.remembered) } : {}),
    ...listedFacts(d),
  }));
  await history
    .noteListedDevices(account, noted, { listedAt })
    .catch((error: unknown) => console.warn(`History: ${toAppError(error, 'ERR_HISTORY_WRITE_FAILED').code}`));
  await reconcileInterrupted({ history, account, getDevice, now }).catch((error: unknown) =>
    console.warn(`Checking interrupted actions: ${toAppError(error).code}`),
  );
}
