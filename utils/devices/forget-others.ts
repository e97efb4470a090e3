/**
 * The "Forget all other devices" plan: what Cognito lists for the user other
 * than this browser's device, and the devices known from history that the list
 * leaves out. A user's ListDevices shows remembered devices only, so a device
 * marked not remembered is missing from it though Cognito still keeps it (and
 * it still skips a sign-in step) until it is forgotten: the dialog says so and
 * offers to include them. Pure.
 */
import type { DeviceRow } from './view';

/** What "Forget all other devices" would act on, and what it would leave out. */
export interface ForgetOthersPlan {
  /** Cognito's listed devices other than this browser's. */
  readonly listed: DeviceRow[];
  /** Devices known from history (not forgotten), other than this browser's: not in Cognito's list. */
  readonly leftOut: DeviceRow[];
}

export function forgetOthersPlan(state: {
  readonly listed: readonly DeviceRow[];
  readonly knownOnly: readonly DeviceRow[];
}): ForgetOthersPlan {
  return {
    listed: state.listed.filter((r) => !r.isCurrent),
    leftOut: state.knownOnly.filter((r) => !r.isCurrent),
  };
}

/** The devices the plan acts on: the listed ones, and the left-out ones when the user includes them. */
export function forgetOthersRows(plan: ForgetOthersPlan, includeLeftOut: boolean): DeviceRow[] {
  return includeLeftOut ? [...plan.listed, ...plan.leftOut] : [...plan.listed];
}

/** What the dialog says of the devices left out ('' when none is). */
export function leftOutText(count: number): string {
  if (count === 0) return '';
  const devices = count === 1 ? '1 device' : `${count} devices`;
  const them = count === 1 ? 'it' : 'them';
  return (
    `Cognito’s list leaves out ${devices} known from history: a user’s list shows remembered devices only, ` +
    `so a device marked not remembered is missing from it. Unless forgotten elsewhere, Cognito still keeps ${them} until forgotten.`
  );
}
