import type { DeviceRow } from '../utils/devices/view';
import type { KnownDeviceSource } from '../utils/history/types';
import { ExactTime, TimeStamp } from './TimeStamp';

/** Where the extension last learned of a device Cognito does not list now, in words (the popup's rows and the tables). */
const LEARNED_FROM_WORDS: Record<KnownDeviceSource, string> = {
  userListing: 'seen in this account’s device list',
  adminListing: 'seen in an admin listing of this user',
  userAction: 'changed here with this account’s sign-in',
  adminAction: 'changed here by an admin action',
};

/** Props of {@link KnownFacts} and {@link KnownAsOf}. */
export interface KnownFactsProps {
  row: DeviceRow;
  /** Current time in ms, for relative times. */
  now: number;
}

/**
 * Whence the facts of a device Cognito no longer lists come: the listing that
 * last showed them ("as of" its exact time, in the text, not a tooltip), or,
 * when none were kept, when the dashboard last saw the device.
 */
export function KnownAsOf({ row }: Pick<KnownFactsProps, 'row'>) {
  const time = row.factsAsOf ?? row.lastModifiedAt;
  const stamp = time === undefined ? 'unknown' : <ExactTime time={time} />;
  return (
    <span class="muted known-as-of">
      Not listed by Cognito now · {row.factsAsOf === undefined ? 'last seen' : 'last IP and dates as of'} {stamp}
      {row.learnedFrom ? ` · ${LEARNED_FROM_WORDS[row.learnedFrom]}` : ''}
    </span>
  );
}

/**
 * What the "Known from history" devices are, in the same words on the popup
 * and the dashboard: the extension's own memory of this account's devices.
 */
export function KnownIntro({ class: className = 'muted' }: { class?: string }) {
  return (
    <p class={className} title="A user’s own token can call ListDevices, which returns remembered devices only.">
      Cognito lists only remembered devices to the account’s own sign-in, so these are not in its list now. This
      extension knows them from its history (your actions, and listings made here, an admin’s included); each says where
      it was last seen. Remember one again if you trust it.
    </p>
  );
}

/**
 * "Last signed in" of a device known from history: the time the last listing
 * showed ("not listed" when none was kept), with where it comes from below.
 */
export function KnownFacts({ row, now }: KnownFactsProps) {
  return (
    <span class="known-facts">
      <TimeStamp
        time={row.lastAuthenticatedAt}
        now={now}
        missing={row.factsAsOf === undefined ? 'not listed' : 'never'}
      />
      <KnownAsOf row={row} />
    </span>
  );
}
